package io.streamlearn.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code streamlearn --version}: our version and the versions of Kafka, Flink and Avro we run. */
public final class VersionProvider implements IVersionProvider {

  private static final String RESOURCE = "/io/streamlearn/app/version.properties";

  @Override
  public String[] getVersion() {
    Properties versions = versions();
    return new String[] {
      "streamlearn " + versions.getProperty("version"),
      "Kafka "
          + versions.getProperty("kafka")
          + ", Flink "
          + versions.getProperty("flink")
          + ", Avro "
          + versions.getProperty("avro"),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
    };
  }

  /** The build's versions, from the resource Maven writes. */
  public static Properties versions() {
    Properties properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return properties;
  }
}
