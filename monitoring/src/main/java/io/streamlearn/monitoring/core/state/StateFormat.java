package io.streamlearn.monitoring.core.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The header every saved detector, test and monitor state starts with: a kind tag (UTF string, e.g.
 * {@code adwin}) and a layout version (int). Reading checks both, so a state is never silently
 * restored into an object of another kind or from a layout this build does not know.
 */
public final class StateFormat {

  private StateFormat() {}

  /** Writes the header of a state of the given kind and layout version. */
  public static void writeHeader(DataOutput out, String kind, int version) throws IOException {
    out.writeUTF(kind);
    out.writeInt(version);
  }

  /**
   * Reads a header and checks it names {@code kind} with a version in {@code [1, maxVersion]}.
   *
   * @return the version read
   * @throws IOException if the kind differs or the version is unknown
   */
  public static int readHeader(DataInput in, String kind, int maxVersion) throws IOException {
    String found = in.readUTF();
    if (!found.equals(kind)) {
      throw new IOException(
          "cannot restore a '" + found + "' state into a '" + kind + "': the kinds differ");
    }
    int version = in.readInt();
    if (version < 1 || version > maxVersion) {
      throw new IOException(
          "unsupported '"
              + kind
              + "' state version "
              + version
              + " (this build reads versions 1 to "
              + maxVersion
              + ")");
    }
    return version;
  }

  /** Throws a descriptive {@link IOException} unless {@code condition} holds. */
  public static void check(boolean condition, String kind, String what) throws IOException {
    if (!condition) {
      throw new IOException("corrupt '" + kind + "' state: " + what);
    }
  }
}
