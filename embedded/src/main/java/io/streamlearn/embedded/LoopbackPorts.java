package io.streamlearn.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free ports on the loopback interface. */
final class LoopbackPorts {

  /** The loopback address every embedded server binds to. */
  static final String HOST = InetAddress.getLoopbackAddress().getHostAddress();

  private LoopbackPorts() {}

  /** A port that was free a moment ago; a server that then fails to bind it retries. */
  static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on the loopback interface", e);
    }
  }
}
