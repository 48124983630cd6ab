package io.streamlearn.model.core.tree;

import io.streamlearn.model.core.Parameter;
import io.streamlearn.model.core.ParameterValues;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The catalog parameters of a Hoeffding tree, shared by every tree learner (the Hoeffding tree, the
 * Hoeffding Adaptive Tree and the members of the Adaptive Random Forest), each with its own
 * defaults.
 */
public final class TreeParameters {

  /** The values of {@code leaf_prediction}, as River names them. */
  public static final List<String> LEAF_PREDICTIONS = List.of("nba", "nb", "mc");

  private TreeParameters() {}

  /** The parameters, defaulting to {@code defaults}. */
  public static List<Parameter> declare(HoeffdingTreeOptions defaults) {
    List<Parameter> parameters = new ArrayList<>();
    parameters.add(
        Parameter.integer(
            "grace_period",
            defaults.gracePeriod(),
            "Weight a leaf observes between split attempts (MOA -g)."));
    parameters.add(
        Parameter.decimal(
            "split_confidence",
            defaults.splitConfidence(),
            "Allowed error delta of a split decision in the Hoeffding bound (MOA -c)."));
    parameters.add(
        Parameter.decimal(
            "tie_threshold",
            defaults.tieThreshold(),
            "Hoeffding bound below which a split is forced between near-equal candidates (MOA"
                + " -t)."));
    parameters.add(
        Parameter.choice(
            "leaf_prediction",
            name(defaults.leafPrediction()),
            LEAF_PREDICTIONS,
            "Leaf prediction: naive Bayes adaptive, naive Bayes or majority class (MOA -l)."));
    parameters.add(
        Parameter.integer(
            "nb_threshold",
            defaults.nbThreshold(),
            "Weight a leaf must see before naive Bayes predicts there (MOA -q)."));
    parameters.add(
        Parameter.integer(
            "numeric_split_points",
            defaults.numericSplitPoints(),
            "Candidate thresholds per numeric feature of the Gaussian observer."));
    parameters.add(
        Parameter.decimal(
            "min_branch_fraction",
            defaults.minBranchFraction(),
            "Minimum fraction of the weight that two branches of a split must each receive."));
    parameters.add(
        Parameter.flag(
            "binary_splits",
            defaults.binarySplits(),
            "Nominal features split one code against the rest only (MOA -b)."));
    parameters.add(
        Parameter.text(
            "nominal_features",
            String.join(",", defaults.nominalFeatures()),
            "Comma-separated names of features whose values are nominal integer codes."));
    return parameters;
  }

  /** The options given by parsed parameter values. */
  public static HoeffdingTreeOptions parse(ParameterValues p) {
    TreeSet<String> nominal = new TreeSet<>();
    for (String name : p.getString("nominal_features").split(",")) {
      if (!name.isBlank()) {
        nominal.add(name.strip());
      }
    }
    return new HoeffdingTreeOptions(
        p.getInt("grace_period"),
        p.getDouble("split_confidence"),
        p.getDouble("tie_threshold"),
        leafPrediction(p.getChoice("leaf_prediction")),
        p.getInt("nb_threshold"),
        p.getInt("numeric_split_points"),
        p.getDouble("min_branch_fraction"),
        p.getBoolean("binary_splits"),
        nominal);
  }

  static String name(LeafPrediction mode) {
    return switch (mode) {
      case NAIVE_BAYES_ADAPTIVE -> "nba";
      case NAIVE_BAYES -> "nb";
      case MAJORITY_CLASS -> "mc";
    };
  }

  static LeafPrediction leafPrediction(String name) {
    return switch (name) {
      case "nba" -> LeafPrediction.NAIVE_BAYES_ADAPTIVE;
      case "nb" -> LeafPrediction.NAIVE_BAYES;
      case "mc" -> LeafPrediction.MAJORITY_CLASS;
      default -> throw new IllegalArgumentException("unknown leaf prediction '" + name + "'");
    };
  }
}
