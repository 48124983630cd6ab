package io.streamlearn.bench.model;

import com.yahoo.labs.samoa.instances.Instance;
import io.streamlearn.model.core.LearnerCatalog;
import io.streamlearn.model.core.bayes.GaussianNaiveBayes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import moa.options.AbstractOptionHandler;
import moa.options.ClassOption;
import moa.streams.InstanceStream;

/**
 * Our learners next to their MOA counterparts, test-then-train over MOA's generators in the same
 * run: accuracy %, kappa % and instances/s per (stream, learner), as in {@code
 * /work/shared/reference/moa-prequential.md} and {@code docs/BENCHMARKS.md}.
 *
 * <p>Every contender sees the same instances (each stream is re-created with its seed), first for a
 * warm-up run that is discarded, then for the measured run. Instances/s is the instance count over
 * the evaluating thread's CPU time, generation of the stream included, as MOA's {@code
 * EvaluatePrequential} reports it. Accuracy and kappa are cumulative over the whole run, as MOA's
 * {@code BasicClassificationPerformanceEvaluator}.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.streamlearn.bench.model.MoaParity \
 *     [--instances 1000000] [--warmup 100000] [--streams SEA,HYP] [--only gaussian]
 * </pre>
 */
public final class MoaParity {

  /** A MOA stream given by its command line. */
  record ParityStream(String name, String cli) {
    InstanceStream open() throws Exception {
      InstanceStream s =
          (InstanceStream) ClassOption.cliStringToObject(cli, InstanceStream.class, null);
      ((AbstractOptionHandler) s).prepareForUse();
      return s;
    }
  }

  /** The outcome of one measured run. */
  record Result(
      ParityStream stream, Contender contender, double accuracy, double kappa, double perSecond) {}

  private MoaParity() {}

  /** The streams of the reference table. */
  static List<ParityStream> streams() {
    return List.of(
        new ParityStream(
            "SEA",
            "ConceptDriftStream -s (generators.SEAGenerator -f 1) -d (ConceptDriftStream"
                + " -s (generators.SEAGenerator -f 2) -d (ConceptDriftStream"
                + " -s (generators.SEAGenerator -f 3) -d (generators.SEAGenerator -f 4)"
                + " -p 250000 -w 1) -p 250000 -w 1) -p 250000 -w 1"),
        new ParityStream("HYP", "generators.HyperplaneGenerator -a 10 -k 2 -t 0.001 -n 5"),
        new ParityStream(
            "AGR",
            "ConceptDriftStream -s (generators.AgrawalGenerator -f 1)"
                + " -d (generators.AgrawalGenerator -f 2) -p 500000 -w 1"),
        new ParityStream("RBF", "generators.RandomRBFGeneratorDrift -s 0.001 -k 50 -n 50"));
  }

  /**
   * The contenders, each of ours after the MOA learner it is compared with (its counterpart). Rows
   * for more learners are added here.
   */
  static List<Contender> contenders() {
    LearnerCatalog catalog = LearnerCatalog.standard();
    String nb = "bayes.NaiveBayes";
    String sgd = "functions.SGD -o LOGLOSS -r 0.01";
    return List.of(
        Contender.moa(nb),
        Contender.streamlearn(
            "streamlearn gaussian-naive-bayes", "MOA " + nb, GaussianNaiveBayes::new),
        Contender.moa(sgd),
        Contender.streamlearn(
            "streamlearn logistic-regression (sgd)",
            "MOA " + sgd,
            () -> catalog.create("logistic-regression", Map.of("optimizer", "sgd"))),
        Contender.streamlearn(
            "streamlearn logistic-regression (adagrad)",
            "MOA " + sgd,
            () -> catalog.create("logistic-regression", Map.of("optimizer", "adagrad"))),
        Contender.streamlearn(
            "streamlearn logistic-regression (ftrl)",
            "MOA " + sgd,
            () -> catalog.create("logistic-regression", Map.of("optimizer", "ftrl"))),
        Contender.moa(HT),
        trees("streamlearn hoeffding-tree", "MOA " + HT, "hoeffding-tree", Map.of()),
        Contender.moa(HAT),
        trees(
            "streamlearn hoeffding-adaptive-tree",
            "MOA " + HAT,
            "hoeffding-adaptive-tree",
            Map.of()),
        Contender.moa(ARF),
        trees(
            "streamlearn adaptive-random-forest (MOA settings)",
            "MOA " + ARF,
            "adaptive-random-forest",
            Map.of(
                "subspace_mode", "percentage",
                "subspace_size", "60",
                "drift_delta", "0.001",
                "warning_delta", "0.01")),
        Contender.moa(ARF_PAPER),
        trees(
            "streamlearn adaptive-random-forest (defaults)",
            "MOA " + ARF_PAPER,
            "adaptive-random-forest",
            Map.of()));
  }

  /** MOA's Hoeffding tree with its defaults. */
  static final String HT = "trees.HoeffdingTree";

  /** MOA's Hoeffding Adaptive Tree with its defaults. */
  static final String HAT = "trees.HoeffdingAdaptiveTree";

  /** MOA's Adaptive Random Forest with 10 trees, single-threaded, otherwise its defaults. */
  static final String ARF = "meta.AdaptiveRandomForest -s 10 -j 1";

  /** MOA's Adaptive Random Forest with the paper's settings (-o 1: sqrt(M) + 1), our defaults. */
  static final String ARF_PAPER =
      "meta.AdaptiveRandomForest -s 10 -j 1 -o 1"
          + " -x (ADWINChangeDetector -a 1.0E-5) -p (ADWINChangeDetector -a 1.0E-4)";

  /** One of our tree learners, told which of the stream's attributes are nominal, as MOA's are. */
  private static Contender trees(
      String name, String counterpart, String kind, Map<String, String> parameters) {
    return Contender.streamlearnForHeader(
        name,
        counterpart,
        header -> {
          Map<String, String> all = new LinkedHashMap<>(parameters);
          String nominal = InstanceFeatures.nominalAttributes(header);
          if (!nominal.isEmpty()) {
            all.put("nominal_features", nominal);
          }
          return LearnerCatalog.standard().create(kind, all);
        });
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    long instances = Long.parseLong(options.getOrDefault("instances", "1000000"));
    long warmup = Long.parseLong(options.getOrDefault("warmup", "100000"));
    List<String> streamFilter = List.of(options.getOrDefault("streams", "").split(","));
    String only = options.getOrDefault("only", "");
    System.out.printf(
        Locale.ROOT,
        "MOA parity: %,d instances per run after a %,d-instance warm-up; Java %s, %d cores%n%n",
        instances,
        warmup,
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    System.out.println(
        "| stream | learner | accuracy % | kappa % | instances/s | vs counterpart: accuracy,"
            + " speed |");
    System.out.println("|---|---|---|---|---|---|");
    for (ParityStream stream : streams()) {
      if (!streamFilter.get(0).isEmpty() && !streamFilter.contains(stream.name())) {
        continue;
      }
      Map<String, Result> byName = new LinkedHashMap<>();
      List<Contender> all = contenders();
      for (Contender c : all) {
        // a reference runs when it is wanted itself or as the counterpart of a wanted learner
        boolean wanted =
            only.isEmpty()
                || c.name().contains(only)
                || all.stream()
                    .anyMatch(o -> o.name().contains(only) && o.counterpart().equals(c.name()));
        if (!wanted) {
          continue;
        }
        if (warmup > 0) {
          run(stream, c, warmup);
        }
        Result r = run(stream, c, instances);
        byName.put(c.name(), r);
        Result ref = byName.get(c.counterpart());
        String versus =
            ref == null
                ? ""
                : String.format(
                    Locale.ROOT,
                    "%+.2f pts, %.2fx",
                    r.accuracy() - ref.accuracy(),
                    r.perSecond() / ref.perSecond());
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %.2f | %.2f | %,.0f | %s |%n",
            stream.name(),
            c.name(),
            r.accuracy(),
            r.kappa(),
            r.perSecond(),
            versus);
      }
    }
  }

  /** Test-then-train over the first {@code n} instances of a fresh copy of {@code stream}. */
  static Result run(ParityStream stream, Contender contender, long n) throws Exception {
    InstanceStream s = stream.open();
    int classes = s.getHeader().numClasses();
    Contender.Model model = contender.factory().create(s.getHeader());
    long[][] confusion = new long[classes][classes];
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    for (long i = 0; i < n; i++) {
      Instance inst = s.nextInstance().getData();
      int predicted = model.predict(inst);
      confusion[(int) inst.classValue()][predicted]++;
      model.train(inst);
    }
    double seconds = (threads.getCurrentThreadCpuTime() - start) / 1e9;
    return new Result(
        stream, contender, 100 * accuracy(confusion), 100 * kappa(confusion), n / seconds);
  }

  static double accuracy(long[][] confusion) {
    long total = 0;
    long correct = 0;
    for (int a = 0; a < confusion.length; a++) {
      for (int p = 0; p < confusion.length; p++) {
        total += confusion[a][p];
      }
      correct += confusion[a][a];
    }
    return (double) correct / total;
  }

  /** Cohen's kappa of a confusion matrix (rows: actual, columns: predicted). */
  static double kappa(long[][] confusion) {
    int k = confusion.length;
    double total = 0;
    double[] rows = new double[k];
    double[] cols = new double[k];
    double agree = 0;
    for (int a = 0; a < k; a++) {
      for (int p = 0; p < k; p++) {
        total += confusion[a][p];
        rows[a] += confusion[a][p];
        cols[p] += confusion[a][p];
      }
      agree += confusion[a][a];
    }
    double chance = 0;
    for (int c = 0; c < k; c++) {
      chance += (rows[c] / total) * (cols[c] / total);
    }
    return chance == 1.0 ? 0.0 : (agree / total - chance) / (1.0 - chance);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>(List.of(args));
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      if (!a.startsWith("--") || i + 1 >= rest.size()) {
        throw new IllegalArgumentException(
            "usage: MoaParity [--instances N] [--warmup N] [--streams SEA,HYP,AGR,RBF] [--only TEXT]");
      }
      options.put(a.substring(2), rest.get(++i));
    }
    return options;
  }
}
