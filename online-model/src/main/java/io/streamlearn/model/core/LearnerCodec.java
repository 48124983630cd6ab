package io.streamlearn.model.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The explicit, versioned byte format of learners: a self-describing header, then the learner's own
 * {@link OnlineClassifier#writeTo} payload. Layout (big-endian, {@link DataOutput} encodings; see
 * {@code docs/LEARNERS.md}):
 *
 * <pre>
 * magic          4 bytes   'S' 'L' 'R' 'N'
 * container      1 byte    version of this header layout, 1
 * kind           UTF       the learner kind, e.g. "logistic-regression"
 * format         int       the learner's payload layout version
 * length         int       payload length n, in bytes
 * payload        n bytes   OnlineClassifier.writeTo
 * checksum       int       CRC-32C of the payload
 * </pre>
 *
 * Reading resolves the kind through a {@link LearnerCatalog} and fails with a {@link
 * LearnerFormatException} that says what is wrong: not learner bytes, unknown kind, unsupported
 * version, truncated, corrupt (checksum, payload not fully consumed, inconsistent state).
 */
public final class LearnerCodec {

  /** The first four bytes of every encoded learner. */
  public static final int MAGIC = 0x534C524E;

  /** The header layout version written by this build. */
  public static final int CONTAINER_VERSION = 1;

  private static final int CHUNK = 1 << 16;

  private final LearnerCatalog catalog;

  public LearnerCodec(LearnerCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /** A codec over {@link LearnerCatalog#standard()}. */
  public static LearnerCodec standard() {
    return new LearnerCodec(LearnerCatalog.standard());
  }

  /** The learner, header and payload, as bytes. */
  public byte[] encode(OnlineClassifier learner) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      write(learner, new DataOutputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /** Writes the learner, header and payload; wrappers use this to embed the learner they hold. */
  public static void write(OnlineClassifier learner, DataOutput out) throws IOException {
    byte[] payload = payload(learner);
    out.writeInt(MAGIC);
    out.writeByte(CONTAINER_VERSION);
    out.writeUTF(learner.kind());
    out.writeInt(learner.formatVersion());
    out.writeInt(payload.length);
    out.write(payload);
    out.writeInt(checksum(payload));
  }

  /** The learner's own payload, without header: what {@code ModelSnapshot.state} holds. */
  public static byte[] payload(OnlineClassifier learner) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      learner.writeTo(new DataOutputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a learner written by {@link #encode}; every byte must belong to it.
   *
   * @throws LearnerFormatException when the bytes are not a readable learner
   */
  public OnlineClassifier decode(byte[] bytes) throws LearnerFormatException {
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    OnlineClassifier learner;
    try {
      learner = read(new DataInputStream(in));
    } catch (LearnerFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new LearnerFormatException("unreadable learner bytes: " + e, e);
    }
    if (in.available() > 0) {
      throw new LearnerFormatException(
          in.available() + " trailing bytes after the " + learner.kind() + " learner");
    }
    return learner;
  }

  /**
   * Reads one learner written by {@link #write}, leaving {@code in} just after it.
   *
   * @throws LearnerFormatException when the bytes are not a readable learner
   * @throws IOException when {@code in} itself fails
   */
  public OnlineClassifier read(DataInput in) throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      throw new LearnerFormatException("truncated learner bytes: no header", e);
    }
    if (magic != MAGIC) {
      throw new LearnerFormatException(
          String.format(
              "not streamlearn learner bytes: magic 0x%08X, expected 0x%08X", magic, MAGIC));
    }
    try {
      int container = in.readUnsignedByte();
      if (container != CONTAINER_VERSION) {
        throw new LearnerFormatException(
            "learner header version "
                + container
                + " is not supported (this build reads "
                + CONTAINER_VERSION
                + ")");
      }
      String kind = in.readUTF();
      int version = in.readInt();
      LearnerKind<?> k = resolve(kind, version);
      int length = in.readInt();
      if (length < 0) {
        throw new LearnerFormatException(
            "corrupt " + kind + " learner bytes: negative payload length " + length);
      }
      byte[] payload = readPayload(in, length, kind);
      int expected = in.readInt();
      if (expected != checksum(payload)) {
        throw new LearnerFormatException(
            "corrupt " + kind + " learner bytes: payload checksum mismatch");
      }
      return parse(k, version, payload);
    } catch (UTFDataFormatException e) {
      throw new LearnerFormatException("corrupt learner bytes: malformed kind name", e);
    } catch (EOFException e) {
      throw new LearnerFormatException("truncated learner bytes: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a bare payload whose kind and layout version are known from elsewhere, e.g. the {@code
   * learnerKind} and {@code stateFormatVersion} fields of a {@code ModelSnapshot}.
   *
   * @throws LearnerFormatException when the payload is not a readable learner of that kind
   */
  public OnlineClassifier decodePayload(String kind, int formatVersion, byte[] payload)
      throws LearnerFormatException {
    return parse(resolve(kind, formatVersion), formatVersion, payload);
  }

  private LearnerKind<?> resolve(String kind, int version) throws LearnerFormatException {
    LearnerKind<?> k =
        catalog
            .find(kind)
            .orElseThrow(() -> new LearnerFormatException(catalog.unknownKindMessage(kind)));
    if (version < k.minFormatVersion() || version > k.formatVersion()) {
      throw new LearnerFormatException(
          kind
              + " byte layout version "
              + version
              + " is not supported (this build reads versions "
              + k.minFormatVersion()
              + " to "
              + k.formatVersion()
              + ")");
    }
    return k;
  }

  private OnlineClassifier parse(LearnerKind<?> kind, int version, byte[] payload)
      throws LearnerFormatException {
    ByteArrayInputStream bytes = new ByteArrayInputStream(payload);
    OnlineClassifier learner;
    try {
      learner = kind.reader().read(new DataInputStream(bytes), version, catalog);
    } catch (LearnerFormatException e) {
      throw new LearnerFormatException(
          "corrupt " + kind.name() + " learner payload: " + e.getMessage(), e);
    } catch (EOFException e) {
      throw new LearnerFormatException(
          "truncated " + kind.name() + " learner payload (" + payload.length + " bytes)", e);
    } catch (IOException | RuntimeException e) {
      throw new LearnerFormatException("corrupt " + kind.name() + " learner payload: " + e, e);
    }
    if (bytes.available() > 0) {
      throw new LearnerFormatException(
          "corrupt "
              + kind.name()
              + " learner payload: "
              + bytes.available()
              + " bytes left unread by layout version "
              + version);
    }
    if (!kind.name().equals(learner.kind())) {
      throw new IllegalStateException(
          "the reader of " + kind.name() + " returned a " + learner.kind() + " learner");
    }
    return learner;
  }

  private static byte[] readPayload(DataInput in, int length, String kind) throws IOException {
    ByteArrayOutputStream payload = new ByteArrayOutputStream(Math.min(length, CHUNK));
    byte[] chunk = new byte[Math.min(length, CHUNK)];
    int remaining = length;
    while (remaining > 0) {
      int n = Math.min(remaining, chunk.length);
      try {
        in.readFully(chunk, 0, n);
      } catch (EOFException e) {
        throw new LearnerFormatException(
            "truncated "
                + kind
                + " learner bytes: payload of "
                + length
                + " bytes ends after "
                + (length - remaining)
                + " or fewer",
            e);
      }
      payload.write(chunk, 0, n);
      remaining -= n;
    }
    return payload.toByteArray();
  }

  private static int checksum(byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload, 0, payload.length);
    return (int) crc.getValue();
  }
}
