package io.streamlearn.bench.monitoring;

import io.streamlearn.monitoring.core.drift.Adwin;
import io.streamlearn.monitoring.core.drift.ChangeDetector;
import io.streamlearn.monitoring.core.drift.Ddm;
import io.streamlearn.monitoring.core.drift.Eddm;
import io.streamlearn.monitoring.core.drift.HddmA;
import io.streamlearn.monitoring.core.drift.Kswin;
import io.streamlearn.monitoring.core.drift.PageHinkley;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import moa.options.ClassOption;
import moa.options.OptionHandler;

/**
 * Runs our change detectors and MOA 2024.07.0's side by side, in one run, on exactly the protocol
 * of the project's MOA reference ({@code moa-detectors.md}): for each seed s = 1..100, 100,000
 * values drawn with {@code new java.util.Random(s)}, either Bernoulli errors at rate 0.1 then 0.3,
 * or Gaussian N(0, 1) then N(0.5, 1), the change at value 50,000; a fresh detector per seed, MOA's
 * with its default options ({@code ClassOption.cliStringToObject}, {@code prepareForUse()}), ours
 * with MOA's defaults. Both see the very same array of values, one after the other, per seed.
 *
 * <p>Prints, per detector and stream, for each implementation: mean and median delay (1-based index
 * of the first detection after the change, minus 50,000, over the runs that detected), false alarms
 * per run (detections before the change), runs with a false alarm, missed runs, mean ns per update
 * (the whole loop of update plus flag read, timed per run; noisy, compare within one run only), and
 * whether ours flagged exactly the same updates as MOA's in every run.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar
 * io.streamlearn.bench.monitoring.DetectorComparison [seeds] [length]}.
 */
public final class DetectorComparison {

  private static final int CHANGE_AT = 50_000;

  private DetectorComparison() {}

  /** A detector under test: ours or MOA's, behind one interface. */
  interface Subject {
    void update(double value);

    boolean drift();
  }

  record Ours(ChangeDetector detector) implements Subject {
    @Override
    public void update(double value) {
      detector.update(value);
    }

    @Override
    public boolean drift() {
      return detector.driftDetected();
    }
  }

  record Moa(moa.classifiers.core.driftdetection.ChangeDetector detector) implements Subject {
    @Override
    public void update(double value) {
      detector.input(value);
    }

    @Override
    public boolean drift() {
      return detector.getChange();
    }
  }

  /** A MOA detector with its default options, as the reference protocol creates it. */
  static Subject moa(String name) {
    try {
      Object created =
          ClassOption.cliStringToObject(
              name, moa.classifiers.core.driftdetection.ChangeDetector.class, null);
      ((OptionHandler) created).prepareForUse();
      return new Moa((moa.classifiers.core.driftdetection.ChangeDetector) created);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create MOA detector " + name, e);
    }
  }

  /** The two streams of the protocol. */
  enum Stream {
    BERNOULLI("Bernoulli error rate 0.1 -> 0.3"),
    GAUSSIAN("Gaussian mean shift N(0,1) -> N(0.5,1)");

    final String title;

    Stream(String title) {
      this.title = title;
    }

    double[] values(long seed, int length) {
      Random random = new Random(seed);
      double[] values = new double[length];
      for (int i = 0; i < length; i++) {
        values[i] =
            this == BERNOULLI
                ? (random.nextDouble() < (i < CHANGE_AT ? 0.1 : 0.3) ? 1.0 : 0.0)
                : random.nextGaussian() + (i < CHANGE_AT ? 0 : 0.5);
      }
      return values;
    }
  }

  /** One row pair of the table: our detector and MOA's (absent for ours-only rows). */
  record Row(String name, Supplier<Subject> ours, Supplier<Subject> moa, List<Stream> streams) {}

  /** Outcome of one detector on one stream over all seeds. */
  static final class Tally {
    final List<Integer> delays = new ArrayList<>();
    long falseAlarms;
    int runsWithFalseAlarm;
    int missed;
    long nanos;
    long updates;
    final List<int[]> detections = new ArrayList<>();

    void run(Subject subject, double[] values) {
      int falseAlarmsThisRun = 0;
      int delay = -1;
      int[] at = new int[16];
      int count = 0;
      long start = System.nanoTime();
      for (int i = 0; i < values.length; i++) {
        subject.update(values[i]);
        if (subject.drift()) {
          if (count == at.length) {
            at = Arrays.copyOf(at, count * 2);
          }
          at[count++] = i;
        }
      }
      nanos += System.nanoTime() - start;
      updates += values.length;
      for (int k = 0; k < count; k++) {
        if (at[k] < CHANGE_AT) {
          falseAlarmsThisRun++;
        } else if (delay < 0) {
          delay = at[k] + 1 - CHANGE_AT;
        }
      }
      detections.add(Arrays.copyOf(at, count));
      falseAlarms += falseAlarmsThisRun;
      runsWithFalseAlarm += falseAlarmsThisRun > 0 ? 1 : 0;
      if (delay < 0) {
        missed++;
      } else {
        delays.add(delay);
      }
    }

    String line(String detector, String implementation, int runs, String same) {
      double mean = delays.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
      int[] sorted = delays.stream().mapToInt(Integer::intValue).sorted().toArray();
      // the upper median, sorted[n / 2], as in the reference table
      String median = sorted.length == 0 ? "-" : String.valueOf(sorted[sorted.length / 2]);
      return String.format(
          Locale.ROOT,
          "| %s | %s | %.1f | %s | %.2f | %d | %d | %.1f | %s |",
          detector,
          implementation,
          mean,
          median,
          (double) falseAlarms / runs,
          runsWithFalseAlarm,
          missed,
          (double) nanos / updates,
          same);
    }
  }

  static List<Row> rows() {
    List<Stream> both = List.of(Stream.BERNOULLI, Stream.GAUSSIAN);
    List<Stream> errors = List.of(Stream.BERNOULLI);
    return List.of(
        new Row(
            "ADWIN",
            () -> new Ours(Adwin.increasesOnly(Adwin.DEFAULT_DELTA)),
            () -> moa("ADWINChangeDetector"),
            both),
        new Row(
            "Page-Hinkley", () -> new Ours(new PageHinkley()), () -> moa("PageHinkleyDM"), both),
        new Row("DDM", () -> new Ours(new Ddm()), () -> moa("DDM"), errors),
        new Row("EDDM", () -> new Ours(new Eddm()), () -> moa("EDDM"), errors),
        new Row("HDDM_A", () -> new Ours(new HddmA()), () -> moa("HDDM_A_Test"), errors),
        new Row("DDM calibrated", () -> new Ours(Ddm.calibrated()), null, errors),
        new Row("EDDM calibrated", () -> new Ours(Eddm.calibrated()), null, errors),
        new Row("KSWIN (seed 42)", () -> new Ours(new Kswin()), null, both));
  }

  public static void main(String[] args) {
    int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int length = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    if (length <= CHANGE_AT) {
      throw new IllegalArgumentException("the stream must be longer than " + CHANGE_AT);
    }
    System.out.printf(
        Locale.ROOT,
        "Detectors, ours vs MOA 2024.07.0: %d seeds, %,d values, change at %,d%n",
        seeds,
        length,
        CHANGE_AT);
    for (Stream stream : Stream.values()) {
      System.out.println();
      System.out.println("## " + stream.title);
      System.out.println();
      System.out.println(
          "| detector | implementation | mean delay | median delay | FA/run | runs with FA |"
              + " missed | ns/update | same detections as MOA |");
      System.out.println("|---|---|---|---|---|---|---|---|---|");
      for (Row row : rows()) {
        if (!row.streams().contains(stream)) {
          continue;
        }
        warmUp(row, stream);
        Tally ours = new Tally();
        Tally moa = row.moa() == null ? null : new Tally();
        for (long seed = 1; seed <= seeds; seed++) {
          double[] values = stream.values(seed, length);
          // alternate the order so neither implementation always runs on a warmer cache
          if (seed % 2 == 0 || moa == null) {
            ours.run(row.ours().get(), values);
            if (moa != null) {
              moa.run(row.moa().get(), values);
            }
          } else {
            moa.run(row.moa().get(), values);
            ours.run(row.ours().get(), values);
          }
        }
        String same = "-";
        if (moa != null) {
          int differing = 0;
          for (int r = 0; r < seeds; r++) {
            if (!Arrays.equals(ours.detections.get(r), moa.detections.get(r))) {
              differing++;
            }
          }
          same = differing == 0 ? "yes, all runs" : "no, " + differing + " runs differ";
        }
        System.out.println(ours.line(row.name(), "streamlearn", seeds, same));
        if (moa != null) {
          System.out.println(moa.line(row.name(), "MOA", seeds, "-"));
        }
      }
    }
  }

  private static void warmUp(Row row, Stream stream) {
    double[] values = stream.values(1_000_003, 100_000);
    for (int i = 0; i < 3; i++) {
      new Tally().run(row.ours().get(), values);
      if (row.moa() != null) {
        new Tally().run(row.moa().get(), values);
      }
    }
  }
}
