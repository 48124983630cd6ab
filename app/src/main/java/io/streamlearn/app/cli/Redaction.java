package io.streamlearn.app.cli;

import java.net.URI;
import java.net.URISyntaxException;

/** Addresses as they may be shown: without the credentials a URL can carry. */
public final class Redaction {

  private Redaction() {}

  /**
   * Each URL of a comma-separated list without its user information: {@code
   * https://user:secret@registry:8081} shows as {@code https://registry:8081}.
   */
  public static String urls(String urls) {
    if (urls == null) {
      return null;
    }
    StringBuilder shown = new StringBuilder();
    for (String url : urls.split(",", -1)) {
      if (shown.length() > 0) {
        shown.append(',');
      }
      shown.append(url(url.trim()));
    }
    return shown.toString();
  }

  private static String url(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getRawUserInfo() == null) {
        return url;
      }
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
          .toString();
    } catch (URISyntaxException e) {
      int at = url.lastIndexOf('@');
      return at < 0 ? url : url.substring(at + 1);
    }
  }
}
