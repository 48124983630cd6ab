package io.streamlearn.bench.model;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.avro.FeatureVectorWireDecoder;
import io.streamlearn.model.avro.ModelAvroMapping;
import io.streamlearn.model.avro.Prediction;
import io.streamlearn.model.core.serving.LabelJoinState;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.ModelTopics;
import io.streamlearn.model.core.serving.ScoredEvent;
import io.streamlearn.model.core.serving.ServingModel;
import io.streamlearn.model.flink.LabelJoinStateSerializer;
import io.streamlearn.platform.registry.CachingSchemaRegistryClient;
import io.streamlearn.platform.registry.MockSchemaRegistry;
import io.streamlearn.platform.registry.SchemaRegistryClient;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerializer;
import io.streamlearn.platform.serde.DirectDeserializer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The model stage's own CPU per scored event on Kafka Streams, without Kafka: what {@code
 * ScoringProcessor} and {@code LabelJoinProcessor} do with one feature vector, step by step, in one
 * thread, measured with the thread's CPU time (on a shared machine far steadier than the wall clock
 * or the end-to-end {@link ModelStageThroughput}, whose figure also holds the broker, the clients
 * and the JVM's own threads). Inputs: {@code events} feature vectors of the fraud benchmark's
 * reference world as the stage receives them (Confluent wire format, registry {@code mock://}),
 * scored by the fraud pipeline's learner trained on 20,000 examples.
 *
 * <p>Steps: {@code decode} (the stage's {@code features} value deserializer: {@code
 * FeatureVectorWireDecoder} behind a {@code DirectDeserializer}), {@code decode-avro} (the Avro
 * deserializer alone, what {@code decode} was before the direct decoder; both count the decoded
 * vector's features, a record's {@code hashCode}, which they used before, walks its schema, which
 * is no part of decoding), {@code score} (imputation and the learner, {@code ServingModel.score},
 * and the {@code ScoredEvent}), {@code join-state} (a new {@code LabelJoinState} stored as the
 * Flink label join stores it, its local bytes, for a scored event), {@code prediction} (the {@code
 * Prediction} built and serialized for {@code predictions}), and {@code all} (decode, score,
 * join-state and prediction in a row, per event). Each figure is the best of {@code rounds} rounds
 * over the events, after as many warm-up rounds. Then the mean size of the label-join state of a
 * scored event, portable and local, and what writing the Flink label join's held states to a
 * checkpoint costs per state, now (local) and as before 2026-11-22 (portable).
 *
 * <pre>
 * java -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.streamlearn -cp bench/target/benchmarks.jar \
 *     io.streamlearn.bench.model.ScoringPathCpuTime \
 *     [rounds=30] [events=20000]
 * </pre>
 */
public final class ScoringPathCpuTime {

  private static final String[] STEPS = {
    "decode", "decode-avro", "score", "join-state", "prediction", "all"
  };

  private ScoringPathCpuTime() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    FraudDataset data = FraudDataset.load(0, Path.of("target", "fraud-benchmark"));
    ModelStageSettings settings = ModelStageSettings.fraud();
    ModelTopics topics = ModelTopics.DEFAULTS;
    // the in-memory registry behind the caching client that an http(s):// URL gets, as in
    // production (the in-memory registry alone answers a schema lookup by hashing the schema)
    SchemaRegistryClient registry =
        new CachingSchemaRegistryClient(
            MockSchemaRegistry.forScope("scoring-path-cpu-time"), Duration.ofMinutes(5));
    ServingModel model = ServingModel.of(settings, FraudDataset.trained(settings, data, 20_000));
    Serializer<FeatureVector> vectorWriter =
        new AvroSerializer<FeatureVector>(registry).configured(Map.of(), false);
    Deserializer<FeatureVector> avroVectorReader =
        AvroDeserializer.forSpecific(FeatureVector.class, registry).configured(Map.of(), false);
    // the stage's features deserializer (ModelSerdes, DecodeFunction): the direct decoder for
    // vectors of the compiled schema
    Deserializer<FeatureVector> vectorReader =
        new DirectDeserializer<>(
            AvroDeserializer.forSpecific(FeatureVector.class, registry).configured(Map.of(), false),
            FeatureVectorWireDecoder.INSTANCE);
    Serializer<Prediction> predictionWriter =
        new AvroSerializer<Prediction>(registry).configured(Map.of(), false);

    int width = data.featureNames.size();
    byte[][] wire = new byte[events][];
    FeatureVector[] vectors = new FeatureVector[events];
    ScoredEvent[] scored = new ScoredEvent[events];
    boolean[] decisions = new boolean[events];
    for (int n = 0; n < events; n++) {
      int i = n % data.size;
      Map<String, Double> x = new HashMap<>();
      for (int j = 0; j < width; j++) {
        x.put(data.featureNames.get(j), data.features[i * width + j]);
      }
      FeatureVector v =
          FeatureVector.newBuilder()
              .setTransactionId("tx-" + n)
              .setEventTime(Instant.ofEpochMilli(data.eventTime[i]))
              .setEntityIds(Map.of("customerId", "C" + data.customer[i]))
              .setFeatures(x)
              .setSpecVersion("fraud-baseline:1")
              .setIngestTime(Instant.ofEpochMilli(data.eventTime[i]))
              .build();
      wire[n] = vectorWriter.serialize(topics.features(), v);
      vectors[n] = vectorReader.deserialize(topics.features(), wire[n]);
      if (!vectors[n].equals(avroVectorReader.deserialize(topics.features(), wire[n]))) {
        throw new IllegalStateException("the direct and Avro decoders differ on " + v);
      }
      ServingModel.Score score = model.score(vectors[n].getFeatures());
      scored[n] = scoredEvent(vectors[n], score, model);
      decisions[n] = score.decision();
    }

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] best = new double[STEPS.length];
    java.util.Arrays.fill(best, Double.MAX_VALUE);
    long sink = 0;
    for (int r = 0; r < 2 * rounds; r++) {
      for (int s = 0; s < STEPS.length; s++) {
        long t0 = threads.getCurrentThreadCpuTime();
        for (int n = 0; n < events; n++) {
          sink +=
              switch (STEPS[s]) {
                case "decode" ->
                    vectorReader.deserialize(topics.features(), wire[n]).getFeatures().size();
                case "decode-avro" ->
                    avroVectorReader.deserialize(topics.features(), wire[n]).getFeatures().size();
                case "score" ->
                    scoredEvent(vectors[n], model.score(vectors[n].getFeatures()), model)
                        .features()
                        .size();
                case "join-state" -> joinState(settings, scored[n]).length;
                case "prediction" ->
                    predictionWriter.serialize(
                            topics.predictions(),
                            prediction(settings, scored[n], decisions[n], vectors[n]))
                        .length;
                default -> {
                  FeatureVector v = vectorReader.deserialize(topics.features(), wire[n]);
                  ServingModel.Score score = model.score(v.getFeatures());
                  ScoredEvent e = scoredEvent(v, score, model);
                  yield joinState(settings, e).length
                      + predictionWriter.serialize(
                              topics.predictions(), prediction(settings, e, score.decision(), v))
                          .length;
                }
              };
        }
        long t1 = threads.getCurrentThreadCpuTime();
        if (r >= rounds) {
          best[s] = Math.min(best[s], (t1 - t0) / (double) events);
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "model stage path, CPU ns per event, best of %d rounds of %,d events (checksum %d)%n%n",
        rounds,
        events,
        sink);
    System.out.println("| step | CPU ns per event |");
    System.out.println("|---|---|");
    for (int s = 0; s < STEPS.length; s++) {
      System.out.printf(Locale.ROOT, "| %s | %.0f |%n", STEPS[s], best[s]);
    }
    long portable = 0;
    long local = 0;
    byte[][] held = new byte[scored.length][]; // as the Flink label join holds them
    for (int i = 0; i < scored.length; i++) {
      LabelJoinState state = LabelJoinState.empty(settings.labelJoinTtl());
      state.onScored(scored[i]);
      held[i] = state.toLocalBytes();
      portable += state.toBytes().length;
      local += held[i].length;
    }
    System.out.printf(
        Locale.ROOT,
        "%nlabel-join state of a scored event, mean: %.1f bytes portable (Kafka Streams' store; Flink"
            + " checkpoints before 2026-11-22), %.1f bytes local (the Flink label join's memory and"
            + " checkpoints)%n",
        portable / (double) events,
        local / (double) events);
    checkpointWrite(held, rounds);
  }

  /**
   * A checkpoint of the Flink label join's held states: each through the state's serializer as a
   * heap snapshot writes it, now (the local bytes as they are) and as before 2026-11-22 (the names
   * written back in, then Flink's byte-array serializer); thread CPU and bytes per state, best of
   * {@code rounds}.
   */
  private static void checkpointWrite(byte[][] held, int rounds) throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    DataOutputSerializer out = new DataOutputSerializer(1 << 20);
    String[] ways = {"local, as held (now)", "portable (before)"};
    double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
    long[] bytes = new long[2];
    for (int r = 0; r < 2 * rounds; r++) {
      for (int w = 0; w < 2; w++) {
        out.clear();
        long t0 = threads.getCurrentThreadCpuTime();
        for (byte[] state : held) {
          if (w == 0) {
            LabelJoinStateSerializer.INSTANCE.serialize(state, out);
          } else {
            BytePrimitiveArraySerializer.INSTANCE.serialize(LabelJoinState.portable(state), out);
          }
        }
        long t1 = threads.getCurrentThreadCpuTime();
        bytes[w] = out.length();
        if (r >= rounds) {
          best[w] = Math.min(best[w], (t1 - t0) / (double) held.length);
        }
      }
    }
    for (int w = 0; w < 2; w++) {
      System.out.printf(
          Locale.ROOT,
          "label-join checkpoint, %s: %.0f CPU ns and %.1f bytes per waiting state%n",
          ways[w],
          best[w],
          bytes[w] / (double) held.length);
    }
  }

  private static ScoredEvent scoredEvent(
      FeatureVector v, ServingModel.Score score, ServingModel model) {
    return ScoredEvent.of(
        v.getTransactionId(),
        v.getEventTime().toEpochMilli(),
        v.getEntityIds(),
        score.features(),
        score.probability(),
        model.version());
  }

  private static byte[] joinState(ModelStageSettings settings, ScoredEvent e) {
    LabelJoinState state = LabelJoinState.empty(settings.labelJoinTtl());
    state.onScored(e);
    return state.toLocalBytes();
  }

  private static Prediction prediction(
      ModelStageSettings settings, ScoredEvent e, boolean decision, FeatureVector v) {
    return ModelAvroMapping.prediction(
        e, decision, settings.threshold(), settings.name(), v, v.getIngestTime().toEpochMilli());
  }
}
