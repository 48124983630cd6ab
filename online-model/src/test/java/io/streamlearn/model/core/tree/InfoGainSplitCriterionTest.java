package io.streamlearn.model.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Quinlan's play-tennis data: 5 "no", 9 "yes"; outlook sunny 3/2, overcast 0/4, rain 2/3. */
class InfoGainSplitCriterionTest {

  private static final double[] PLAY = {5, 9};

  @Test
  void entropyOfNineYesAndFiveNoIsAboutPointNineFour() {
    assertThat(InfoGainSplitCriterion.entropy(PLAY)).isCloseTo(0.9402859586706311, within(1e-14));
    assertThat(InfoGainSplitCriterion.entropy(new double[] {4, 4})).isEqualTo(1.0);
    assertThat(InfoGainSplitCriterion.entropy(new double[] {0, 4})).isZero();
  }

  @Test
  void gainOfSplittingOnOutlookIsAboutPointTwoFourSeven() {
    double[][] outlook = {{3, 2}, {0, 4}, {2, 3}};
    assertThat(InfoGainSplitCriterion.merit(PLAY, outlook, 0.01))
        .isCloseTo(0.24674981977443933, within(1e-14));
  }

  @Test
  void aSplitSendingAlmostEverythingOneWayHasNoMerit() {
    double[][] lopsided = {{0.05, 0.04}, {500, 400}};
    assertThat(InfoGainSplitCriterion.merit(new double[] {500.05, 400.04}, lopsided, 0.01))
        .isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(InfoGainSplitCriterion.merit(new double[] {500.05, 400.04}, lopsided, 0.0))
        .isCloseTo(0.0, within(1e-12));
  }

  @Test
  void hoeffdingBoundAfterTwoHundredExamplesIsAboutPointTwo() {
    // sqrt(ln(1 / 1e-7) / (2 * 200)) for a merit range of 1 bit
    assertThat(InfoGainSplitCriterion.hoeffdingBound(1.0, 1e-7, 200))
        .isCloseTo(0.20073674085078647, within(1e-15));
  }
}
