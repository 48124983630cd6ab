package io.streamlearn.bench.ingest;

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

  /** CPU time of the whole process (this JVM runs the broker too). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
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

      long total = Math.min(events, streamLength(options));
      Workload workload = Workload.of(options, transactionId, labelId, total, RING);
      System.out.printf(
          "workload: %,d records; raw ring of %,d (%,d transactions, %,d labels), mean key %.1f B,"
              + " mean value %.1f B%n",
          total,
          workload.size(),
          workload.transactions,
          workload.size() - workload.transactions,
          workload.meanKeyBytes(),
          workload.meanValueBytes());
      System.out.println("producer: " + ProducerSettings.DEFAULTS);

      // Warm-up: JIT both paths on a tenth of the workload.
      long warmup = Math.max(1, total / 10);
      raw(settings, admin, workload, warmup, "warmup-raw");
      ingest(settings, admin, options, transactionId, labelId, warmup, "warmup-ingest");

      List<double[]> results = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        long cpu0 = processCpuNanos();
        double raw = raw(settings, admin, workload, total, "raw-" + round);
        long cpu1 = processCpuNanos();
        double ours =
            ingest(settings, admin, options, transactionId, labelId, total, "ingest-" + round);
        long cpu2 = processCpuNanos();
        double rawCpu = (cpu1 - cpu0) / (double) total;
        double oursCpu = (cpu2 - cpu1) / (double) total;
        results.add(new double[] {raw, ours, rawCpu, oursCpu});
        System.out.printf(
            "round %d: raw %,.0f records/s (%.0f ns CPU/record), simulate+produce %,.0f records/s"
                + " (%.0f ns CPU/record), ratio %.2f%n",
            round, raw, rawCpu, ours, oursCpu, ours / raw);
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
      int ring = workload.size();
      for (long n = 0; n < count; n++) {
        int i = (int) (n % ring);
        producer.send(
            new ProducerRecord<>(
                workload.isLabel[i] ? labels : transactions,
                null,
                workload.timestamps[i],
                workload.keys[i],
                workload.values[i]),
            callback);
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

  /** The simulated stream, serialized exactly as the ingest path serializes it. */
  private static final class Workload {
    final byte[][] keys;
    final byte[][] values;
    final long[] timestamps;
    final boolean[] isLabel;
    final long transactions;

    private Workload(
        byte[][] keys, byte[][] values, long[] timestamps, boolean[] isLabel, long transactions) {
      this.keys = keys;
      this.values = values;
      this.timestamps = timestamps;
      this.isLabel = isLabel;
      this.transactions = transactions;
    }

    /** {@code ring} records taken evenly from the first {@code total} of the stream. */
    static Workload of(
        SimulatorOptions options, int transactionId, int labelId, long total, int ring) {
      long stride = Math.max(1, total / ring);
      List<byte[]> keys = new ArrayList<>();
      List<byte[]> values = new ArrayList<>();
      List<Long> timestamps = new ArrayList<>();
      List<Boolean> labels = new ArrayList<>();
      EventWireEncoder encoder = new EventWireEncoder(transactionId, labelId);
      SimulationRun run = new TransactionSimulator(options).run();
      long transactions = 0;
      for (long n = 0; run.hasNext() && n < total && keys.size() < ring; n++) {
        SimulationEvent event = run.next();
        if (n % stride != 0) {
          continue;
        }
        if (event instanceof SimulatedTransaction tx) {
          keys.add(EventWireEncoder.key(tx.transaction().transactionId()));
          values.add(encoder.transaction(tx.transaction()));
          labels.add(false);
          transactions++;
        } else {
          SimulatedLabel label = (SimulatedLabel) event;
          keys.add(EventWireEncoder.key(label.label().transactionId()));
          values.add(encoder.label(label.label()));
          labels.add(true);
        }
        timestamps.add(event.eventTimeMillis());
      }
      boolean[] isLabel = new boolean[labels.size()];
      long[] times = new long[timestamps.size()];
      for (int i = 0; i < isLabel.length; i++) {
        isLabel[i] = labels.get(i);
        times[i] = timestamps.get(i);
      }
      return new Workload(
          keys.toArray(new byte[0][]), values.toArray(new byte[0][]), times, isLabel, transactions);
    }

    int size() {
      return keys.length;
    }

    double meanKeyBytes() {
      long sum = 0;
      for (byte[] key : keys) {
        sum += key.length;
      }
      return (double) sum / keys.length;
    }

    double meanValueBytes() {
      long sum = 0;
      for (byte[] value : values) {
        sum += value.length;
      }
      return (double) sum / values.length;
    }
  }
}
