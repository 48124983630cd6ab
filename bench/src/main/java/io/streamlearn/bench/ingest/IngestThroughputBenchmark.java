package io.streamlearn.bench.ingest;

import io.streamlearn.bench.ThreadCpu;
import io.streamlearn.embedded.EmbeddedStack;
import io.streamlearn.embedded.StackSettings;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.ingest.core.pacing.Pacer;
import io.streamlearn.ingest.core.pacing.Pacing;
import io.streamlearn.ingest.core.simulator.SimulatedLabel;
import io.streamlearn.ingest.core.simulator.SimulatedTransaction;
import io.streamlearn.ingest.core.simulator.SimulationEvent;
import io.streamlearn.ingest.core.simulator.SimulationRun;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import io.streamlearn.ingest.core.simulator.TransactionSimulator;
import io.streamlearn.ingest.core.validation.EventValidator;
import io.streamlearn.ingest.kafka.DeliveryGuard;
import io.streamlearn.ingest.kafka.EventWireEncoder;
import io.streamlearn.ingest.kafka.ProducerSettings;
import io.streamlearn.ingest.kafka.SchemaRegistration;
import io.streamlearn.ingest.kafka.SimulationPublisher;
import io.streamlearn.platform.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * End-to-end ingest throughput: the simulator plus our producer path (simulate, validate, encode in
 * the wire format, send) against a raw {@code kafka-clients} producer that sends the very same
 * records pre-serialized, with the same producer settings, on the same embedded broker, in one run.
 *
 * <p>Both send to fresh single-partition topics per round and wait until every record is
 * acknowledged ({@code flush}); both count acknowledgements in a callback. The workload is the
 * handbook's reference run (transactions and labels, about 3.5 million records). The raw producer
 * cycles through a ring of 65,536 of those records, pre-serialized and sampled evenly across the
 * stream (so transactions and labels mix as in the stream): a ring that stays in the CPU caches is
 * the fastest a raw producer can be fed, which makes it the strictest baseline.
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * java -Xmx3g -cp bench/target/benchmarks.jar io.streamlearn.bench.ingest.IngestThroughputBenchmark [rounds] [events]
 * </pre>
 */
public final class IngestThroughputBenchmark {

  /** Records in the raw producer's ring. */
  private static final int RING = 1 << 16;

  private IngestThroughputBenchmark() {}

  /** Bytes allocated so far by every thread of this JVM, ended ones and the broker's included. */
  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean)
            java.lang.management.ManagementFactory.getThreadMXBean())
        .getTotalThreadAllocatedBytes();
  }

  private static long streamLength(SimulatorOptions options) {
    SimulationRun run = new TransactionSimulator(options).run();
    long n = 0;
    while (run.hasNext()) {
      run.next();
      n++;
    }
    return n;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    long events = args.length > 1 ? Long.parseLong(args[1]) : Long.MAX_VALUE;
    SimulatorOptions options = SimulatorOptions.DEFAULTS;
    try (EmbeddedStack stack = EmbeddedStack.start(StackSettings.defaults());
        Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      ProducerSettings settings =
          ProducerSettings.of(stack.bootstrapServers(), stack.schemaRegistryUrl(), null, Map.of());
      SchemaRegistryClient registry = SchemaRegistration.client(settings.registry());
      int transactionId =
          SchemaRegistration.registerValueSchema(
              registry, stack.schemaRegistryUrl(), "transactions", Transaction.getClassSchema());
      int labelId =
          SchemaRegistration.registerValueSchema(
              registry, stack.schemaRegistryUrl(), "labels", Label.getClassSchema());

      int total = (int) Math.min(events, streamLength(options));
      Workload workload = Workload.of(options, transactionId, labelId, total, RING);
      double[] mean = workload.meanBytes();
      System.out.printf(
          "workload: %,d records (the stream's topics and timestamps); raw bytes from a ring of"
              + " %,d; mean key %.1f B, mean value %.1f B%n",
          total, workload.ringSize(), mean[0], mean[1]);
      System.out.println("producer: " + ProducerSettings.DEFAULTS);

      // Warm-up: JIT both paths on a tenth of the workload.
      long warmup = Math.max(1, total / 10);
      raw(settings, admin, workload, warmup, "warmup-raw");
      ingest(settings, admin, options, transactionId, labelId, warmup, "warmup-ingest");

      List<double[]> results = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        long cpu0 = ThreadCpu.processCpuNanos();
        long alloc0 = allocatedBytes();
        double raw = raw(settings, admin, workload, total, "raw-" + round);
        long cpu1 = ThreadCpu.processCpuNanos();
        long alloc1 = allocatedBytes();
        double ours =
            ingest(settings, admin, options, transactionId, labelId, total, "ingest-" + round);
        long cpu2 = ThreadCpu.processCpuNanos();
        long alloc2 = allocatedBytes();
        double rawCpu = (cpu1 - cpu0) / (double) total;
        double oursCpu = (cpu2 - cpu1) / (double) total;
        results.add(new double[] {raw, ours, rawCpu, oursCpu});
        System.out.printf(
            "round %d: raw %,.0f records/s (%.0f ns CPU, %.0f B allocated per record),"
                + " simulate+produce %,.0f records/s (%.0f ns CPU, %.0f B allocated per record),"
                + " ratio %.2f%n",
            round,
            raw,
            rawCpu,
            (alloc1 - alloc0) / (double) total,
            ours,
            oursCpu,
            (alloc2 - alloc1) / (double) total,
            ours / raw);
      }
      double rawMean = results.stream().mapToDouble(r -> r[0]).average().orElseThrow();
      double oursMean = results.stream().mapToDouble(r -> r[1]).average().orElseThrow();
      double rawCpuMean = results.stream().mapToDouble(r -> r[2]).average().orElseThrow();
      double oursCpuMean = results.stream().mapToDouble(r -> r[3]).average().orElseThrow();
      System.out.printf(
          "mean over %d rounds: raw %,.0f records/s, simulate+produce %,.0f records/s, ratio %.2f"
              + " (target >= 0.70); CPU per record (process, broker included): raw %.0f ns,"
              + " simulate+produce %.0f ns, ratio %.2f%n",
          rounds,
          rawMean,
          oursMean,
          oursMean / rawMean,
          rawCpuMean,
          oursCpuMean,
          rawCpuMean / oursCpuMean);
    }
  }

  /** Sends pre-serialized records; returns records per second until all are acknowledged. */
  private static double raw(
      ProducerSettings settings, Admin admin, Workload workload, long count, String name)
      throws Exception {
    String transactions = topic(admin, name + "-transactions");
    String labels = topic(admin, name + "-labels");
    LongAdder acked = new LongAdder();
    LongAdder failed = new LongAdder();
    Callback callback =
        (metadata, e) -> {
          if (e == null) {
            acked.increment();
          } else {
            failed.increment();
          }
        };
    long start;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings.kafka())) {
      producer.partitionsFor(transactions);
      producer.partitionsFor(labels);
      start = System.nanoTime();
      int transactionRing = workload.transactionKeys.length;
      int labelRing = workload.labelKeys.length;
      int nextTransaction = 0;
      int nextLabel = 0;
      for (int n = 0; n < count; n++) {
        ProducerRecord<byte[], byte[]> record;
        if (workload.isLabel[n]) {
          int i = nextLabel++ % labelRing;
          record =
              new ProducerRecord<>(
                  labels,
                  null,
                  workload.timestamps[n],
                  workload.labelKeys[i],
                  workload.labelValues[i]);
        } else {
          int i = nextTransaction++ % transactionRing;
          record =
              new ProducerRecord<>(
                  transactions,
                  null,
                  workload.timestamps[n],
                  workload.transactionKeys[i],
                  workload.transactionValues[i]);
        }
        producer.send(record, callback);
      }
      producer.flush();
    }
    long elapsed = System.nanoTime() - start;
    check(name, count, acked.sum(), failed.sum());
    return count / (elapsed / 1e9);
  }

  /** Runs the simulator into Kafka the way {@code simulate} does; returns records per second. */
  private static double ingest(
      ProducerSettings settings,
      Admin admin,
      SimulatorOptions options,
      int transactionId,
      int labelId,
      long count,
      String name)
      throws Exception {
    String transactions = topic(admin, name + "-transactions");
    String labels = topic(admin, name + "-labels");
    topic(admin, transactions + ".dlq");
    topic(admin, labels + ".dlq");
    SimulationPublisher.Report report;
    long start;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings.kafka())) {
      producer.partitionsFor(transactions);
      producer.partitionsFor(labels);
      start = System.nanoTime();
      TransactionSimulator simulator = new TransactionSimulator(options);
      SimulationPublisher publisher =
          new SimulationPublisher(
              producer,
              new EventWireEncoder(transactionId, labelId),
              new SimulationPublisher.Topics(transactions, labels),
              EventValidator.withDefaults(),
              new Pacer(Pacing.asFastAsPossible(), System::nanoTime, TimeUnit.NANOSECONDS::sleep),
              new DeliveryGuard(settings.bootstrapServers()));
      report = publisher.publish(simulator.run(), count, done -> {});
    }
    long elapsed = System.nanoTime() - start;
    check(
        name,
        count,
        report.transactions() + report.labels(),
        report.failed() + report.deadLettered());
    return count / (elapsed / 1e9);
  }

  private static void check(String name, long expected, long acked, long failed) {
    if (acked != expected || failed != 0) {
      throw new IllegalStateException(
          name
              + ": "
              + expected
              + " records sent but "
              + acked
              + " acknowledged, "
              + failed
              + " failed");
    }
  }

  private static String topic(Admin admin, String name) throws Exception {
    admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    return name;
  }

  /**
   * The simulated stream for the raw producer: every record's topic and timestamp, as in the
   * stream, and key and value bytes from rings of {@code ring / 2} transactions and as many labels,
   * pre-serialized exactly as the ingest path serializes them and sampled evenly across the stream.
   */
  private static final class Workload {
    final long[] timestamps;
    final boolean[] isLabel;
    final byte[][] transactionKeys;
    final byte[][] transactionValues;
    final byte[][] labelKeys;
    final byte[][] labelValues;

    private Workload(
        long[] timestamps,
        boolean[] isLabel,
        byte[][] transactionKeys,
        byte[][] transactionValues,
        byte[][] labelKeys,
        byte[][] labelValues) {
      this.timestamps = timestamps;
      this.isLabel = isLabel;
      this.transactionKeys = transactionKeys;
      this.transactionValues = transactionValues;
      this.labelKeys = labelKeys;
      this.labelValues = labelValues;
    }

    static Workload of(
        SimulatorOptions options, int transactionId, int labelId, int total, int ring) {
      long[] timestamps = new long[total];
      boolean[] isLabel = new boolean[total];
      SimulationRun run = new TransactionSimulator(options).run();
      int transactions = 0;
      for (int n = 0; n < total; n++) {
        isLabel[n] = run.advance() == SimulationRun.Position.LABEL;
        timestamps[n] = run.eventTimeMillis();
        transactions += isLabel[n] ? 0 : 1;
      }
      int half = ring / 2;
      long transactionStride = Math.max(1, transactions / half);
      long labelStride = Math.max(1, (total - transactions) / half);
      List<byte[]> transactionKeys = new ArrayList<>();
      List<byte[]> transactionValues = new ArrayList<>();
      List<byte[]> labelKeys = new ArrayList<>();
      List<byte[]> labelValues = new ArrayList<>();
      EventWireEncoder encoder = new EventWireEncoder(transactionId, labelId);
      run = new TransactionSimulator(options).run();
      long seenTransactions = 0;
      long seenLabels = 0;
      for (int n = 0; n < total; n++) {
        SimulationEvent event = run.next();
        if (event instanceof SimulatedTransaction tx) {
          if (seenTransactions++ % transactionStride == 0 && transactionKeys.size() < half) {
            transactionKeys.add(EventWireEncoder.key(tx.transaction().transactionId()));
            transactionValues.add(encoder.transaction(tx.transaction()));
          }
        } else {
          SimulatedLabel label = (SimulatedLabel) event;
          if (seenLabels++ % labelStride == 0 && labelKeys.size() < half) {
            labelKeys.add(EventWireEncoder.key(label.label().transactionId()));
            labelValues.add(encoder.label(label.label()));
          }
        }
      }
      return new Workload(
          timestamps,
          isLabel,
          transactionKeys.toArray(new byte[0][]),
          transactionValues.toArray(new byte[0][]),
          labelKeys.toArray(new byte[0][]),
          labelValues.toArray(new byte[0][]));
    }

    int ringSize() {
      return transactionKeys.length + labelKeys.length;
    }

    /** Mean key and value bytes over the stream (each ring weighted by its share of records). */
    double[] meanBytes() {
      long labels = 0;
      for (boolean label : isLabel) {
        labels += label ? 1 : 0;
      }
      double share = (double) labels / isLabel.length;
      return new double[] {
        (1 - share) * mean(transactionKeys) + share * mean(labelKeys),
        (1 - share) * mean(transactionValues) + share * mean(labelValues)
      };
    }

    private static double mean(byte[][] arrays) {
      long sum = 0;
      for (byte[] array : arrays) {
        sum += array.length;
      }
      return arrays.length == 0 ? 0 : (double) sum / arrays.length;
    }
  }
}
