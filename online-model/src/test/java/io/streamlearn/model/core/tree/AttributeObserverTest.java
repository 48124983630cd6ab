package io.streamlearn.model.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AttributeObserverTest {

  private static final HoeffdingTreeOptions OPTIONS = HoeffdingTreeOptions.DEFAULTS;

  /** Play tennis, outlook coded sunny 0, overcast 1, rain 2; class 1 is "yes". */
  private static NominalObserver outlook() {
    NominalObserver observer = new NominalObserver();
    int[][] noYesByCode = {{3, 2}, {0, 4}, {2, 3}};
    for (int code = 0; code < 3; code++) {
      for (int c = 0; c < 2; c++) {
        for (int i = 0; i < noYesByCode[code][c]; i++) {
          observer.observe(code, c, 1.0);
        }
      }
    }
    return observer;
  }

  @Test
  void nominalObserverPrefersTheMultiwaySplitOnOutlook() {
    SplitSuggestion best = outlook().bestSplit(new double[] {5, 9}, 7, OPTIONS);
    assertThat(best.test()).isEqualTo(new SplitTest.NominalMultiway(7));
    assertThat(best.merit()).isCloseTo(0.24674981977443933, within(1e-14));
  }

  @Test
  void withBinarySplitsOnlyOvercastAgainstTheRestWins() {
    SplitSuggestion best =
        outlook().bestSplit(new double[] {5, 9}, 7, OPTIONS.withBinarySplits(true));
    assertThat(best.test()).isEqualTo(new SplitTest.NominalBinary(7, 1));
    assertThat(best.merit()).isCloseTo(0.22600024438491684, within(1e-14));
  }

  @Test
  void nominalLikelihoodIsLaplaceSmoothed() {
    // "yes" saw sunny 2, overcast 4, rain 3: (4 + 1) / (9 + 3)
    assertThat(outlook().likelihood(1, 1)).isCloseTo(5.0 / 12, within(1e-15));
    // a code never seen with "no" (overcast): (0 + 1) / (5 + 3)
    assertThat(outlook().likelihood(1, 0)).isCloseTo(1.0 / 8, within(1e-15));
  }

  @Test
  void gaussianObserverProposesTenEvenlySpacedThresholdsAndKeepsTheBest() {
    GaussianNumericObserver observer = new GaussianNumericObserver();
    observer.observe(0.0, 0, 1.0);
    observer.observe(2.0, 0, 1.0);
    observer.observe(4.0, 1, 1.0);
    observer.observe(6.0, 1, 1.0);
    double[] pre = {2, 2};
    SplitSuggestion best = observer.bestSplit(pre, 3, OPTIONS);
    // thresholds 6/11 * k for k = 1..10; the best lies between the classes
    SplitTest.NumericBinary test = (SplitTest.NumericBinary) best.test();
    assertThat(test.featureId()).isEqualTo(3);
    double bestMerit = Double.NEGATIVE_INFINITY;
    double bestThreshold = Double.NaN;
    for (int k = 1; k <= 10; k++) {
      double threshold = 6.0 / 11 * k;
      double merit =
          InfoGainSplitCriterion.merit(pre, observer.branchDistributions(threshold), 0.01);
      if (merit > bestMerit) {
        bestMerit = merit;
        bestThreshold = threshold;
      }
    }
    assertThat(test.threshold()).isEqualTo(bestThreshold);
    assertThat(best.merit()).isEqualTo(bestMerit);
    assertThat(test.threshold()).isBetween(2.0, 4.0);
  }

  @Test
  void gaussianBranchWeightsFollowEachClassNormal() {
    GaussianNumericObserver observer = new GaussianNumericObserver();
    observer.observe(0.0, 0, 1.0);
    observer.observe(4.0, 0, 1.0);
    observer.observe(2.0, 1, 1.0);
    observer.observe(6.0, 1, 1.0);
    // hand computation with math.erf: 2 * Phi((t - mean) / sqrt(8)), t = 30/11, means 2 and 4
    double[][] branches = observer.branchDistributions(6.0 / 11 * 5);
    assertThat(branches[0][0]).isCloseTo(1.2029213789478557, within(1e-12));
    assertThat(branches[0][1]).isCloseTo(0.6527269942040037, within(1e-12));
    assertThat(branches[1][0]).isCloseTo(0.7970786210521443, within(1e-12));
    assertThat(branches[1][1]).isCloseTo(1.3472730057959963, within(1e-12));
  }

  @Test
  void aClassBeyondTheThresholdSendsAllItsWeightToOneSide() {
    GaussianNumericObserver observer = new GaussianNumericObserver();
    observer.observe(0.0, 0, 1.0);
    observer.observe(1.0, 0, 2.0);
    observer.observe(5.0, 1, 1.0);
    observer.observe(6.0, 1, 1.0);
    double[][] branches = observer.branchDistributions(3.0);
    assertThat(branches[0]).containsExactly(3.0, 0.0);
    assertThat(branches[1]).containsExactly(0.0, 2.0);
  }

  @Test
  void aConstantFeatureProposesNoSplit() {
    GaussianNumericObserver observer = new GaussianNumericObserver();
    observer.observe(1.0, 0, 1.0);
    observer.observe(1.0, 1, 1.0);
    assertThat(observer.bestSplit(new double[] {1, 1}, 0, OPTIONS)).isNull();
  }
}
