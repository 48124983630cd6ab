package io.streamlearn.model.core.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DenseHoeffdingTreeTest {

  @Test
  void eachLeafObservesOnlyItsRandomSubspace() {
    FeatureSpace features = new FeatureSpace(Set.of());
    DenseHoeffdingTree tree =
        new DenseHoeffdingTree(
            HoeffdingTreeOptions.DEFAULTS.withGracePeriod(100),
            features,
            FeatureSubspace.specified(2),
            7L);
    Random random = new Random(41);
    java.util.Map<String, Double> x = new java.util.HashMap<>();
    for (int i = 0; i < 5000; i++) {
      for (int f = 0; f < 6; f++) {
        x.put("f" + f, random.nextDouble());
      }
      tree.learn(features.encode(x, true), x.get("f0") + x.get("f5") > 1 ? 1 : 0, 1.0);
    }
    int[] leaves = {0};
    visitLeaves(
        tree.root(),
        leaf -> {
          leaves[0]++;
          assertThat(leaf.subspace).hasSize(2).isSorted().doesNotHaveDuplicates();
          for (int id = 0; id < leaf.observers.length; id++) {
            boolean inSubspace = id == leaf.subspace[0] || id == leaf.subspace[1];
            assertThat(leaf.observers[id] != null).isEqualTo(inSubspace);
          }
        });
    assertThat(leaves[0]).isGreaterThan(1);
  }

  @Test
  void leavesOfOneTreeDrawDifferentSubspaces() {
    FeatureSpace features = new FeatureSpace(Set.of());
    DenseHoeffdingTree tree =
        new DenseHoeffdingTree(
            HoeffdingTreeOptions.DEFAULTS.withGracePeriod(50),
            features,
            FeatureSubspace.specified(3),
            8L);
    Random random = new Random(42);
    java.util.Map<String, Double> x = new java.util.HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      for (int f = 0; f < 10; f++) {
        x.put("f" + f, random.nextDouble());
      }
      double sum = 0;
      for (int f = 0; f < 10; f++) {
        sum += x.get("f" + f);
      }
      tree.learn(features.encode(x, true), sum > 5 ? 1 : 0, 1.0);
    }
    java.util.Set<String> subspaces = new java.util.HashSet<>();
    visitLeaves(tree.root(), leaf -> subspaces.add(java.util.Arrays.toString(leaf.subspace)));
    assertThat(subspaces).hasSizeGreaterThan(1);
  }

  private static void visitLeaves(Node node, java.util.function.Consumer<LearningNode> visitor) {
    if (node instanceof SplitNode split) {
      for (int i = 0; i < split.childCount(); i++) {
        visitLeaves(split.child(i), visitor);
      }
    } else if (node instanceof LearningNode leaf) {
      visitor.accept(leaf);
    }
  }
}
