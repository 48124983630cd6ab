package io.streamlearn.app;

import org.testcontainers.utility.DockerImageName;

/**
 * The images the Testcontainers tests run, the same as docker-compose.yml's ({@code
 * ComposeFileTest} checks that they agree).
 */
final class ContainerImages {

  static final String KAFKA = "apache/kafka:4.2.1";
  static final String SCHEMA_REGISTRY = "confluentinc/cp-schema-registry:7.9.0";
  static final String FLINK = "flink:2.2.1-java17";

  private ContainerImages() {}

  static DockerImageName kafka() {
    return DockerImageName.parse(KAFKA);
  }

  static DockerImageName schemaRegistry() {
    return DockerImageName.parse(SCHEMA_REGISTRY);
  }
}
