package io.streamlearn.bench.features;

import io.streamlearn.features.avro.SourceEventDecoder;
import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.features.stage.OriginalRecord;
import io.streamlearn.features.stage.SourceEvent;
import io.streamlearn.ingest.avro.EventWireDecoder;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.ingest.core.validation.ValidationRules;
import io.streamlearn.ingest.kafka.EventWireEncoder;
import io.streamlearn.platform.registry.MockSchemaRegistry;
import io.streamlearn.platform.registry.SchemaRegistryClient;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.WriterSchemaGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The feature stage's source decoding of one {@code transactions} or {@code labels} record (half
 * are labels, as in the handbook stream): Confluent wire bytes to a validated, key-checked {@link
 * SourceEvent}, as both engines' sources do before the stage.
 *
 * <ul>
 *   <li>{@code avro}: the platform {@link AvroDeserializer} (Avro's resolving reader to the
 *       generated class), then {@link SourceEventDecoder} mapping it to the core event: the path
 *       before the direct decoder, and still the path of records of another writer schema;
 *   <li>{@code direct}: the {@link WriterSchemaGate} (a cached decision per schema id), then {@link
 *       EventWireDecoder} straight to the core event, then the same validation and key check.
 * </ul>
 *
 * <p>The records are written by {@link EventWireEncoder} (the Avro serializer's bytes) from 40 days
 * of the handbook-shaped stream of {@link FeatureCoreBenchmark}. Run: {@code java -jar
 * bench/target/benchmarks.jar SourceDecodeBenchmark -f 1}; or CPU time and allocation per record
 * with {@link #main}: {@code java -Xmx2g -cp bench/target/benchmarks.jar
 * io.streamlearn.bench.features.SourceDecodeBenchmark [rounds [warmup]]}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@State(Scope.Thread)
public class SourceDecodeBenchmark {

  private final List<OriginalRecord> records = new ArrayList<>();
  private SourceEventDecoder decoder;
  private AvroDeserializer<Transaction> transactions;
  private AvroDeserializer<Label> labels;
  private WriterSchemaGate transactionGate;
  private WriterSchemaGate labelGate;
  private int cursor;

  @Setup
  public void setUp() {
    SchemaRegistryClient registry = MockSchemaRegistry.forScope("source-decode-benchmark");
    EventWireEncoder encoder =
        new EventWireEncoder(
            registry.register("transactions-value", Transaction.getClassSchema()),
            registry.register("labels-value", Label.getClassSchema()));
    records.clear();
    long offset = 0;
    for (FeatureInput input : SyntheticTransactions.handbookLike(40, 8_000, 42)) {
      if (input instanceof FeatureInput.Transaction transaction) {
        records.add(
            record(
                "transactions",
                offset++,
                transaction.event().transactionId(),
                encoder.transaction(transaction.event())));
      } else {
        FeatureInput.Label label = (FeatureInput.Label) input;
        records.add(
            record(
                "labels", offset++, label.event().transactionId(), encoder.label(label.event())));
      }
    }
    decoder = new SourceEventDecoder(ValidationRules.DEFAULTS);
    transactions =
        AvroDeserializer.forSpecific(Transaction.class, registry).configured(Map.of(), false);
    labels = AvroDeserializer.forSpecific(Label.class, registry).configured(Map.of(), false);
    transactionGate =
        SourceEventDecoder.compiledSchemaGate(transactions, SourceEvent.Kind.TRANSACTION);
    labelGate = SourceEventDecoder.compiledSchemaGate(labels, SourceEvent.Kind.LABEL);
    cursor = 0;
  }

  private static OriginalRecord record(String topic, long offset, String key, byte[] value) {
    return new OriginalRecord(
        topic, 0, offset, offset, EventWireEncoder.key(key), value, List.of());
  }

  private OriginalRecord next() {
    if (cursor == records.size()) {
      cursor = 0;
    }
    return records.get(cursor++);
  }

  /** The records in the stream: one round of {@link #main}. */
  int size() {
    return records.size();
  }

  @Benchmark
  public SourceEvent avro() {
    OriginalRecord original = next();
    try {
      return original.topic().equals("transactions")
          ? decoder.transaction(
              original, transactions.deserialize(original.topic(), original.value()))
          : decoder.label(original, labels.deserialize(original.topic(), original.value()));
    } catch (RuntimeException undecodable) {
      return decoder.undecodable(
          original,
          original.topic().equals("transactions")
              ? SourceEvent.Kind.TRANSACTION
              : SourceEvent.Kind.LABEL,
          undecodable);
    }
  }

  @Benchmark
  public SourceEvent direct() {
    OriginalRecord original = next();
    boolean transaction = original.topic().equals("transactions");
    SourceEvent event =
        decoder.direct(
            original,
            transaction ? SourceEvent.Kind.TRANSACTION : SourceEvent.Kind.LABEL,
            transaction ? transactionGate : labelGate);
    if (event != null) {
      return event;
    }
    throw new IllegalStateException("a record of the compiled schema was not read directly");
  }

  /** CPU time and allocation per record of each path; arguments {@code [rounds [warmup]]}. */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    SourceDecodeBenchmark benchmark = new SourceDecodeBenchmark();
    benchmark.setUp();
    int ops = benchmark.size();
    for (int i = 0; i < ops; i++) {
      SourceEvent avro = benchmark.avro();
      benchmark.cursor--;
      SourceEvent direct = benchmark.direct();
      if (!avro.equals(direct)) {
        throw new IllegalStateException("the paths differ: " + avro + " and " + direct);
      }
    }
    FeatureCoreBenchmark.measure(
        "avro", rounds, ops, warmup, () -> benchmark.avro().original().offset());
    FeatureCoreBenchmark.measure(
        "direct", rounds, ops, warmup, () -> benchmark.direct().original().offset());
  }
}
