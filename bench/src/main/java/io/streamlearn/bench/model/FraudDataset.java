package io.streamlearn.bench.model;

import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.features.core.FeaturePlan;
import io.streamlearn.features.core.LocalFeaturePipeline;
import io.streamlearn.features.core.Rejection;
import io.streamlearn.features.core.TransactionFeatures;
import io.streamlearn.features.spec.FeatureSpecYaml;
import io.streamlearn.ingest.core.simulator.DriftChange;
import io.streamlearn.ingest.core.simulator.SimulatedLabel;
import io.streamlearn.ingest.core.simulator.SimulatedTransaction;
import io.streamlearn.ingest.core.simulator.SimulationEvent;
import io.streamlearn.ingest.core.simulator.SimulationRun;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import io.streamlearn.ingest.core.simulator.TransactionSimulator;
import io.streamlearn.model.core.serving.ExampleFeatures;
import io.streamlearn.model.core.serving.JoinedExample;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.PublishedModel;
import io.streamlearn.model.core.serving.ScoredEvent;
import io.streamlearn.model.core.serving.Trainer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's reference world (the handbook's: 5,000 customers, 10,000 terminals, 183 days from
 * 2018-04-01, labels 7 days later) turned into the features of the default spec ({@code
 * fraud-baseline:1}, the handbook's 15) by the feature core's engine-free {@link
 * LocalFeaturePipeline}, with the same semantics as the engines: transactions and labels in event
 * time, ties in the canonical order (a label known at t counts for a transaction at t).
 *
 * <p>Arrays are indexed by transaction, in event-time order. Building takes a minute or two; the
 * result is cached in a versioned binary file.
 */
final class FraudDataset {

  private static final int FORMAT = 1;
  static final long DAY = 86_400_000L;

  final long startMillis;
  final List<String> featureNames;
  final int size;
  final double[] features; // size x featureNames, row-major
  final long[] eventTime;
  final long[] labelTime;
  final boolean[] fraud;
  final int[] customer;
  final int[] day;

  private FraudDataset(
      long startMillis,
      List<String> featureNames,
      double[] features,
      long[] eventTime,
      long[] labelTime,
      boolean[] fraud,
      int[] customer) {
    this.startMillis = startMillis;
    this.featureNames = List.copyOf(featureNames);
    this.size = eventTime.length;
    this.features = features;
    this.eventTime = eventTime;
    this.labelTime = labelTime;
    this.fraud = fraud;
    this.customer = customer;
    this.day = new int[size];
    for (int i = 0; i < size; i++) {
      day[i] = (int) Math.floorDiv(eventTime[i] - startMillis, DAY);
    }
  }

  /** The day index (0 = the first simulated day) of a date. */
  int dayOf(LocalDate date) {
    return (int)
        Math.floorDiv(
            date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - startMillis, DAY);
  }

  /** The reference world of {@code seed}, from the cache file when it is there. */
  static FraudDataset load(long seed, Path cacheDir) throws IOException {
    return load(seed, List.of(), cacheDir);
  }

  /**
   * The reference world of {@code seed} with the simulator's {@code drift} changes (none: the
   * reference run), from the cache file when it is there.
   */
  static FraudDataset load(long seed, List<DriftChange> drift, Path cacheDir) throws IOException {
    StringBuilder name = new StringBuilder("fraud-dataset-seed").append(seed);
    for (DriftChange change : drift) {
      name.append("-drift").append(change.toString().replace(':', '_'));
    }
    Path cache = cacheDir.resolve(name + "-v" + FORMAT + ".bin");
    if (Files.exists(cache)) {
      return read(cache);
    }
    FraudDataset built = build(seed, drift);
    Files.createDirectories(cacheDir);
    write(built, cache);
    return built;
  }

  static FraudDataset build(long seed, List<DriftChange> drift) {
    SimulatorOptions defaults = SimulatorOptions.DEFAULTS;
    SimulatorOptions options =
        new SimulatorOptions(
            seed,
            defaults.customers(),
            defaults.terminals(),
            defaults.days(),
            defaults.startDate(),
            defaults.terminalRadius(),
            defaults.fraud(),
            defaults.labels(),
            drift);
    FeaturePlan plan = FeaturePlan.compile(FeatureSpecYaml.fraudBaseline());
    LocalFeaturePipeline pipeline =
        new LocalFeaturePipeline(plan, LocalFeaturePipeline.Storage.OBJECTS);
    int width = plan.featureNames().size();
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> customers = new HashMap<>();
    List<long[]> times = new ArrayList<>(); // {event time, label time}
    List<Boolean> fraud = new ArrayList<>();
    List<Integer> customer = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    LocalFeaturePipeline.Sink sink =
        new LocalFeaturePipeline.Sink() {
          @Override
          public void vector(TransactionFeatures f) {
            Integer i = index.get(f.transactionId());
            rows.set(i, f.features().values().clone());
          }

          @Override
          public void rejection(Rejection rejection) {
            rejections.add(rejection);
          }
        };
    SimulationRun run = new TransactionSimulator(options).run();
    List<FeatureInput> sameTime = new ArrayList<>();
    long time = Long.MIN_VALUE;
    while (run.hasNext()) {
      SimulationEvent event = run.next();
      FeatureInput input;
      if (event instanceof SimulatedTransaction t) {
        index.put(t.transaction().transactionId(), times.size());
        rows.add(null);
        times.add(new long[] {t.transaction().eventTimeMillis(), Long.MAX_VALUE});
        fraud.add(t.fraud());
        customer.add(
            customers.computeIfAbsent(t.transaction().customerId(), c -> customers.size()));
        input = new FeatureInput.Transaction(t.transaction());
      } else {
        SimulatedLabel l = (SimulatedLabel) event;
        times.get(index.get(l.label().transactionId()))[1] = l.label().labelTimeMillis();
        input = new FeatureInput.Label(l.label());
      }
      if (input.time() != time) {
        flush(sameTime, pipeline, sink);
        time = input.time();
      }
      sameTime.add(input);
    }
    flush(sameTime, pipeline, sink);
    if (!rejections.isEmpty()) {
      throw new IllegalStateException(
          rejections.size()
              + " inputs rejected by the feature pipeline, first: "
              + rejections.get(0));
    }
    int n = times.size();
    double[] features = new double[n * width];
    long[] eventTime = new long[n];
    long[] labelTime = new long[n];
    boolean[] isFraud = new boolean[n];
    int[] cust = new int[n];
    for (int i = 0; i < n; i++) {
      double[] row = rows.get(i);
      if (row == null) {
        throw new IllegalStateException("transaction " + i + " got no features");
      }
      System.arraycopy(row, 0, features, i * width, width);
      eventTime[i] = times.get(i)[0];
      labelTime[i] = times.get(i)[1];
      isFraud[i] = fraud.get(i);
      cust[i] = customer.get(i);
    }
    long start = defaults.startDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    return new FraudDataset(
        start, plan.featureNames(), features, eventTime, labelTime, isFraud, cust);
  }

  private static void flush(
      List<FeatureInput> inputs, LocalFeaturePipeline pipeline, LocalFeaturePipeline.Sink sink) {
    inputs.sort(FeatureInput.CANONICAL_ORDER);
    for (FeatureInput input : inputs) {
      pipeline.accept(input, sink);
    }
    inputs.clear();
  }

  private static void write(FraudDataset d, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
      out.writeInt(FORMAT);
      out.writeLong(d.startMillis);
      out.writeInt(d.featureNames.size());
      for (String name : d.featureNames) {
        out.writeUTF(name);
      }
      out.writeInt(d.size);
      for (int i = 0; i < d.size; i++) {
        out.writeLong(d.eventTime[i]);
        out.writeLong(d.labelTime[i]);
        out.writeBoolean(d.fraud[i]);
        out.writeInt(d.customer[i]);
      }
      for (double v : d.features) {
        out.writeDouble(v);
      }
    }
    Files.move(tmp, file);
  }

  private static FraudDataset read(Path file) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IOException(file + ": cache format " + format + ", expected " + FORMAT);
      }
      long start = in.readLong();
      int width = in.readInt();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < width; i++) {
        names.add(in.readUTF());
      }
      int n = in.readInt();
      long[] eventTime = new long[n];
      long[] labelTime = new long[n];
      boolean[] fraud = new boolean[n];
      int[] customer = new int[n];
      for (int i = 0; i < n; i++) {
        eventTime[i] = in.readLong();
        labelTime[i] = in.readLong();
        fraud[i] = in.readBoolean();
        customer[i] = in.readInt();
      }
      double[] features = new double[n * width];
      for (int i = 0; i < features.length; i++) {
        features[i] = in.readDouble();
      }
      return new FraudDataset(start, names, features, eventTime, labelTime, fraud, customer);
    }
  }

  /**
   * A model of {@code settings} trained offline on the first {@code examples} of {@code data}, as
   * the throughput benchmarks serve it.
   */
  static PublishedModel trained(ModelStageSettings settings, FraudDataset data, int examples) {
    Trainer trainer = Trainer.create(settings);
    int width = data.featureNames.size();
    for (int i = 0; i < examples; i++) {
      Map<String, Double> x = new HashMap<>();
      for (int j = 0; j < width; j++) {
        x.put(data.featureNames.get(j), data.features[i * width + j]);
      }
      trainer.learn(
          new JoinedExample(
              ScoredEvent.of(
                  "t" + i, data.eventTime[i], Map.of(), ExampleFeatures.of(x, List.of()), 0.5, 0),
              data.fraud[i],
              data.labelTime[i]));
    }
    return trainer.publish().model();
  }
}
