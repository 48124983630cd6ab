package io.streamlearn.monitoring.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CardPrecisionAtKTest {

  @Test
  void averagesTheDailyPrecisionOfTheTopKCards() {
    CardPrecisionAtK cp = new CardPrecisionAtK(2, 30);
    // day 1: card a (max 0.9, fraud), b (0.8, genuine), c (0.7, fraud): top 2 = a, b -> 1/2
    cp.update("a", 1, 0.3, false);
    cp.update("a", 1, 0.9, false);
    cp.update("a", 1, 0.1, true);
    cp.update("b", 1, 0.8, false);
    cp.update("c", 1, 0.7, true);
    // day 2: only one card, fraudulent: 1 / k = 1/2
    cp.update("c", 2, 0.2, true);
    // day 3: d and e tie at 0.5, both fraudulent, f genuine at 0.6: top 2 = f, d -> 1/2
    cp.update("e", 3, 0.5, true);
    cp.update("d", 3, 0.5, true);
    cp.update("f", 3, 0.6, false);
    assertThat(cp.dailyPrecision(1)).isEqualTo(0.5);
    assertThat(cp.dailyPrecision(2)).isEqualTo(0.5);
    assertThat(cp.dailyPrecision(3)).isEqualTo(0.5);
    cp.update("f", 3, 0.1, true);
    assertThat(cp.dailyPrecision(3)).as("f turned out fraudulent the same day").isEqualTo(1.0);
    assertThat(cp.get()).isCloseTo((0.5 + 0.5 + 1.0) / 3, within(1e-15));
    assertThat(cp.dailyPrecision(4)).isNaN();
  }

  @Test
  void matchesABruteForceComputationOnRandomTransactions() {
    Random random = new Random(9);
    CardPrecisionAtK cp = new CardPrecisionAtK(10, 1_000);
    List<Object[]> events = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      String card = "card-" + random.nextInt(500);
      long day = random.nextInt(20);
      boolean fraud = random.nextDouble() < 0.02;
      double score = Math.min(1, random.nextDouble() * 0.6 + (fraud ? 0.4 : 0));
      cp.update(card, day, score, fraud);
      events.add(new Object[] {card, day, score, fraud});
    }
    double sum = 0;
    for (long day = 0; day < 20; day++) {
      Map<String, double[]> cards = new HashMap<>();
      for (Object[] e : events) {
        if ((long) e[1] == day) {
          double[] c = cards.computeIfAbsent((String) e[0], k -> new double[] {-1, 0});
          c[0] = Math.max(c[0], (double) e[2]);
          c[1] = Math.max(c[1], (boolean) e[3] ? 1 : 0);
        }
      }
      List<Map.Entry<String, double[]>> ranked = new ArrayList<>(cards.entrySet());
      ranked.sort(
          (a, b) ->
              a.getValue()[0] != b.getValue()[0]
                  ? Double.compare(b.getValue()[0], a.getValue()[0])
                  : a.getKey().compareTo(b.getKey()));
      double hits = 0;
      for (int i = 0; i < 10; i++) {
        hits += ranked.get(i).getValue()[1];
      }
      assertThat(cp.dailyPrecision(day)).as("day %d", day).isEqualTo(hits / 10);
      sum += hits / 10;
    }
    assertThat(cp.get()).isCloseTo(sum / 20, within(1e-12));
  }

  @Test
  void keepsOnlyTheRetainedDaysAndCountsEventsForOlderOnes() {
    CardPrecisionAtK cp = new CardPrecisionAtK(1, 2);
    cp.update("a", 10, 0.9, true);
    cp.update("a", 11, 0.9, false);
    cp.update("a", 12, 0.9, false);
    assertThat(cp.days()).containsExactly(11L, 12L);
    assertThat(cp.get()).isZero();
    cp.update("b", 9, 0.99, true);
    assertThat(cp.tooLateEvents()).isEqualTo(1);
    assertThat(cp.days()).containsExactly(11L, 12L);
  }

  @Test
  void restoredStateGivesTheSameValues() throws IOException {
    CardPrecisionAtK cp = new CardPrecisionAtK(3, 5);
    Random random = new Random(2);
    for (int i = 0; i < 500; i++) {
      cp.update(
          "c" + random.nextInt(20), random.nextInt(7), random.nextDouble(), random.nextBoolean());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    cp.writeState(new DataOutputStream(bytes));
    CardPrecisionAtK restored = new CardPrecisionAtK(3, 5);
    restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(restored.days()).isEqualTo(cp.days());
    assertThat(restored.get()).isEqualTo(cp.get());
    assertThat(restored.tooLateEvents()).isEqualTo(cp.tooLateEvents());
  }
}
