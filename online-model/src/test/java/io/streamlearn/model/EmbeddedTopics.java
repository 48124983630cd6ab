package io.streamlearn.model;

import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.model.core.serving.ModelTopics;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import io.streamlearn.platform.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;

/** The model stage's topics, created with unique names on the shared embedded broker. */
public final class EmbeddedTopics {

  private EmbeddedTopics() {}

  /** Creates the topics: features and labels with {@code partitions} partitions each. */
  public static ModelTopics create(TestStack stack, int partitions) {
    String features = stack.uniqueName("features");
    String labels = stack.uniqueName("labels");
    String snapshots = stack.uniqueName("model-snapshots");
    ModelTopics topics =
        new ModelTopics(
            features,
            labels,
            stack.uniqueName("predictions"),
            snapshots,
            stack.uniqueName("model-events"),
            stack.uniqueName("alerts"));
    stack.createTopics(
        new NewTopic(features, partitions, (short) 1),
        new NewTopic(labels, partitions, (short) 1),
        new NewTopic(DeadLetterHeaders.topicFor(features), 1, (short) 1),
        new NewTopic(DeadLetterHeaders.topicFor(labels), 1, (short) 1),
        new NewTopic(DeadLetterHeaders.topicFor(snapshots), 1, (short) 1),
        new NewTopic(topics.predictions(), partitions, (short) 1),
        new NewTopic(snapshots, 1, (short) 1)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
        new NewTopic(topics.modelEvents(), 1, (short) 1),
        new NewTopic(topics.alerts(), 1, (short) 1));
    return topics;
  }

  /** Produces every event's features, then its label (each partitioned by transaction id). */
  public static void produce(TestStack stack, ModelTopics topics, List<TestEvents.Event> events) {
    List<KeyValue<String, io.streamlearn.features.avro.FeatureVector>> features = new ArrayList<>();
    List<KeyValue<String, io.streamlearn.ingest.avro.Label>> labels = new ArrayList<>();
    for (TestEvents.Event e : events) {
      features.add(KeyValue.pair(e.id(), e.features()));
      labels.add(KeyValue.pair(e.id(), e.label()));
    }
    stack.produce(topics.features(), features);
    stack.produce(topics.labels(), labels);
  }

  /** Reads committed records only (what exactly-once readers see). */
  public static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readCommitted(
      TestStack stack, String topic, Class<V> type, int count, Duration timeout) {
    Map<String, Object> props = stack.consumerProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            props,
            new StringDeserializer(),
            AvroDeserializer.forSpecific(type).configured(stack.clientProperties(), false))) {
      return stack.consume(consumer, topic, count, timeout);
    }
  }
}
