package io.streamlearn.ingest.core.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TransactionSimulatorTest {

  private static final long DAY_MILLIS = 86_400_000L;

  /** A small world: about 580 transactions a day. */
  private static final SimulatorOptions SMALL =
      SimulatorOptions.DEFAULTS.withCustomers(300).withTerminals(600).withDays(40);

  @Test
  void eventsComeInEventTimeOrderWithTransactionsBeforeLabelsOfTheSameTime() {
    List<SimulationEvent> events = eventsOf(SMALL.withLabels(labels(Duration.ZERO, 0.0)));

    for (int i = 1; i < events.size(); i++) {
      SimulationEvent previous = events.get(i - 1);
      SimulationEvent current = events.get(i);
      assertThat(current.eventTimeMillis()).isGreaterThanOrEqualTo(previous.eventTimeMillis());
      if (current.eventTimeMillis() == previous.eventTimeMillis()
          && current instanceof SimulatedTransaction) {
        assertThat(previous).isInstanceOf(SimulatedTransaction.class);
      }
    }
  }

  @Test
  void everyTransactionGetsExactlyOneLabelSevenDaysLaterByDefault() {
    List<SimulationEvent> events = eventsOf(SMALL);
    Map<String, SimulatedTransaction> transactions = new HashMap<>();
    Set<String> labelled = new HashSet<>();

    for (SimulationEvent event : events) {
      if (event instanceof SimulatedTransaction tx) {
        assertThat(transactions.put(tx.transaction().transactionId(), tx)).isNull();
      } else {
        LabelEvent label = ((SimulatedLabel) event).label();
        SimulatedTransaction tx = transactions.get(label.transactionId());
        assertThat(tx).as("label %s follows its transaction", label.transactionId()).isNotNull();
        assertThat(labelled.add(label.transactionId())).isTrue();
        assertThat(label.fraud()).isEqualTo(tx.fraud());
        assertThat(label.transactionTimeMillis()).hasValue(tx.eventTimeMillis());
        assertThat(label.labelTimeMillis()).isEqualTo(tx.eventTimeMillis() + 7 * DAY_MILLIS);
      }
    }
    assertThat(labelled).hasSameSizeAs(transactions.keySet());
    assertThat(transactions).hasSizeGreaterThan(20_000);
  }

  @Test
  void transactionsFollowTheHandbookModel() {
    TransactionSimulator simulator = new TransactionSimulator(SMALL);
    long start = SMALL.startEpochMillis();

    for (SimulatedTransaction tx : transactionsOf(simulator)) {
      TransactionEvent t = tx.transaction();
      long sinceDayStart = t.eventTimeMillis() - start - tx.day() * DAY_MILLIS;
      assertThat(sinceDayStart).isStrictlyBetween(0L, DAY_MILLIS);
      assertThat(sinceDayStart % 1000).isZero();
      assertThat(t.amount()).isGreaterThanOrEqualTo(0.0);
      assertThat(t.amount() * 100).isCloseTo(Math.rint(t.amount() * 100), within(1e-6));
      int customer = Integer.parseInt(t.customerId());
      assertThat(simulator.world().terminalsOf(customer))
          .contains(Integer.parseInt(t.terminalId()));
      assertThat(t.attributes()).isEmpty();
    }
  }

  @Test
  void customersUseOnlyTerminalsWithinTheRadius() {
    SimulatedWorld world = new TransactionSimulator(SMALL).world();

    for (CustomerProfile customer : world.customers()) {
      Set<Integer> used =
          java.util.Arrays.stream(world.terminalsOf(customer.id()))
              .boxed()
              .collect(Collectors.toSet());
      for (TerminalProfile terminal : world.terminals()) {
        double distance = Math.hypot(customer.x() - terminal.x(), customer.y() - terminal.y());
        assertThat(used.contains(terminal.id())).isEqualTo(distance < 5.0);
      }
    }
  }

  @Test
  void customersWithoutATerminalWithinTheRadiusMakeNoTransactions() {
    TransactionSimulator simulator =
        new TransactionSimulator(SMALL.withTerminalRadius(1.0).withDays(5));
    Set<String> withoutTerminals =
        simulator.world().customers().stream()
            .filter(c -> simulator.world().terminalsOf(c.id()).length == 0)
            .map(c -> Integer.toString(c.id()))
            .collect(Collectors.toSet());

    assertThat(simulator.world().customersWithoutTerminals()).isEqualTo(withoutTerminals.size());
    assertThat(withoutTerminals).hasSizeGreaterThan(100);
    assertThat(transactionsOf(simulator))
        .isNotEmpty()
        .noneMatch(tx -> withoutTerminals.contains(tx.transaction().customerId()));
  }

  @Test
  void everyAmountAboveTheThresholdIsFraud() {
    List<SimulatedTransaction> transactions = transactionsOf(new TransactionSimulator(SMALL));

    assertThat(transactions)
        .filteredOn(tx -> tx.transaction().amount() > 220)
        .isNotEmpty()
        .allMatch(SimulatedTransaction::fraud);
    assertThat(transactions)
        .filteredOn(tx -> tx.scenario() == FraudScenario.HIGH_AMOUNT)
        .allMatch(tx -> tx.transaction().amount() > 220);
  }

  @Test
  void aCompromisedTerminalMakesAllItsTransactionsFraudulentOnTheDaysItIsCompromised() {
    List<SimulatedTransaction> transactions = transactionsOf(new TransactionSimulator(SMALL));
    Set<String> compromisedTerminalDays =
        transactions.stream()
            .filter(tx -> tx.scenario() == FraudScenario.COMPROMISED_TERMINAL)
            .map(tx -> tx.transaction().terminalId() + "@" + tx.day())
            .collect(Collectors.toSet());

    assertThat(compromisedTerminalDays).hasSizeGreaterThan(100);
    assertThat(transactions)
        .filteredOn(
            tx -> compromisedTerminalDays.contains(tx.transaction().terminalId() + "@" + tx.day()))
        .allMatch(SimulatedTransaction::fraud);
  }

  @Test
  void compromisedCustomersSpendFiveTimesTheirUsualAmountOnTheFraudulentTransactions() {
    TransactionSimulator simulator = new TransactionSimulator(SMALL);
    List<SimulatedTransaction> scenario3 =
        transactionsOf(simulator).stream()
            .filter(tx -> tx.scenario() == FraudScenario.COMPROMISED_CUSTOMER)
            .toList();

    double meanRatio =
        scenario3.stream()
            .mapToDouble(
                tx ->
                    tx.transaction().amount()
                        / simulator
                            .world()
                            .customers()
                            .get(Integer.parseInt(tx.transaction().customerId()))
                            .meanAmount())
            .average()
            .orElseThrow();
    assertThat(scenario3).hasSizeGreaterThan(300);
    assertThat(meanRatio).isBetween(4.5, 5.8);
  }

  @Test
  void theSameSeedAndOptionsGiveAByteIdenticalStream() {
    SimulatorOptions options =
        SMALL
            .withLabels(labels(Duration.ofDays(7), 0.3))
            .withDrift(
                List.of(
                    DriftChange.parse("10:amount-shift:1.5"),
                    DriftChange.parse("15:new-pattern:3"),
                    DriftChange.parse("20:fraud-rate:2.5")));

    String first = digest(new TransactionSimulator(options));
    String second = digest(new TransactionSimulator(options));

    assertThat(second).isEqualTo(first);
    assertThat(digest(new TransactionSimulator(options.withSeed(7)))).isNotEqualTo(first);
  }

  @Test
  void lateFraudDiscoveriesComeAfterTheRegularDelayAndWithinTheExtraDelay() {
    SimulatorOptions options = SMALL.withLabels(labels(Duration.ofDays(7), 0.5));
    SimulationRun run = new TransactionSimulator(options).run();
    List<SimulatedLabel> labels = new ArrayList<>();
    while (run.hasNext()) {
      if (run.next() instanceof SimulatedLabel label) {
        labels.add(label);
      }
    }

    List<Long> fraudDelays = new ArrayList<>();
    for (SimulatedLabel label : labels) {
      LabelEvent l = label.label();
      long delay = l.labelTimeMillis() - l.transactionTimeMillis().getAsLong();
      if (l.fraud()) {
        fraudDelays.add(delay);
        assertThat(delay).isBetween(7 * DAY_MILLIS, 28 * DAY_MILLIS);
      } else {
        assertThat(delay).isEqualTo(7 * DAY_MILLIS);
      }
    }
    double lateShare =
        fraudDelays.stream().filter(d -> d > 7 * DAY_MILLIS).count() / (double) fraudDelays.size();
    assertThat(lateShare).isCloseTo(0.5, within(0.05));
    assertThat(run.statistics().lateLabels())
        .isEqualTo(fraudDelays.stream().filter(d -> d > 7 * DAY_MILLIS).count());
  }

  @Test
  void anAmountShiftMultipliesTheAmountsFromItsDay() {
    SimulatorOptions options = SMALL.withDrift(List.of(DriftChange.parse("20:amount-shift:2")));
    // Scenario 3 multiplies amounts; every other transaction keeps its drawn amount.
    List<SimulatedTransaction> drawn =
        transactionsOf(new TransactionSimulator(options)).stream()
            .filter(tx -> tx.scenario() != FraudScenario.COMPROMISED_CUSTOMER)
            .toList();

    double before = meanAmount(drawn, 0, 20);
    double after = meanAmount(drawn, 20, 40);

    assertThat(after / before).isCloseTo(2.0, within(0.1));
  }

  @Test
  void aCustomerFrequencyChangeMultipliesTheTransactionsPerDay() {
    SimulatorOptions options =
        SMALL.withDrift(List.of(DriftChange.parse("20:customer-frequency:1.5")));
    List<SimulatedTransaction> transactions = transactionsOf(new TransactionSimulator(options));

    long before = transactions.stream().filter(tx -> tx.day() < 20).count();
    long after = transactions.stream().filter(tx -> tx.day() >= 20).count();

    assertThat((double) after / before).isCloseTo(1.5, within(0.05));
  }

  @Test
  void aFraudRateJumpMultipliesCompromisesOnceTheRampIsOver() {
    SimulatorOptions options =
        SMALL.withDays(80).withDrift(List.of(DriftChange.parse("40:fraud-rate:4")));
    List<SimulatedTransaction> transactions = transactionsOf(new TransactionSimulator(options));

    // Both windows are 28 days or more after compromises began at their current rate.
    long before = compromiseFrauds(transactions, 28, 40);
    long after = compromiseFrauds(transactions, 68, 80);

    assertThat(before).isGreaterThan(300);
    assertThat((double) after / before).isBetween(3.0, 5.0);
  }

  @Test
  void aNewFraudPatternAddsNightPurchasesAtNewTerminalsFromItsDay() {
    SimulatorOptions options = SMALL.withDrift(List.of(DriftChange.parse("25:new-pattern:4")));
    List<SimulatedTransaction> pattern =
        transactionsOf(new TransactionSimulator(options)).stream()
            .filter(tx -> tx.scenario() == FraudScenario.NIGHT_AT_NEW_TERMINALS)
            .toList();
    long start = options.startEpochMillis();

    assertThat(pattern).hasSizeGreaterThan(80);
    for (SimulatedTransaction tx : pattern) {
      assertThat(tx.day()).isGreaterThanOrEqualTo(25);
      long sinceDayStart = tx.eventTimeMillis() - start - tx.day() * DAY_MILLIS;
      assertThat(sinceDayStart).isLessThan(6 * 3_600_000L);
      assertThat(Integer.parseInt(tx.transaction().terminalId())).isBetween(600, 699);
    }
  }

  @Test
  void theExpectedNumberOfTransactionsIsCloseToTheActualOne() {
    SimulatorOptions options =
        SMALL.withDrift(
            List.of(
                DriftChange.parse("10:customer-frequency:2"),
                DriftChange.parse("20:new-pattern:5")));
    TransactionSimulator simulator = new TransactionSimulator(options);

    long actual = transactionsOf(simulator).size();

    assertThat(simulator.expectedTransactions()).isCloseTo(actual, within(0.02 * actual));
  }

  @Test
  void advancingWithoutEventObjectsWalksTheSameStream() {
    SimulatorOptions options = SMALL.withLabels(labels(Duration.ofDays(2), 0.5));
    List<SimulationEvent> events = eventsOf(options);
    SimulationRun run = new TransactionSimulator(options).run();

    for (SimulationEvent event : events) {
      if (event instanceof SimulatedTransaction tx) {
        assertThat(run.advance()).isEqualTo(SimulationRun.Position.TRANSACTION);
        TransactionEvent t = tx.transaction();
        assertThat(
                new TransactionEvent(
                    run.transactionId(),
                    run.eventTimeMillis(),
                    run.customerId(),
                    run.terminalId(),
                    run.amount()))
            .isEqualTo(t);
        assertThat(run.scenario()).isEqualTo(tx.scenario());
        assertThat(run.day()).isEqualTo(tx.day());
      } else {
        LabelEvent l = ((SimulatedLabel) event).label();
        assertThat(run.advance()).isEqualTo(SimulationRun.Position.LABEL);
        assertThat(run.transactionId()).isEqualTo(l.transactionId());
        assertThat(run.labelTimeMillis())
            .isEqualTo(l.labelTimeMillis())
            .isEqualTo(run.eventTimeMillis());
        assertThat(run.transactionTimeMillis()).isEqualTo(l.transactionTimeMillis().getAsLong());
        assertThat(run.scenario().isFraud()).isEqualTo(l.fraud());
        assertThatThrownBy(run::amount)
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("the current event is not a transaction but LABEL");
      }
    }
    assertThat(run.advance()).isEqualTo(SimulationRun.Position.END);
    assertThat(run.hasNext()).isFalse();
    assertThatThrownBy(run::next).isInstanceOf(java.util.NoSuchElementException.class);
    assertThat(run.statistics().events()).isEqualTo(events.size());
  }

  @Test
  void theStreamIsGeneratedLazilyDayByDay() {
    SimulationRun run = new TransactionSimulator(SimulatorOptions.DEFAULTS).run();

    SimulationEvent first = run.next();

    assertThat(first).isInstanceOf(SimulatedTransaction.class);
    assertThat(((SimulatedTransaction) first).day()).isZero();
    assertThat(run.currentDay()).isZero();
    assertThat(new TransactionSimulator(SMALL).events().limit(5)).hasSize(5);
  }

  private static long compromiseFrauds(List<SimulatedTransaction> all, int fromDay, int toDay) {
    return all.stream()
        .filter(tx -> tx.day() >= fromDay && tx.day() < toDay)
        .filter(
            tx ->
                tx.scenario() == FraudScenario.COMPROMISED_TERMINAL
                    || tx.scenario() == FraudScenario.COMPROMISED_CUSTOMER)
        .count();
  }

  private static double meanAmount(List<SimulatedTransaction> all, int fromDay, int toDay) {
    return all.stream()
        .filter(tx -> tx.day() >= fromDay && tx.day() < toDay)
        .mapToDouble(tx -> tx.transaction().amount())
        .average()
        .orElseThrow();
  }

  private static SimulatorOptions.Labels labels(Duration delay, double lateFraction) {
    return new SimulatorOptions.Labels(delay, lateFraction, Duration.ofDays(21));
  }

  private static List<SimulationEvent> eventsOf(SimulatorOptions options) {
    return new TransactionSimulator(options).events().toList();
  }

  private static List<SimulatedTransaction> transactionsOf(TransactionSimulator simulator) {
    return simulator
        .events()
        .filter(SimulatedTransaction.class::isInstance)
        .map(SimulatedTransaction.class::cast)
        .toList();
  }

  /** SHA-256 over an exact text rendering of every event (doubles by their bit patterns). */
  private static String digest(TransactionSimulator simulator) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      simulator
          .events()
          .forEach(
              event -> {
                String line;
                if (event instanceof SimulatedTransaction tx) {
                  TransactionEvent t = tx.transaction();
                  line =
                      "T|"
                          + t.transactionId()
                          + '|'
                          + t.eventTimeMillis()
                          + '|'
                          + t.customerId()
                          + '|'
                          + t.terminalId()
                          + '|'
                          + Double.doubleToLongBits(t.amount())
                          + '|'
                          + tx.scenario()
                          + '\n';
                } else {
                  LabelEvent l = ((SimulatedLabel) event).label();
                  line =
                      "L|"
                          + l.transactionId()
                          + '|'
                          + l.fraud()
                          + '|'
                          + l.labelTimeMillis()
                          + '|'
                          + l.transactionTimeMillis()
                          + '\n';
                }
                sha.update(line.getBytes(StandardCharsets.UTF_8));
              });
      return java.util.HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
