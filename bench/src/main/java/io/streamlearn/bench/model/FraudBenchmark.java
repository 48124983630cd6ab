package io.streamlearn.bench.model;

import io.streamlearn.ingest.core.simulator.DriftChange;
import io.streamlearn.model.core.FeatureVector;
import io.streamlearn.model.core.LearnerCatalog;
import io.streamlearn.model.core.OnlineClassifier;
import io.streamlearn.model.core.evaluate.EvaluationListener;
import io.streamlearn.model.core.evaluate.LabelDelay;
import io.streamlearn.model.core.evaluate.LabelledExample;
import io.streamlearn.model.core.evaluate.ProgressiveValidation;
import io.streamlearn.model.core.serving.ModelEventType;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.TrainerEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * The fraud benchmark: the simulator's reference world, streamed through the feature core and
 * scored test-then-train by online learners of the catalog, labels revealed 7 days after each
 * transaction ({@link ProgressiveValidation} with per-example label times), compared with the
 * handbook's batch models (Le Borgne et al., Reproducible Machine Learning for Credit Card Fraud
 * Detection — Practical Handbook, 2022).
 *
 * <p>For each learner: the scores are measured on
 *
 * <ul>
 *   <li>the <b>validation period</b> 2018-07-11..07-31, which selects the hyper-parameters;
 *   <li>the handbook's <b>test week</b> 2018-08-08..08-14 (its batch models trained on
 *       2018-07-25..31, a 7-day gap), with the handbook's protocol ({@link FraudMetrics#handbook})
 *       and without (every transaction);
 *   <li>the <b>second half</b> of the run (days 92..182);
 *   <li>each <b>week</b>, for the prequential curves (written to a CSV file).
 * </ul>
 *
 * Usage: {@code java -Xmx3g -cp bench/target/benchmarks.jar
 * io.streamlearn.bench.model.FraudBenchmark [--seed 0] [--drift DAY:KIND:VALUE]... [--cache DIR]
 * [--csv FILE] [CONFIG...]} where CONFIG names entries of {@link #configs()} (default: all) and
 * {@code --drift} injects a change of the simulator (as {@code simulate --drift}; none: the
 * reference run). The default learner of the shipped fraud pipeline ({@link
 * ModelStageSettings#fraud()}) runs as {@code fraud-default}, and its whole trainer (concept drift
 * and its response included) as {@code fraud-pipeline}, which also prints its model events.
 */
public final class FraudBenchmark {

  /** The kind of the configuration that runs the fraud pipeline's whole trainer. */
  static final String PIPELINE = "fraud-pipeline";

  static final LocalDate HANDBOOK_TRAINING_START = LocalDate.of(2018, 7, 25);
  static final LocalDate VALIDATION_FROM = LocalDate.of(2018, 7, 11);
  static final LocalDate VALIDATION_TO = LocalDate.of(2018, 7, 31);

  /**
   * One learner configuration.
   *
   * @param name the row name
   * @param kind a learner kind of the catalog
   * @param params its parameters
   * @param weighting the parameters of the {@code class-weighted} wrapper around it ({@code
   *     weighting}, {@code positive_weight}, ...), empty for none
   */
  record Config(
      String name,
      String kind,
      Map<String, String> params,
      Map<String, String> weighting,
      ModelStageSettings stage) {

    /** A bare learner. */
    static Config plain(String name, String kind, Map<String, String> params) {
      return new Config(name, kind, params, Map.of(), null);
    }

    /** A learner behind balanced class weights. */
    static Config balanced(String name, String kind, Map<String, String> params) {
      return new Config(name, kind, params, Map.of("weighting", "balanced"), null);
    }

    /** A learner whose positive examples weigh {@code positive}. */
    static Config positiveWeight(
        String name, String kind, Map<String, String> params, double positive) {
      return new Config(
          name,
          kind,
          params,
          Map.of("weighting", "fixed", "positive_weight", Double.toString(positive)),
          null);
    }

    /** The model stage's whole trainer with {@code settings}. */
    static Config trainer(String name, ModelStageSettings settings) {
      return new Config(name, PIPELINE, Map.of(), Map.of(), settings);
    }

    /** The model stage's trainer rather than a bare learner. */
    boolean pipeline() {
      return stage != null;
    }

    OnlineClassifier create() {
      if (weighting.isEmpty()) {
        return LearnerCatalog.standard().create(kind, params);
      }
      Map<String, String> wrapped = new TreeMap<>(weighting);
      wrapped.put("learner", kind);
      params.forEach((k, v) -> wrapped.put("learner." + k, v));
      return LearnerCatalog.standard().create("class-weighted", wrapped);
    }
  }

  /** Every configuration tried, by name, in the order they run. */
  static Map<String, Config> configs() {
    List<Config> list = new ArrayList<>();
    for (boolean balanced : new boolean[] {false, true}) {
      String w = balanced ? "-balanced" : "";
      java.util.function.BiFunction<String, Map<String, String>, Config> lr =
          (name, params) ->
              balanced
                  ? Config.balanced(name + w, "logistic-regression", params)
                  : Config.plain(name + w, "logistic-regression", params);
      list.add(lr.apply("lr-sgd-0.01", Map.of("optimizer", "sgd")));
      list.add(lr.apply("lr-sgd-0.001", Map.of("optimizer", "sgd", "learning_rate", "0.001")));
      list.add(lr.apply("lr-adagrad-0.1", Map.of("optimizer", "adagrad")));
      list.add(lr.apply("lr-adagrad-0.5", Map.of("optimizer", "adagrad", "learning_rate", "0.5")));
      list.add(lr.apply("lr-ftrl-0.05", Map.of("optimizer", "ftrl")));
      list.add(lr.apply("lr-ftrl-0.5", Map.of("optimizer", "ftrl", "alpha", "0.5")));
      list.add(
          balanced
              ? Config.balanced("ht" + w, "hoeffding-tree", Map.of())
              : Config.plain("ht" + w, "hoeffding-tree", Map.of()));
      list.add(
          balanced
              ? Config.balanced("hat" + w, "hoeffding-adaptive-tree", Map.of())
              : Config.plain("hat" + w, "hoeffding-adaptive-tree", Map.of()));
      list.add(
          balanced
              ? Config.balanced("arf-10" + w, "adaptive-random-forest", Map.of())
              : Config.plain("arf-10" + w, "adaptive-random-forest", Map.of()));
    }
    String arf = "adaptive-random-forest";
    list.add(Config.balanced("arf-25-balanced", arf, Map.of("ensemble_size", "25")));
    list.add(Config.plain("arf-25", arf, Map.of("ensemble_size", "25")));
    list.add(Config.plain("arf-50", arf, Map.of("ensemble_size", "50")));
    list.add(Config.plain("arf-10-gp200", arf, Map.of("grace_period", "200")));
    list.add(Config.plain("arf-10-mc", arf, Map.of("leaf_prediction", "mc")));
    list.add(Config.plain("arf-10-nb", arf, Map.of("leaf_prediction", "nb")));
    list.add(Config.plain("arf-10-lambda1", arf, Map.of("lambda", "1")));
    list.add(Config.plain("arf-10-lambda3", arf, Map.of("lambda", "3")));
    list.add(
        Config.plain("arf-25-gp200", arf, Map.of("ensemble_size", "25", "grace_period", "200")));
    for (int positive : new int[] {2, 3, 5}) {
      list.add(Config.positiveWeight("arf-10-pos" + positive, arf, Map.of(), positive));
      list.add(
          Config.positiveWeight(
              "arf-25-pos" + positive, arf, Map.of("ensemble_size", "25"), positive));
    }
    list.add(Config.plain("arf-25-lambda3", arf, Map.of("ensemble_size", "25", "lambda", "3")));
    list.add(Config.positiveWeight("arf-10-lambda3-pos2", arf, Map.of("lambda", "3"), 2));
    Map<String, String> gp200lambda3 = Map.of("grace_period", "200", "lambda", "3");
    list.add(Config.plain("arf-10-gp200-lambda3", arf, gp200lambda3));
    list.add(Config.positiveWeight("arf-10-gp200-lambda3-pos2", arf, gp200lambda3, 2));
    list.add(
        Config.plain(
            "arf-25-gp200-lambda3",
            arf,
            Map.of("ensemble_size", "25", "grace_period", "200", "lambda", "3")));
    // the learner's own seed (default 1): how much of a difference is luck
    for (String seed : new String[] {"0", "2"}) {
      list.add(
          Config.plain("arf-10-lambda3-seed" + seed, arf, Map.of("lambda", "3", "seed", seed)));
      list.add(Config.positiveWeight("arf-10-pos2-seed" + seed, arf, Map.of("seed", seed), 2));
      list.add(
          Config.plain(
              "arf-10-gp200-seed" + seed, arf, Map.of("grace_period", "200", "seed", seed)));
      Map<String, String> seeded = new TreeMap<>(gp200lambda3);
      seeded.put("seed", seed);
      list.add(Config.plain("arf-10-gp200-lambda3-seed" + seed, arf, seeded));
    }
    ModelStageSettings fraud = ModelStageSettings.fraud();
    list.add(
        new Config(
            "fraud-default",
            fraud.learnerKind(),
            fraud.learnerParams(),
            fraud.classWeight().wrapperParams(),
            null));
    list.add(Config.trainer(PIPELINE, fraud));
    // the previous default learner (FTRL behind balanced weights) in today's trainer
    list.add(
        Config.trainer(
            PIPELINE + "-ftrl-balanced",
            fraud
                .withLearner("logistic-regression", Map.of("optimizer", "ftrl"))
                .withClassWeight(ModelStageSettings.ClassWeighting.BALANCED)));
    // the accuracy choice in the trainer, concept drift included
    list.add(
        Config.trainer(PIPELINE + "-arf-10-gp200-lambda3", fraud.withLearner(arf, gp200lambda3)));
    Map<String, Config> byName = new LinkedHashMap<>();
    list.forEach(c -> byName.put(c.name(), c));
    return byName;
  }

  /** What one learner scored, and how well. */
  record Run(
      Config config,
      double seconds,
      FraudMetrics.Result validation,
      FraudMetrics.Result testHandbook,
      FraudMetrics.Result testPlain,
      FraudMetrics.Result secondHalf,
      List<FraudMetrics.Result> weeks) {}

  private FraudBenchmark() {}

  public static void main(String[] args) throws IOException {
    long seed = 0;
    List<DriftChange> drift = new ArrayList<>();
    Path cache = Path.of("target", "fraud-benchmark");
    Path csv = Path.of("target", "fraud-benchmark", "prequential-weeks.csv");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--drift" -> drift.add(DriftChange.parse(args[++i]));
        case "--cache" -> cache = Path.of(args[++i]);
        case "--csv" -> csv = Path.of(args[++i]);
        default -> names.add(args[i]);
      }
    }
    Map<String, Config> all = configs();
    List<Config> chosen = new ArrayList<>();
    if (names.isEmpty()) {
      chosen.addAll(all.values());
    } else {
      for (String name : names) {
        Config c = all.get(name);
        if (c == null) {
          System.err.println("unknown configuration '" + name + "'; known: " + all.keySet());
          System.exit(2);
        }
        chosen.add(c);
      }
    }
    long t0 = System.nanoTime();
    FraudDataset data = FraudDataset.load(seed, drift, cache);
    System.out.printf(
        Locale.ROOT,
        "dataset: seed %d, drift %s, %,d transactions, %,d frauds, %d features (%.1f s)%n",
        seed,
        drift.isEmpty() ? "none" : drift,
        data.size,
        count(data.fraud),
        data.featureNames.size(),
        (System.nanoTime() - t0) / 1e9);
    List<Run> runs = new ArrayList<>();
    for (Config config : chosen) {
      Run run = run(data, config);
      runs.add(run);
      System.out.println(row(run));
      System.out.flush();
    }
    System.out.println();
    System.out.println(
        "| learner | validation AUC | validation AP | validation CP@100 | test AUC (handbook) | test"
            + " AP (handbook) | test CP@100 (handbook) | test AUC (all) | test AP (all) | test CP@100"
            + " (all) | 2nd half AUC | 2nd half AP | 2nd half CP@100 | seconds |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    runs.forEach(r -> System.out.println(row(r)));
    Run best =
        runs.stream()
            .max(
                (a, b) ->
                    Double.compare(
                        a.validation().averagePrecision(), b.validation().averagePrecision()))
            .orElseThrow();
    System.out.println();
    System.out.println("selected on validation average precision: " + best.config().name());
    writeWeeks(csv, data, runs);
    System.out.println("weekly prequential curves: " + csv);
  }

  static Run run(FraudDataset d, Config config) {
    TrainerClassifier trainer = config.pipeline() ? new TrainerClassifier(config.stage(), d) : null;
    OnlineClassifier learner = trainer != null ? trainer : config.create();
    double[] scores = new double[d.size];
    FeatureVector.Schema schema = FeatureVector.Schema.of(d.featureNames);
    int width = d.featureNames.size();
    Iterator<LabelledExample<Integer>> examples =
        new Iterator<>() {
          int next;

          @Override
          public boolean hasNext() {
            return next < d.size;
          }

          @Override
          public LabelledExample<Integer> next() {
            if (next >= d.size) {
              throw new NoSuchElementException();
            }
            int i = next++;
            FeatureVector x = schema.newVector();
            for (int j = 0; j < width; j++) {
              x.set(j, d.features[i * width + j]);
            }
            if (trainer != null) {
              trainer.expect(x, i);
            }
            return new LabelledExample<>(i, x, d.fraud[i], d.eventTime[i], d.labelTime[i], 1.0);
          }
        };
    long start = System.nanoTime();
    ProgressiveValidation.<Integer>builder()
        .learner(learner)
        .delay(LabelDelay.perExample())
        .listener(
            new EvaluationListener<>() {
              @Override
              public void onPrediction(LabelledExample<Integer> example, double score) {
                scores[example.tag()] = score;
              }
            })
        .build()
        .run(examples);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (trainer != null) {
      Map<ModelEventType, Integer> counts = new TreeMap<>();
      List<String> responses = new ArrayList<>();
      for (TrainerEvent e : trainer.events()) {
        counts.merge(e.type(), 1, Integer::sum);
        if (e.type() != ModelEventType.WARNING && e.type() != ModelEventType.BACKGROUND_STARTED) {
          responses.add(
              String.format(
                  Locale.ROOT,
                  "%s@day %.1f",
                  e.type(),
                  (e.eventTimeMillis() - d.startMillis) / (double) FraudDataset.DAY));
        }
      }
      System.out.println(
          config.name()
              + ": "
              + config.stage().learnerFingerprint()
              + ", "
              + config.stage().conceptDrift()
              + "; model events "
              + counts
              + "; drift responses (day from the start, by event time of the example): "
              + responses);
    }
    int lastDay = d.day[d.size - 1];
    List<FraudMetrics.Result> weeks = new ArrayList<>();
    for (int from = 0; from <= lastDay; from += 7) {
      weeks.add(FraudMetrics.plain(d, scores, from, Math.min(lastDay, from + 6)));
    }
    int test = d.dayOf(HANDBOOK_TRAINING_START) + 14;
    return new Run(
        config,
        seconds,
        FraudMetrics.plain(d, scores, d.dayOf(VALIDATION_FROM), d.dayOf(VALIDATION_TO)),
        FraudMetrics.handbook(d, scores, HANDBOOK_TRAINING_START),
        FraudMetrics.plain(d, scores, test, test + 6),
        FraudMetrics.plain(d, scores, (lastDay + 1) / 2, lastDay),
        weeks);
  }

  private static String row(Run r) {
    return String.format(
        Locale.ROOT,
        "| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f"
            + " | %.0f |",
        r.config().name(),
        r.validation().auc(),
        r.validation().averagePrecision(),
        r.validation().cardPrecision(),
        r.testHandbook().auc(),
        r.testHandbook().averagePrecision(),
        r.testHandbook().cardPrecision(),
        r.testPlain().auc(),
        r.testPlain().averagePrecision(),
        r.testPlain().cardPrecision(),
        r.secondHalf().auc(),
        r.secondHalf().averagePrecision(),
        r.secondHalf().cardPrecision(),
        r.seconds());
  }

  private static void writeWeeks(Path csv, FraudDataset d, List<Run> runs) throws IOException {
    Files.createDirectories(csv.toAbsolutePath().getParent());
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
      out.println(
          "learner,week,first_day,transactions,frauds,roc_auc,average_precision,card_precision_at_100");
      for (Run r : runs) {
        for (int w = 0; w < r.weeks().size(); w++) {
          FraudMetrics.Result m = r.weeks().get(w);
          out.printf(
              Locale.ROOT,
              "%s,%d,%s,%d,%d,%.4f,%.4f,%.4f%n",
              r.config().name(),
              w + 1,
              LocalDate.ofEpochDay(Math.floorDiv(d.startMillis, FraudDataset.DAY)).plusDays(7L * w),
              m.transactions(),
              m.frauds(),
              m.auc(),
              m.averagePrecision(),
              m.cardPrecision());
        }
      }
    }
  }

  private static int count(boolean[] values) {
    int n = 0;
    for (boolean v : values) {
      n += v ? 1 : 0;
    }
    return n;
  }
}
