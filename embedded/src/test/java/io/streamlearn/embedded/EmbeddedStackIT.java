package io.streamlearn.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stack `streamlearn demo` runs, on a data directory, across a restart. */
class EmbeddedStackIT {

  @TempDir Path data;

  @Test
  void shouldKeepTopicsAndSchemaIdsWhenTheStackRestartsOnItsDataDirectory() throws Exception {
    Schema schema =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"S\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");
    int id;
    StackSettings settings = StackSettings.defaults().withDataDirectory(data);
    try (EmbeddedStack stack = EmbeddedStack.start(settings)) {
      assertThat(stack.clientProperties())
          .containsEntry("bootstrap.servers", stack.bootstrapServers())
          .containsEntry("schema.registry.url", stack.schemaRegistryUrl());
      stack.registryClient().register("warm-up-value", Schema.create(Schema.Type.STRING));
      id = stack.registryClient().register("s-value", schema);
    }

    try (EmbeddedStack again = EmbeddedStack.start(settings)) {
      assertThat(again.registryClient().register("s-value", schema)).isEqualTo(id);
      assertThat(again.registryClient().schemaById(id)).isEqualTo(schema);
      try (Admin admin = Admin.create(again.clientProperties())) {
        assertThat(admin.listTopics().names().get()).contains("_schemas");
      }
      assertThat(again.registryClient().subjects()).isEqualTo(List.of("s-value", "warm-up-value"));
    }
  }
}
