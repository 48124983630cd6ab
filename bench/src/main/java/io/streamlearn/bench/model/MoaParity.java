package io.streamlearn.bench.model;

import com.yahoo.labs.samoa.instances.Instance;
import io.streamlearn.model.core.LearnerCatalog;
import io.streamlearn.model.core.bayes.GaussianNaiveBayes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
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
 * <p>Each (stream, learner) pair runs in its own JVM (as JMH forks), so that no run inherits the
 * JIT profile of another ({@code --fork false} runs them all in this JVM), {@code --repeat} times
 * (3 by default); instances/s is the median of the repeats (accuracy and kappa do not vary).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.streamlearn.bench.model.MoaParity \
 *     [--instances 1000000] [--warmup 100000] [--streams SEA,HYP] [--only gaussian] [--fork true] [--repeat 3]
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
        // The cost of generating the stream and evaluating, with a learner that does nothing.
        Contender.moa("functions.MajorityClass"),
        Contender.moa(nb),
        Contender.streamlearn(
            "streamlearn gaussian-naive-bayes", "MOA " + nb, GaussianNaiveBayes::new),
        Contender.moa(sgd),
        Contender.streamlearn(
            "streamlearn logistic-regression (sgd)",
            "MOA " + sgd,
            () -> catalog.create("logistic-regression", Map.of("optimizer", "sgd"))),
        Contender.streamlearn(
            "streamlearn logistic-regression (sgd, unscaled)",
            "MOA " + sgd,
            () -> catalog.create("logistic-regression", Map.of("scale", "false"))),
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
    if (options.containsKey("run")) {
      // A forked child: one (stream, contender) pair, result on one line.
      String[] pair = options.get("run").split(":");
      ParityStream stream = streams().get(Integer.parseInt(pair[0]));
      Contender contender = contenders().get(Integer.parseInt(pair[1]));
      Result r = measure(stream, contender, instances, warmup);
      System.out.printf(Locale.ROOT, "RESULT %s %s %s%n", r.accuracy(), r.kappa(), r.perSecond());
      return;
    }
    boolean fork = Boolean.parseBoolean(options.getOrDefault("fork", "true"));
    int repeat = Integer.parseInt(options.getOrDefault("repeat", "3"));
    List<String> streamFilter = List.of(options.getOrDefault("streams", "").split(","));
    String only = options.getOrDefault("only", "");
    System.out.printf(
        Locale.ROOT,
        "MOA parity: %,d instances per run after a %,d-instance warm-up, median of %d runs, %s;"
            + " Java %s, %d cores%n%n",
        instances,
        warmup,
        repeat,
        fork ? "one JVM per run" : "all runs in one JVM",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    System.out.println(
        "| stream | learner | accuracy % | kappa % | instances/s | vs counterpart: accuracy,"
            + " speed |");
    System.out.println("|---|---|---|---|---|---|");
    List<ParityStream> streams = streams();
    List<Contender> contenders = contenders();
    for (int si = 0; si < streams.size(); si++) {
      ParityStream stream = streams.get(si);
      if (!streamFilter.get(0).isEmpty() && !streamFilter.contains(stream.name())) {
        continue;
      }
      Map<String, Result> byName = new LinkedHashMap<>();
      for (int ci = 0; ci < contenders.size(); ci++) {
        Contender c = contenders.get(ci);
        // a reference runs when it is wanted itself or as the counterpart of a wanted learner
        boolean wanted =
            only.isEmpty()
                || c.name().contains(only)
                || contenders.stream()
                    .anyMatch(o -> o.name().contains(only) && o.counterpart().equals(c.name()));
        if (!wanted) {
          continue;
        }
        List<Result> repeats = new ArrayList<>();
        for (int k = 0; k < repeat; k++) {
          repeats.add(
              fork
                  ? forked(si, ci, stream, c, instances, warmup)
                  : measure(stream, c, instances, warmup));
        }
        repeats.sort(java.util.Comparator.comparingDouble(Result::perSecond));
        Result r = repeats.get(repeats.size() / 2);
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

  /** A warm-up run on a fresh stream, then the measured run on another fresh stream. */
  static Result measure(ParityStream stream, Contender contender, long n, long warmup)
      throws Exception {
    if (warmup > 0) {
      run(stream, contender, warmup);
    }
    return run(stream, contender, n);
  }

  /** {@link #measure} in a fresh JVM, so that no run inherits another's JIT profile. */
  private static Result forked(
      int streamIndex, int contenderIndex, ParityStream stream, Contender c, long n, long warmup)
      throws Exception {
    String javaBinary = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(javaBinary);
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            MoaParity.class.getName(),
            "--run",
            streamIndex + ":" + contenderIndex,
            "--instances",
            Long.toString(n),
            "--warmup",
            Long.toString(warmup)));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    for (String line : output.split("\\R")) {
      if (line.startsWith("RESULT ")) {
        String[] f = line.split(" ");
        return new Result(
            stream,
            c,
            Double.parseDouble(f[1]),
            Double.parseDouble(f[2]),
            Double.parseDouble(f[3]));
      }
    }
    throw new IllegalStateException(
        "run " + stream.name() + " / " + c.name() + " failed (exit " + exit + "):\n" + output);
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
            "usage: MoaParity [--instances N] [--warmup N] [--streams SEA,HYP,AGR,RBF]"
                + " [--only TEXT] [--fork true|false] [--repeat K]");
      }
      options.put(a.substring(2), rest.get(++i));
    }
    return options;
  }
}
