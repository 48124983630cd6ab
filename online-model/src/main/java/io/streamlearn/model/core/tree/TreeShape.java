package io.streamlearn.model.core.tree;

import java.util.Locale;

/** Counts and descriptions of a tree's shape, for introspection and tests. */
final class TreeShape {

  private TreeShape() {}

  static int leaves(Node node) {
    if (node == null) {
      return 0;
    }
    if (node instanceof SplitNode split) {
      int count = 0;
      for (int i = 0; i < split.childCount(); i++) {
        count += leaves(split.child(i));
      }
      return count;
    }
    return 1;
  }

  static int splitNodes(Node node) {
    if (node instanceof SplitNode split) {
      int count = 1;
      for (int i = 0; i < split.childCount(); i++) {
        count += splitNodes(split.child(i));
      }
      return count;
    }
    return 0;
  }

  static int depth(Node node) {
    if (node instanceof SplitNode split) {
      int deepest = 0;
      for (int i = 0; i < split.childCount(); i++) {
        deepest = Math.max(deepest, depth(split.child(i)));
      }
      return deepest + 1;
    }
    return 0;
  }

  static String describe(SplitTest test, FeatureSpace features) {
    String name = features.name(test.featureId());
    if (test instanceof SplitTest.NumericBinary numeric) {
      return String.format(Locale.ROOT, "%s <= %s", name, numeric.threshold());
    }
    if (test instanceof SplitTest.NominalBinary binary) {
      return name + " = " + binary.value();
    }
    return name + " (multiway)";
  }
}
