package io.streamlearn.bench.monitoring;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.embedded.EmbeddedStack;
import io.streamlearn.embedded.StackSettings;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.features.core.FeaturePlan;
import io.streamlearn.features.core.LocalFeaturePipeline;
import io.streamlearn.features.core.Rejection;
import io.streamlearn.features.core.TransactionFeatures;
import io.streamlearn.features.spec.FeatureSpecYaml;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.ingest.core.simulator.SimulatedLabel;
import io.streamlearn.ingest.core.simulator.SimulatedTransaction;
import io.streamlearn.ingest.core.simulator.SimulationEvent;
import io.streamlearn.ingest.core.simulator.SimulationRun;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import io.streamlearn.ingest.core.simulator.TransactionSimulator;
import io.streamlearn.model.avro.Prediction;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import io.streamlearn.monitoring.core.stage.MonitoringTopics;
import io.streamlearn.monitoring.kstreams.MonitoringTopology;
import io.streamlearn.platform.deadletter.DeadLetterDeserializationExceptionHandler;
import io.streamlearn.platform.serde.AvroSerde;
import io.streamlearn.platform.serde.AvroSerializer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The monitoring stage's cost on the embedded broker, next to a plain pass-through topology in the
 * same run and on the same input: simulated days of the handbook's world, their feature vectors
 * (computed by the feature core), a prediction per transaction and the labels, produced to three
 * topics. Each application reads the three topics from the start with the same Avro deserializers
 * until it has committed every record; the pass-through writes an 8-byte record per input record
 * (what a stage costs at least), the monitoring stage runs the fraud pipeline's monitors (without
 * warm-up, so every event is tested). Reported: wall-clock throughput, and the CPU time of the
 * stream thread per input record (which load from other processes inflates less).
 *
 * <p>Run: {@code java -Xmx3g -cp bench/target/benchmarks.jar
 * io.streamlearn.bench.monitoring.MonitoringOverhead [days] [rounds]}.
 */
public final class MonitoringOverhead {

  private MonitoringOverhead() {}

  public static void main(String[] args) throws Exception {
    int days = args.length > 0 ? Integer.parseInt(args[0]) : 14;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Path state = Files.createTempDirectory("monitoring-overhead");
    try (EmbeddedStack stack = EmbeddedStack.start(StackSettings.defaults())) {
      MonitoringTopics topics = new MonitoringTopics("features", "predictions", "labels", "alerts");
      try (Admin admin = Admin.create(stack.clientProperties())) {
        List<NewTopic> created = new ArrayList<>();
        // the records carry simulated event times years in the past: with the broker's default
        // retention, a segment rolled after 7 simulated days would be deleted while the
        // applications read it (they then stall below the end offsets)
        Map<String, String> keep = Map.of("retention.ms", "-1");
        for (String t : List.of("features", "predictions", "labels", "alerts", "passthrough-out")) {
          created.add(new NewTopic(t, 1, (short) 1).configs(keep));
          created.add(new NewTopic(t + ".dlq", 1, (short) 1).configs(keep));
        }
        admin.createTopics(created).all().get();
      }
      long records = produce(stack, topics, days);
      System.out.printf(
          Locale.ROOT, "input: %d days, %d records on the three topics%n%n", days, records);
      MonitoringStageSettings settings = MonitoringStageSettings.fromMap(Map.of("warmup", "0s"));
      List<String> rows = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        rows.add(
            measure(
                "pass-through", passThrough(stack, topics), stack, topics, state, records, round));
        rows.add(
            measure(
                "monitoring",
                MonitoringTopology.build(
                    settings, topics, stack.clientProperties(), new SimpleMeterRegistry()),
                stack,
                topics,
                state,
                records,
                round));
      }
      System.out.println(
          "| round | application | records | wall time (s) | records/s | stream-thread CPU (µs/record) |");
      System.out.println("|---|---|---|---|---|---|");
      rows.forEach(System.out::println);
    }
  }

  private static Topology passThrough(EmbeddedStack stack, MonitoringTopics topics) {
    StreamsBuilder builder = new StreamsBuilder();
    Map<String, Object> serde = stack.clientProperties();
    builder.stream(
            topics.features(),
            Consumed.with(
                Serdes.String(), AvroSerde.specific(FeatureVector.class).configured(serde, false)))
        .mapValues(v -> v.getEventTime().toEpochMilli())
        .to("passthrough-out", Produced.with(Serdes.String(), Serdes.Long()));
    builder.stream(
            topics.predictions(),
            Consumed.with(
                Serdes.String(),
                AvroSerde.specific(io.streamlearn.monitoring.avro.MonitoredPrediction.class)
                    .configured(serde, false)))
        .mapValues(v -> v.getEventTime().toEpochMilli())
        .to("passthrough-out", Produced.with(Serdes.String(), Serdes.Long()));
    builder.stream(
            topics.labels(),
            Consumed.with(
                Serdes.String(), AvroSerde.specific(Label.class).configured(serde, false)))
        .mapValues(v -> v.getLabelTime().toEpochMilli())
        .to("passthrough-out", Produced.with(Serdes.String(), Serdes.Long()));
    return builder.build();
  }

  private static String measure(
      String name,
      Topology topology,
      EmbeddedStack stack,
      MonitoringTopics topics,
      Path state,
      long records,
      int round)
      throws Exception {
    String applicationId = "overhead-" + name + "-" + round;
    Properties props = new Properties();
    props.putAll(stack.clientProperties());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.STATE_DIR_CONFIG, state.resolve(applicationId).toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1_000);
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationExceptionHandler.class);
    props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    KafkaStreams streams = new KafkaStreams(topology, props);
    long started = System.nanoTime();
    streams.start();
    try (Admin admin = Admin.create(stack.clientProperties())) {
      Set<TopicPartition> inputs =
          List.of(topics.features(), topics.predictions(), topics.labels()).stream()
              .map(t -> new TopicPartition(t, 0))
              .collect(Collectors.toSet());
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin
          .listOffsets(
              inputs.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
          .all()
          .get()
          .forEach((tp, info) -> ends.put(tp, info.offset()));
      long lastReport = System.nanoTime();
      while (true) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        boolean done =
            inputs.stream()
                .allMatch(
                    tp -> committed.containsKey(tp) && committed.get(tp).offset() >= ends.get(tp));
        if (done) {
          break;
        }
        if (System.nanoTime() - lastReport > 30_000_000_000L) {
          lastReport = System.nanoTime();
          System.err.printf(
              "%s after %.0f s: state %s, committed %s, ends %s%n",
              applicationId, (lastReport - started) / 1e9, streams.state(), committed, ends);
        }
        Thread.sleep(100);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long cpu = 0;
    for (long id : threads.getAllThreadIds()) {
      var info = threads.getThreadInfo(id);
      if (info != null
          && info.getThreadName().startsWith(applicationId)
          && info.getThreadName().contains("StreamThread")) {
        cpu += threads.getThreadCpuTime(id);
      }
    }
    streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(java.time.Duration.ofSeconds(30)));
    return String.format(
        Locale.ROOT,
        "| %d | %s | %d | %.1f | %.0f | %.1f |",
        round,
        name,
        records,
        seconds,
        records / seconds,
        cpu / 1000.0 / records);
  }

  /** Simulates the days, computes the features, and produces the three topics; returns records. */
  private static long produce(EmbeddedStack stack, MonitoringTopics topics, int days)
      throws Exception {
    FeaturePlan plan = FeaturePlan.compile(FeatureSpecYaml.fraudBaseline());
    LocalFeaturePipeline pipeline =
        new LocalFeaturePipeline(plan, LocalFeaturePipeline.Storage.OBJECTS);
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    long[] count = {0};
    long ingest = System.currentTimeMillis();
    try (KafkaProducer<String, Object> producer =
        new KafkaProducer<>(
            props, new StringSerializer(), new AvroSerializer<>().configured(props, false))) {
      LocalFeaturePipeline.Sink sink =
          new LocalFeaturePipeline.Sink() {
            @Override
            public void vector(TransactionFeatures f) {
              Instant time = Instant.ofEpochMilli(f.eventTimeMillis());
              FeatureVector vector =
                  FeatureVector.newBuilder()
                      .setTransactionId(f.transactionId())
                      .setEventTime(time)
                      .setEntityIds(f.entityIds())
                      .setFeatures(f.features().asMap())
                      .setSpecVersion(f.specVersion())
                      .setIngestTime(Instant.ofEpochMilli(ingest))
                      .build();
              double amount = f.features().get("TX_AMOUNT");
              double score = 1 / (1 + Math.exp(-(amount - 180) / 25));
              Prediction prediction =
                  Prediction.newBuilder()
                      .setTransactionId(f.transactionId())
                      .setEventTime(time)
                      .setEntityIds(f.entityIds())
                      .setScore(score)
                      .setDecision(score >= 0.5)
                      .setThreshold(0.5)
                      .setModelName("fraud")
                      .setModelVersion(1)
                      .setIngestTime(Instant.ofEpochMilli(ingest))
                      .setPredictedAt(Instant.ofEpochMilli(ingest + 5))
                      .build();
              producer.send(
                  new ProducerRecord<>(
                      topics.features(), null, f.eventTimeMillis(), f.transactionId(), vector));
              producer.send(
                  new ProducerRecord<>(
                      topics.predictions(),
                      null,
                      f.eventTimeMillis(),
                      f.transactionId(),
                      prediction));
              count[0] += 2;
            }

            @Override
            public void rejection(Rejection rejection) {
              throw new IllegalStateException("the simulated stream is in order: " + rejection);
            }
          };
      SimulationRun run = new TransactionSimulator(SimulatorOptions.DEFAULTS.withDays(days)).run();
      while (run.hasNext()) {
        SimulationEvent event = run.next();
        if (event instanceof SimulatedTransaction t) {
          pipeline.accept(new FeatureInput.Transaction(t.transaction()), sink);
        } else {
          SimulatedLabel l = (SimulatedLabel) event;
          pipeline.accept(new FeatureInput.Label(l.label()), sink);
          if (l.label().transactionTimeMillis().isPresent()) {
            Label label =
                Label.newBuilder()
                    .setTransactionId(l.label().transactionId())
                    .setIsFraud(l.label().fraud())
                    .setLabelTime(Instant.ofEpochMilli(l.label().labelTimeMillis()))
                    .setTransactionTime(
                        Instant.ofEpochMilli(
                            l.label().transactionTimeMillis().orElse(l.label().labelTimeMillis())))
                    .build();
            producer.send(
                new ProducerRecord<>(
                    topics.labels(),
                    null,
                    l.label().labelTimeMillis(),
                    l.label().transactionId(),
                    label));
            count[0]++;
          }
        }
      }
      producer.flush();
    }
    return count[0];
  }
}
