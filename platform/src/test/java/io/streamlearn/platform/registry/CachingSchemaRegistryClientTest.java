package io.streamlearn.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CachingSchemaRegistryClientTest {

  private static final String SCHEMA =
      "{\"type\":\"record\",\"name\":\"Tx\",\"namespace\":\"t\","
          + "\"fields\":[{\"name\":\"amount\",\"type\":\"double\"}]}";

  private final AtomicInteger registrations = new AtomicInteger();
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final SchemaRegistryClient counting =
      (SchemaRegistryClient)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {SchemaRegistryClient.class},
              (proxy, method, args) -> {
                if (method.getName().equals("register")) {
                  registrations.incrementAndGet();
                }
                try {
                  return method.invoke(registry, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
  private final CachingSchemaRegistryClient client =
      new CachingSchemaRegistryClient(counting, Duration.ZERO);

  @Test
  void shouldAskTheRegistryOncePerSubjectAndSchemaWhateverTheInstance() {
    Schema schema = new Schema.Parser().parse(SCHEMA);
    int id = client.register("tx-value", schema);

    assertThat(client.register("tx-value", schema)).isEqualTo(id);
    assertThat(client.register("tx-value", new Schema.Parser().parse(SCHEMA))).isEqualTo(id);
    // more instances than the instance cache keeps: it starts afresh, the answers stay right
    for (int i = 0; i < 2 * CachingSchemaRegistryClient.MAX_INSTANCES + 10; i++) {
      assertThat(client.register("tx-value", new Schema.Parser().parse(SCHEMA))).isEqualTo(id);
    }
    assertThat(registrations).hasValue(1);

    client.register("other-value", schema);
    assertThat(registrations).hasValue(2);
  }

  @Test
  void shouldTellEqualInstancesOfDifferentSchemasApart() {
    Schema amount = new Schema.Parser().parse(SCHEMA);
    Schema count = new Schema.Parser().parse(SCHEMA.replace("double", "long"));

    int first = client.register("a-value", amount);
    int second = client.register("b-value", count);

    assertThat(client.register("a-value", amount)).isEqualTo(first);
    assertThat(client.register("b-value", count)).isEqualTo(second);
    assertThat(second).isNotEqualTo(first);
    assertThat(registrations).hasValue(2);
  }
}
