package io.streamlearn.features.flink;

import static io.streamlearn.features.stage.StageRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.EnginePlan;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.FeatureTopics;
import io.streamlearn.features.stage.SourceEvent;
import io.streamlearn.ingest.avro.EventAvroMapping;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import io.streamlearn.ingest.core.validation.ValidationRules;
import io.streamlearn.platform.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * How the single-task plan is laid out in a Flink job: one source of both inputs whose records go
 * to the decoder of their topic, and one chain at parallelism 1 from the source to the sinks.
 */
class SingleTaskJobTest {

  private final Map<String, Object> serdeConfig =
      Map.of("schema.registry.url", "mock://" + UUID.randomUUID());

  private final KafkaConnection kafka =
      new KafkaConnection(
          "localhost:9",
          "single-task-job-test",
          Map.of(),
          Map.of("schema.registry.url", "mock://" + UUID.randomUUID()),
          false);

  private List<SourceEvent> read(
      InputsDeserializationSchema schema, String topic, String key, byte[] value) throws Exception {
    List<SourceEvent> out = new ArrayList<>();
    schema.deserialize(
        new ConsumerRecord<>(topic, 0, 3, key.getBytes(StandardCharsets.UTF_8), value),
        new Collector<>() {
          @Override
          public void collect(SourceEvent event) {
            out.add(event);
          }

          @Override
          public void close() {}
        });
    return out;
  }

  @Test
  void eachRecordOfTheOneSourceIsDecodedAsAnInputOfItsTopic() throws Exception {
    InputsDeserializationSchema schema =
        new InputsDeserializationSchema(
            "tx",
            SourceEventDeserializationSchema.transactions(
                "tx", serdeConfig, ValidationRules.DEFAULTS),
            SourceEventDeserializationSchema.labels("lb", serdeConfig, ValidationRules.DEFAULTS));
    TransactionEvent transaction = new TransactionEvent("a", T0, "c1", "t1", 5.0);
    LabelEvent label = new LabelEvent("a", true, T0 + 1000);
    byte[] transactionBytes =
        new AvroSerializer<Transaction>()
            .configured(serdeConfig, false)
            .serialize("tx", EventAvroMapping.toAvro(transaction));
    byte[] labelBytes =
        new AvroSerializer<Label>()
            .configured(serdeConfig, false)
            .serialize("lb", EventAvroMapping.toAvro(label));

    SourceEvent fromTransactions = read(schema, "tx", "a", transactionBytes).get(0);
    SourceEvent fromLabels = read(schema, "lb", "a", labelBytes).get(0);
    SourceEvent labelOnTransactions = read(schema, "tx", "a", labelBytes).get(0);

    assertThat(fromTransactions.kind()).isEqualTo(SourceEvent.Kind.TRANSACTION);
    assertThat(fromTransactions.transaction()).isEqualTo(transaction);
    assertThat(fromLabels.kind()).isEqualTo(SourceEvent.Kind.LABEL);
    assertThat(fromLabels.label()).isEqualTo(label);
    assertThat(fromLabels.original().topic()).isEqualTo("lb");
    assertThat(labelOnTransactions.isValid()).isFalse();
    assertThat(labelOnTransactions.kind()).isEqualTo(SourceEvent.Kind.TRANSACTION);
    assertThat(schema.getProducedType()).isEqualTo(StageTypes.SOURCE_EVENTS);
  }

  private static JobGraph jobGraph(FeatureStageSettings settings, KafkaConnection kafka) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
    FeatureJob.onKafka(settings, FeatureTopics.DEFAULTS, kafka).addTo(env);
    return env.getStreamGraph().getJobGraph();
  }

  @Test
  void theSingleTaskPlanIsOneChainAtParallelismOne() {
    JobGraph single =
        jobGraph(FeatureStageSettings.defaults().withPlan(EnginePlan.SINGLE_TASK), kafka);
    JobGraph keyed = jobGraph(FeatureStageSettings.defaults(), kafka);

    assertThat(single.getNumberOfVertices()).isEqualTo(1);
    JobVertex chain = single.getVertices().iterator().next();
    assertThat(chain.getParallelism()).isEqualTo(1);
    assertThat(chain.getName())
        .contains("features-inputs")
        .contains("features-single-task")
        .contains("features-sink")
        .contains("features-dead-letter-sink");
    assertThat(keyed.getNumberOfVertices()).isGreaterThan(3);
  }

  @Test
  void oneSourceOfBothInputsNeedsTheSingleTaskPlan() {
    KafkaSource<SourceEvent> inputs =
        KafkaSource.<SourceEvent>builder()
            .setBootstrapServers("localhost:9")
            .setTopics("tx", "lb")
            .setDeserializer(
                new InputsDeserializationSchema(
                    "tx",
                    SourceEventDeserializationSchema.transactions(
                        "tx", serdeConfig, ValidationRules.DEFAULTS),
                    SourceEventDeserializationSchema.labels(
                        "lb", serdeConfig, ValidationRules.DEFAULTS)))
            .build();

    assertThatThrownBy(
            () ->
                new FeatureJob(
                    FeatureStageSettings.defaults(),
                    FeatureTopics.DEFAULTS,
                    inputs,
                    new DiscardingSink<FeatureVector>(),
                    new DiscardingSink<DeadLetterRecord>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("one source of both inputs needs features.plan single-task, not keyed");
    assertThat(
            new FeatureJob(
                FeatureStageSettings.defaults().withPlan(EnginePlan.SINGLE_TASK),
                FeatureTopics.DEFAULTS,
                inputs,
                new DiscardingSink<FeatureVector>(),
                new DiscardingSink<DeadLetterRecord>()))
        .isNotNull();
  }
}
