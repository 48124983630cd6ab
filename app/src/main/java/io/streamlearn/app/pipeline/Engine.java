package io.streamlearn.app.pipeline;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The engine that runs a pipeline's stages: {@code engine:} in the pipeline file. */
public enum Engine {
  /** One Kafka Streams application per stage. */
  KSTREAMS("kstreams"),
  /** The stages as one Flink job, on a local environment in this JVM or on a Flink cluster. */
  FLINK("flink");

  private final String label;

  Engine(String label) {
    this.label = label;
  }

  /** The name in the pipeline file and on the command line. */
  public String label() {
    return label;
  }

  /** The engine named {@code label}. */
  public static Optional<Engine> fromLabel(String label) {
    return Arrays.stream(values()).filter(e -> e.label.equals(label)).findFirst();
  }

  /** Every label, for messages. */
  public static List<String> labels() {
    return Arrays.stream(values()).map(Engine::label).toList();
  }

  @Override
  public String toString() {
    return label;
  }
}
