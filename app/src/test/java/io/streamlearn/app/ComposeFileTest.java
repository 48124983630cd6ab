package io.streamlearn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.streamlearn.app.cli.EnvironmentDefaults;
import io.streamlearn.app.pipeline.PipelineDefinition;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * docker-compose.yml is valid for docker-compose and agrees with the app: the topics it creates,
 * the ports it publishes, the environment the streamlearn services read, the commands they run, the
 * images the container tests use, and what Prometheus and Grafana are pointed at.
 */
class ComposeFileTest {

  private static final Path ROOT =
      Path.of(System.getProperty("streamlearn.root", "..")).normalize();
  private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
  private static final YAMLMapper YAML = new YAMLMapper();

  private static JsonNode compose() throws IOException {
    return YAML.readTree(COMPOSE.toFile());
  }

  private static JsonNode service(String name) throws IOException {
    JsonNode service = compose().path("services").path(name);
    assertThat(service.isMissingNode()).as("service " + name).isFalse();
    return service;
  }

  private static Map<String, JsonNode> services() throws IOException {
    Map<String, JsonNode> services = new LinkedHashMap<>();
    compose().path("services").properties().forEach(e -> services.put(e.getKey(), e.getValue()));
    return services;
  }

  /** The services built from our Dockerfile. */
  private static Map<String, JsonNode> streamlearnServices() throws IOException {
    Map<String, JsonNode> built = new LinkedHashMap<>();
    services()
        .forEach(
            (name, service) -> {
              if (service.has("build")) {
                built.put(name, service);
              }
            });
    return built;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  /** The streamlearn arguments of a service: its command, after the job jar for Flink's CLI. */
  private static List<String> streamlearnArguments(JsonNode service) {
    List<String> command = strings(service.path("command"));
    int jar = -1;
    for (int i = 0; i < command.size(); i++) {
      if (command.get(i).endsWith("streamlearn-flink-job.jar")) {
        jar = i;
      }
    }
    return command.subList(jar + 1, command.size());
  }

  private static Map<String, String> flinkProperties(JsonNode service) {
    Map<String, String> properties = new LinkedHashMap<>();
    service
        .path("environment")
        .path("FLINK_PROPERTIES")
        .asText()
        .lines()
        .filter(line -> line.contains(":"))
        .forEach(
            line -> {
              int colon = line.indexOf(':');
              properties.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            });
    return properties;
  }

  @Test
  void shouldBeValidForDockerCompose() throws Exception {
    Optional<Path> binary = onPath("docker-compose");
    assumeTrue(
        binary.isPresent(),
        "docker-compose is not installed (Debian package docker-compose; .ci/run installs it)");

    List<String> command =
        List.of(binary.get().toString(), "-f", COMPOSE.toString(), "config", "-q");
    Process process =
        new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
  }

  @Test
  void shouldCreateEveryTopicTheAppDefines() throws IOException {
    String script = String.join("\n", strings(service("topic-init").path("command")));
    Matcher create = Pattern.compile("(?m)^\\s*create --topic (\\S+)(.*)$").matcher(script);
    Set<String> created = new TreeSet<>();
    Set<String> compacted = new TreeSet<>();
    while (create.find()) {
      created.add(create.group(1));
      if (create.group(2).contains("cleanup.policy=compact")) {
        compacted.add(create.group(1));
      }
    }

    assertThat(created).containsExactlyInAnyOrderElementsOf(Topics.all());
    assertThat(compacted).containsExactlyInAnyOrderElementsOf(Topics.COMPACTED);
  }

  @Test
  void shouldPublishTheDefaultPortsOfTheCommands() throws IOException {
    JsonNode kafka = service("kafka");
    assertThat(strings(kafka.path("ports")))
        .contains(Endpoints.KAFKA_PORT + ":" + Endpoints.KAFKA_PORT);
    assertThat(kafka.path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText())
        .contains("://" + Endpoints.BOOTSTRAP_SERVERS);
    JsonNode registry = service("schema-registry");
    assertThat(strings(registry.path("ports")))
        .contains(Endpoints.SCHEMA_REGISTRY_PORT + ":" + Endpoints.SCHEMA_REGISTRY_PORT);
    assertThat(registry.path("environment").path("SCHEMA_REGISTRY_LISTENERS").asText())
        .endsWith(":" + Endpoints.SCHEMA_REGISTRY_PORT);
  }

  @Test
  void shouldPointTheStreamlearnServicesAtTheInNetworkAddresses() throws IOException {
    JsonNode kafka = service("kafka").path("environment");
    String internalListener = kafka.path("KAFKA_INTER_BROKER_LISTENER_NAME").asText();
    Matcher advertised =
        Pattern.compile(internalListener + "://([^,]+)")
            .matcher(kafka.path("KAFKA_ADVERTISED_LISTENERS").asText());
    assertThat(advertised.find()).isTrue();
    String bootstrap = advertised.group(1);
    assertThat(
            service("schema-registry")
                .path("environment")
                .path("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS")
                .asText())
        .endsWith("://" + bootstrap);
    String registryUrl =
        "http://schema-registry:"
            + service("schema-registry")
                .path("environment")
                .path("SCHEMA_REGISTRY_LISTENERS")
                .asText()
                .replaceAll(".*:", "");

    assertThat(streamlearnServices()).isNotEmpty();
    streamlearnServices()
        .forEach(
            (name, service) -> {
              Map<String, String> environment = new LinkedHashMap<>();
              service
                  .path("environment")
                  .properties()
                  .forEach(e -> environment.put(e.getKey(), e.getValue().asText()));
              assertThat(environment.keySet())
                  .as("variables of " + name)
                  .isSubsetOf(EnvironmentDefaults.VARIABLES.values());
              assertThat(environment)
                  .as("environment of " + name)
                  .containsEntry(EnvironmentDefaults.BOOTSTRAP_SERVERS, bootstrap)
                  .containsEntry(EnvironmentDefaults.SCHEMA_REGISTRY_URL, registryUrl);
            });
  }

  @Test
  void shouldRunCommandsTheAppKnowsAndEveryStageOfThePipelineOnce() throws IOException {
    List<String> stages = new ArrayList<>();
    streamlearnServices()
        .forEach(
            (name, service) -> {
              List<String> args = streamlearnArguments(service);
              assertThat(args).as("command of " + name).isNotEmpty();
              assertThat(service.has("profiles")).as("profiles of " + name).isFalse();
              ParseResult parsed =
                  StreamlearnCommand.commandLine(Map.of())
                      .parseArgs(args.toArray(String[]::new))
                      .subcommand();
              if (parsed.commandSpec().name().equals("run")) {
                assertThat(parsed.matchedOptionValue("--stages", List.<String>of()))
                    .as("stages of " + name)
                    .isNotEmpty()
                    .allSatisfy(stage -> assertThat(stages).doesNotContain(stage))
                    .allSatisfy(stages::add);
                assertThat(parsed.matchedOptionValue("--pipeline", ""))
                    .as("pipeline of " + name)
                    .isEqualTo(PipelineDefinition.FRAUD);
                boolean onFlink = strings(service.path("command")).contains("flink");
                assertThat(parsed.matchedOptionValue("--engine", ""))
                    .as("engine of " + name)
                    .isEqualTo(onFlink ? "flink" : "kstreams");
                if (!onFlink) {
                  // Prometheus scrapes it from another container
                  assertThat(parsed.matchedOptionValue("--metrics-host", "")).isEqualTo("0.0.0.0");
                }
              }
            });
    assertThat(stages).containsExactlyInAnyOrder("features", "model", "monitoring");
    CommandLine streamlearn = StreamlearnCommand.commandLine(Map.of());
    CommandLine simulate = streamlearn.getSubcommands().get("simulate");
    assertThat(simulate.getCommandSpec().findOption("--transactions-topic").defaultValue())
        .isEqualTo(Topics.TRANSACTIONS);
    assertThat(simulate.getCommandSpec().findOption("--labels-topic").defaultValue())
        .isEqualTo(Topics.LABELS);
  }

  @Test
  void shouldScrapeEveryJob() throws IOException {
    JsonNode prometheus = YAML.readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile());
    Set<String> targets = new HashSet<>();
    prometheus
        .path("scrape_configs")
        .forEach(
            job ->
                job.path("static_configs")
                    .forEach(config -> targets.addAll(strings(config.path("targets")))));

    Set<String> expected = new HashSet<>();
    for (String flink : List.of("jobmanager", "taskmanager")) {
      expected.add(flink + ":" + flinkProperties(service(flink)).get("metrics.reporter.prom.port"));
    }
    streamlearnServices()
        .forEach(
            (name, service) -> {
              if (streamlearnArguments(service).get(0).equals("run")
                  && !strings(service.path("command")).contains("flink")) {
                expected.add(name + ":" + Endpoints.METRICS_PORT);
                assertThat(strings(service.path("expose")))
                    .contains(Integer.toString(Endpoints.METRICS_PORT));
              }
            });
    assertThat(expected).hasSizeGreaterThan(2);
    assertThat(targets).containsAll(expected);
    Set<String> services = services().keySet();
    for (String target : targets) {
      String host = target.substring(0, target.indexOf(':'));
      assertThat(host.equals("localhost") || services.contains(host))
          .as("target " + target + " is a compose service")
          .isTrue();
    }
  }

  @Test
  void shouldTrustOurAvroPackagesOnFlinkAsTheLauncherDoes() throws IOException {
    Path jvmOptions =
        Path.of(System.getProperty("streamlearn.jvm.options", "target/streamlearn.jvm-options"));
    String trusted =
        Files.readAllLines(jvmOptions).stream()
            .filter(line -> line.startsWith("-Dorg.apache.avro.SERIALIZABLE_PACKAGES="))
            .findFirst()
            .orElseThrow();

    for (String flink : List.of("jobmanager", "taskmanager")) {
      assertThat(flinkProperties(service(flink)).get("env.java.opts.all"))
          .as(flink)
          .contains(trusted);
    }
    assertThat(Files.readString(ROOT.resolve("Dockerfile")))
        .contains("\"java\", \"@/opt/streamlearn/streamlearn.jvm-options\"");
  }

  @Test
  void shouldPinEveryImageAndRunTheImagesTheContainerTestsUse() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    services()
        .forEach(
            (name, service) -> {
              String image = service.path("image").asText();
              if (service.has("build")) {
                // built here: its base images are pinned in the Dockerfile (checked below)
                assertThat(dockerfile)
                    .as("Dockerfile stage of " + name)
                    .containsPattern(
                        "(?m)^FROM \\S+ AS " + service.path("build").path("target").asText() + "$");
              } else {
                assertThat(image).as("image of " + name).matches("[^:]+:[^:]*\\d[^:]*");
              }
            });
    assertThat(service("kafka").path("image").asText()).isEqualTo(ContainerImages.KAFKA);
    assertThat(service("topic-init").path("image").asText()).isEqualTo(ContainerImages.KAFKA);
    assertThat(service("schema-registry").path("image").asText())
        .isEqualTo(ContainerImages.SCHEMA_REGISTRY);
    assertThat(service("jobmanager").path("image").asText()).isEqualTo(ContainerImages.FLINK);
    assertThat(service("taskmanager").path("image").asText()).isEqualTo(ContainerImages.FLINK);
    assertThat(dockerfile).contains("FROM " + ContainerImages.FLINK + " AS flink-job");
    Matcher from = Pattern.compile("(?m)^FROM (\\S+)").matcher(dockerfile);
    while (from.find()) {
      assertThat(from.group(1)).as("base image").matches("[^:]+:[^:]*\\d[^:]*");
    }
  }

  @Test
  void shouldStartServicesAfterWhatTheyNeedIsReady() throws IOException {
    Map<String, JsonNode> services = services();
    services.forEach(
        (name, service) ->
            service
                .path("depends_on")
                .properties()
                .forEach(
                    dependency -> {
                      JsonNode target = services.get(dependency.getKey());
                      assertThat(target)
                          .as(name + " depends on " + dependency.getKey())
                          .isNotNull();
                      String condition = dependency.getValue().path("condition").asText();
                      if (condition.equals("service_healthy")) {
                        assertThat(target.has("healthcheck"))
                            .as(dependency.getKey() + " has a healthcheck")
                            .isTrue();
                      } else if (condition.equals("service_completed_successfully")) {
                        assertThat(target.path("restart").asText())
                            .as(dependency.getKey() + " is a one-shot")
                            .isEqualTo("no");
                      } else {
                        assertThat(condition).isEqualTo("service_started");
                      }
                    }));
    assertThat(
            service("flink-job").path("depends_on").path("jobmanager").path("condition").asText())
        .isEqualTo("service_healthy");
  }

  @Test
  void shouldProvisionGrafanaFromTheDeployDirectory() throws IOException {
    JsonNode grafana = service("grafana");
    JsonNode providers =
        YAML.readTree(
            ROOT.resolve("deploy/grafana/provisioning/dashboards/streamlearn.yml").toFile());
    String path = providers.path("providers").get(0).path("options").path("path").asText();
    assertThat(strings(grafana.path("volumes")))
        .contains("./deploy/grafana/dashboards:" + path + ":ro")
        .contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
    JsonNode datasources =
        YAML.readTree(
            ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml").toFile());
    assertThat(datasources.path("datasources").get(0).path("url").asText())
        .isEqualTo("http://prometheus:9090");
    assertThat(strings(service("prometheus").path("ports"))).contains("9090:9090");
    assertThat(Files.isDirectory(ROOT.resolve("deploy/grafana/dashboards"))).isTrue();
  }

  private static Optional<Path> onPath(String binary) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator)) {
      Path candidate = Path.of(directory, binary);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
