package io.streamlearn.monitoring.core.stage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * What one event contributes to one monitor: its event time and the values the monitor watches, in
 * the order of the monitor's settings. The engines route observations to their monitor by name
 * (Kafka Streams through a repartition topic, Flink through {@code keyBy}) and log them in the
 * monitor's state between snapshots, in the byte form of {@link #toBytes}.
 *
 * @param monitor the monitor it is for
 * @param eventTimeMillis the event's time
 * @param numeric numeric values (NaN where missing): the data-drift monitor's numeric features, the
 *     score for prediction drift, 1 or 0 (positive or not) for the label rate
 * @param categorical categorical values (null where missing)
 */
public record Observation(
    String monitor, long eventTimeMillis, double[] numeric, String[] categorical) {

  private static final byte VERSION = 1;
  private static final String[] NO_CATEGORIES = new String[0];

  public Observation {
    Objects.requireNonNull(monitor, "monitor");
    Objects.requireNonNull(numeric, "numeric");
    categorical = categorical == null ? NO_CATEGORIES : categorical;
  }

  /**
   * Layout, version 1: {@code byte} 1, {@code long} event time, {@code int} numeric count and the
   * values ({@code double}), {@code int} categorical count and per value a {@code boolean} present
   * then the {@code UTF} value when present. The monitor's name is the record's key, not part of
   * the bytes.
   */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 8 * numeric.length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(eventTimeMillis);
      out.writeInt(numeric.length);
      for (double v : numeric) {
        out.writeDouble(v);
      }
      out.writeInt(categorical.length);
      for (String c : categorical) {
        out.writeBoolean(c != null);
        if (c != null) {
          out.writeUTF(c);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads the bytes of {@link #toBytes} for {@code monitor}.
   *
   * @throws IllegalArgumentException when the bytes are not an observation of a known version
   */
  public static Observation fromBytes(String monitor, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalArgumentException(
            "observation for '" + monitor + "' has layout version " + version + ", expected 1");
      }
      long time = in.readLong();
      int n = in.readInt();
      if (n < 0 || n > bytes.length / 8) {
        throw new IllegalArgumentException("observation for '" + monitor + "' is corrupt");
      }
      double[] numeric = new double[n];
      for (int i = 0; i < n; i++) {
        numeric[i] = in.readDouble();
      }
      int m = in.readInt();
      if (m < 0 || m > bytes.length) {
        throw new IllegalArgumentException("observation for '" + monitor + "' is corrupt");
      }
      String[] categorical = new String[m];
      for (int i = 0; i < m; i++) {
        categorical[i] = in.readBoolean() ? in.readUTF() : null;
      }
      if (in.available() > 0) {
        throw new IllegalArgumentException("observation for '" + monitor + "' has trailing bytes");
      }
      return new Observation(monitor, time, numeric, categorical);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "observation for '" + monitor + "' is truncated (" + bytes.length + " bytes)", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Observation o
        && monitor.equals(o.monitor)
        && eventTimeMillis == o.eventTimeMillis
        && Arrays.equals(numeric, o.numeric)
        && Arrays.equals(categorical, o.categorical);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        monitor, eventTimeMillis, Arrays.hashCode(numeric), Arrays.hashCode(categorical));
  }

  @Override
  public String toString() {
    return "Observation["
        + monitor
        + " @"
        + eventTimeMillis
        + " "
        + Arrays.toString(numeric)
        + " "
        + Arrays.toString(categorical)
        + "]";
  }
}
