package io.streamlearn.monitoring.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rolling and cumulative ROC-AUC and average precision against brute-force computations. */
class RankMetricsTest {

  private record Example(boolean actual, double score) {}

  /** Scores rounded to two decimals, so ties are frequent; about 20% positives. */
  private static List<Example> examples(long seed, int n) {
    Random random = new Random(seed);
    List<Example> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean actual = random.nextDouble() < 0.2;
      double score = Math.round((random.nextDouble() * 0.7 + (actual ? 0.3 : 0)) * 100) / 100.0;
      list.add(new Example(actual, score));
    }
    return list;
  }

  static double bruteForceAuc(List<Example> examples) {
    long wins2 = 0;
    long p = 0;
    long n = 0;
    for (Example a : examples) {
      if (a.actual()) {
        p++;
        for (Example b : examples) {
          if (!b.actual()) {
            wins2 += a.score() > b.score() ? 2 : a.score() == b.score() ? 1 : 0;
          }
        }
      } else {
        n++;
      }
    }
    return p == 0 || n == 0 ? Double.NaN : wins2 / (2.0 * p * n);
  }

  static double bruteForceAveragePrecision(List<Example> examples) {
    List<Example> sorted = new ArrayList<>(examples);
    sorted.sort(Comparator.comparingDouble(Example::score).reversed());
    long positives = examples.stream().filter(Example::actual).count();
    if (positives == 0) {
      return Double.NaN;
    }
    double ap = 0;
    double previousRecall = 0;
    long tp = 0;
    long fp = 0;
    int i = 0;
    while (i < sorted.size()) {
      double threshold = sorted.get(i).score();
      while (i < sorted.size() && sorted.get(i).score() == threshold) {
        if (sorted.get(i).actual()) {
          tp++;
        } else {
          fp++;
        }
        i++;
      }
      double recall = (double) tp / positives;
      ap += (recall - previousRecall) * ((double) tp / (tp + fp));
      previousRecall = recall;
    }
    return ap;
  }

  @Test
  void matchesScikitLearnsDocumentedExamples() {
    // sklearn.metrics.roc_auc_score / average_precision_score docstrings
    RocAuc auc = RocAuc.cumulative();
    AveragePrecision ap = AveragePrecision.cumulative();
    boolean[] y = {false, false, true, true};
    double[] s = {0.1, 0.4, 0.35, 0.8};
    for (int i = 0; i < y.length; i++) {
      auc.update(y[i], s[i]);
      ap.update(y[i], s[i]);
    }
    assertThat(auc.get()).isEqualTo(0.75);
    assertThat(ap.get()).isCloseTo(0.8333333333333333, within(1e-15));
  }

  @Test
  void rollingAucEqualsTheBruteForceAucOfTheLastWindowAfterEveryUpdate() {
    List<Example> data = examples(1, 3_000);
    for (int window : new int[] {1, 2, 7, 100, 500}) {
      RocAuc auc = RocAuc.rolling(window);
      for (int i = 0; i < data.size(); i++) {
        auc.update(data.get(i).actual(), data.get(i).score());
        if (window <= 100 || i % 97 == 0) {
          List<Example> last = data.subList(Math.max(0, i + 1 - window), i + 1);
          double expected = bruteForceAuc(last);
          assertThat(Double.valueOf(auc.get()))
              .as("window %d after %d", window, i + 1)
              .isEqualTo(Double.valueOf(expected));
        }
      }
    }
  }

  @Test
  void rollingAucStaysExactWithDistinctScoresAsNodesAreAddedAndRecycled() {
    Random random = new Random(12);
    List<Example> data = new ArrayList<>();
    RocAuc auc = RocAuc.rolling(1_000);
    for (int i = 0; i < 6_000; i++) {
      boolean actual = random.nextDouble() < 0.3;
      Example e = new Example(actual, random.nextDouble() + (actual ? 0.2 : 0));
      data.add(e);
      auc.update(e.actual(), e.score());
      if (i % 500 == 499) {
        assertThat(auc.get())
            .isEqualTo(bruteForceAuc(data.subList(Math.max(0, i + 1 - 1_000), i + 1)));
      }
    }
  }

  @Test
  void cumulativeAucEqualsTheBruteForceAucOfEverything() {
    List<Example> data = examples(2, 2_000);
    RocAuc auc = RocAuc.cumulative();
    for (int i = 0; i < data.size(); i++) {
      auc.update(data.get(i).actual(), data.get(i).score());
      if (i % 250 == 0 || i == data.size() - 1) {
        assertThat(auc.get()).isCloseTo(bruteForceAuc(data.subList(0, i + 1)), within(1e-15));
      }
    }
  }

  @Test
  void averagePrecisionEqualsTheBruteForceValueRollingAndCumulative() {
    List<Example> data = examples(3, 2_000);
    AveragePrecision rolling = AveragePrecision.rolling(300);
    AveragePrecision cumulative = AveragePrecision.cumulative();
    for (int i = 0; i < data.size(); i++) {
      rolling.update(data.get(i).actual(), data.get(i).score());
      cumulative.update(data.get(i).actual(), data.get(i).score());
      if (i % 41 == 0) {
        assertThat(rolling.get())
            .isCloseTo(
                bruteForceAveragePrecision(data.subList(Math.max(0, i + 1 - 300), i + 1)),
                within(1e-12));
        assertThat(cumulative.get())
            .isCloseTo(bruteForceAveragePrecision(data.subList(0, i + 1)), within(1e-12));
      }
    }
  }

  @Test
  void isUndefinedUntilBothClassesArePresent() {
    RocAuc auc = RocAuc.rolling(3);
    AveragePrecision ap = AveragePrecision.rolling(3);
    assertThat(auc.get()).isNaN();
    auc.update(false, 0.2);
    ap.update(false, 0.2);
    assertThat(auc.get()).isNaN();
    assertThat(ap.get()).isNaN();
    auc.update(true, 0.9);
    assertThat(auc.get()).isEqualTo(1.0);
    auc.update(false, 0.1);
    auc.update(false, 0.1);
    auc.update(false, 0.1);
    assertThat(auc.get()).as("the positive left the window").isNaN();
  }

  @Test
  void restoredStateContinuesExactly() throws IOException {
    List<Example> data = examples(4, 3_000);
    for (RankMetric[] pair :
        new RankMetric[][] {
          {RocAuc.rolling(250), RocAuc.rolling(250)},
          {RocAuc.cumulative(), RocAuc.cumulative()},
          {AveragePrecision.rolling(250), AveragePrecision.rolling(250)},
          {AveragePrecision.cumulative(), AveragePrecision.cumulative()}
        }) {
      RankMetric original = pair[0];
      RankMetric restored = pair[1];
      for (int i = 0; i < 1_500; i++) {
        original.update(data.get(i).actual(), data.get(i).score());
      }
      restored.update(true, 0.5);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      original.writeState(new DataOutputStream(bytes));
      restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      assertThat(restored.get()).isEqualTo(original.get());
      for (int i = 1_500; i < data.size(); i++) {
        original.update(data.get(i).actual(), data.get(i).score());
        restored.update(data.get(i).actual(), data.get(i).score());
      }
      assertThat(restored.get()).as(original.name()).isEqualTo(original.get());
      assertThat(restored.count()).isEqualTo(original.count());
    }
  }

  @Test
  void refusesAStateSavedWithAnotherWindow() throws IOException {
    RocAuc small = RocAuc.rolling(10);
    small.update(true, 0.3);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    small.writeState(new DataOutputStream(bytes));
    assertThatThrownBy(
            () ->
                RocAuc.rolling(20)
                    .readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("window");
  }

  @Test
  void treatsMinusZeroAndZeroAsTheSameScore() {
    RocAuc auc = RocAuc.cumulative();
    auc.update(true, 0.0);
    auc.update(false, -0.0);
    assertThat(auc.get()).isEqualTo(0.5);
  }

  @Test
  void rejectsNonFiniteScoresAndEmptyWindows() {
    assertThatThrownBy(() -> RocAuc.cumulative().update(true, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RocAuc.rolling(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void averagePrecisionOverARocAucIsTheAveragePrecisionOfItsExamplesAndWritesTheSameBytes()
      throws IOException {
    List<Example> data = examples(5, 2_000);
    for (int window : new int[] {0, 300}) {
      RocAuc auc = window == 0 ? RocAuc.cumulative() : RocAuc.rolling(window);
      AveragePrecision own =
          window == 0 ? AveragePrecision.cumulative() : AveragePrecision.rolling(window);
      AveragePrecision view = AveragePrecision.over(auc);
      assertThat(view.isView()).isTrue();
      assertThat(own.isView()).isFalse();
      assertThat(view.window()).isEqualTo(window);
      for (int i = 0; i < data.size(); i++) {
        auc.update(data.get(i).actual(), data.get(i).score());
        own.update(data.get(i).actual(), data.get(i).score());
        if (i % 97 == 0) {
          assertThat(Double.valueOf(view.get())) // NaN until a positive: compared as objects
              .as("window %d, after %d", window, i)
              .isEqualTo(Double.valueOf(own.get()));
          assertThat(view.count()).isEqualTo(own.count());
        }
      }
      assertThat(stateOf(view)).isEqualTo(stateOf(own));

      RocAuc restoredAuc = window == 0 ? RocAuc.cumulative() : RocAuc.rolling(window);
      AveragePrecision restored = AveragePrecision.over(restoredAuc);
      restoredAuc.readState(input(stateOf(auc)));
      restored.readState(input(stateOf(own)));
      assertThat(restored.get()).isEqualTo(own.get());
    }
  }

  @Test
  void aViewRefusesExamplesThatAreNotThoseItReadsAndCannotBeUpdatedItself() throws IOException {
    RocAuc auc = RocAuc.rolling(10);
    AveragePrecision view = AveragePrecision.over(auc);
    auc.update(true, 0.9);
    auc.update(false, 0.2);
    AveragePrecision other = AveragePrecision.rolling(10);
    other.update(true, 0.9);
    other.update(false, 0.3);
    double before = view.get();

    assertThatThrownBy(() -> view.readState(input(stateOf(other))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("differ");
    assertThat(view.get()).isEqualTo(before);
    assertThat(auc.count()).isEqualTo(2);
    assertThatThrownBy(() -> view.update(true, 0.5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rolling_roc_auc");
    assertThatThrownBy(view::reset).isInstanceOf(IllegalStateException.class);
    assertThat(auc.count()).isEqualTo(2);
  }

  private static byte[] stateOf(RankMetric metric) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    metric.writeState(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  private static DataInputStream input(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }
}
