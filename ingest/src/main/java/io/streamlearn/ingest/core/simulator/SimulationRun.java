package io.streamlearn.ingest.core.simulator;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * One pass over a simulated stream: transactions and labels merged in event-time order. A
 * transaction comes before a label with the same time; labels with equal times come in transaction
 * order. Obtain one from {@link TransactionSimulator#run()}; not thread-safe.
 */
public final class SimulationRun implements Iterator<SimulationEvent> {

  static final long CUSTOMER_DAY_STREAM = 3;
  static final long TERMINAL_COMPROMISE_STREAM = 4;
  static final long CUSTOMER_COMPROMISE_STREAM = 5;
  static final long CUSTOMER_FRAUD_PICK_STREAM = 6;
  static final long LABEL_STREAM = 7;
  static final long STOLEN_CARD_STREAM = 8;
  static final long STOLEN_CARD_USE_STREAM = 9;

  private static final int SECONDS_PER_DAY = 86_400;
  private static final double MEAN_TIME_OF_DAY = 43_200.0;
  private static final double STD_TIME_OF_DAY = 20_000.0;
  private static final int NIGHT_SECONDS = 6 * 3_600;
  static final double STOLEN_CARD_USES_PER_DAY = 2.0;

  /** P(1 <= N(43200, 20000) < 86400): the share of drawn times of day that are kept. */
  static final double VALID_TIME_SHARE = 0.96922;

  private static final int MAX_CACHED_IDS = 1 << 20;

  private final SimulatorOptions options;
  private final SimulatedWorld world;
  private final DaySettings[] settingsByDay;
  private final int[] terminalCompromisedUntilDay;
  private final int[] cardStolenUntilDay;
  private final Map<Long, int[]> customerFraudHits = new HashMap<>();
  private static final Comparator<PendingLabel> LABEL_ORDER =
      Comparator.comparingLong(PendingLabel::labelTimeMillis)
          .thenComparingLong(PendingLabel::sequence);

  /** Labels with the regular delay: already in label-time order, as transactions are. */
  private final ArrayDeque<PendingLabel> onTimeLabels = new ArrayDeque<>();

  /** Labels of frauds discovered late. */
  private final PriorityQueue<PendingLabel> lateLabels = new PriorityQueue<>(LABEL_ORDER);

  private final SimulationStatistics statistics;
  private final String[] customerIds;
  private final String[] terminalIds;
  private final long startMillis;
  private final long labelDelayMillis;
  private final long lateFraudMaxExtraSeconds;

  private final int[] secondCounts = new int[SECONDS_PER_DAY + 1];
  private List<Draft> dayDrafts = List.of();
  private Position position;
  private Draft currentTransaction;
  private long currentTransactionMillis;
  private PendingLabel currentLabel;
  private int dayIndex;
  private int nextDay;
  private long nextTransactionNumber;

  SimulationRun(SimulatorOptions options, SimulatedWorld world) {
    this.options = options;
    this.world = world;
    this.settingsByDay = DaySettings.schedule(options);
    this.terminalCompromisedUntilDay = new int[options.terminals()];
    this.cardStolenUntilDay = new int[options.customers()];
    this.statistics = new SimulationStatistics(options.labels().delay().toMillis());
    this.customerIds = new String[Math.min(options.customers(), MAX_CACHED_IDS)];
    this.terminalIds =
        new String
            [Math.min(
                options.terminals() + TransactionSimulator.NEW_PATTERN_TERMINALS, MAX_CACHED_IDS)];
    this.startMillis = options.startEpochMillis();
    this.labelDelayMillis = options.labels().delay().toMillis();
    this.lateFraudMaxExtraSeconds = options.labels().lateFraudMaxExtraDelay().toSeconds();
  }

  /** Counts of the events returned so far. */
  public SimulationStatistics statistics() {
    return statistics;
  }

  /** The simulated day being emitted (the number of days generated so far, minus one). */
  public int currentDay() {
    return Math.max(0, nextDay - 1);
  }

  /** What {@link #advance()} moved to. */
  public enum Position {
    /** A transaction: the transaction accessors describe it. */
    TRANSACTION,
    /** A label: the label accessors describe it. */
    LABEL,
    /** The end of the stream. */
    END
  }

  @Override
  public boolean hasNext() {
    return advanceToTransactionsOrEnd() || nextLabel() != null;
  }

  @Override
  public SimulationEvent next() {
    return switch (advance()) {
      case TRANSACTION ->
          new SimulatedTransaction(
              new TransactionEvent(
                  transactionId(), eventTimeMillis(), customerId(), terminalId(), amount()),
              scenario(),
              day());
      case LABEL ->
          new SimulatedLabel(
              new LabelEvent(
                  transactionId(),
                  scenario().isFraud(),
                  labelTimeMillis(),
                  OptionalLong.of(transactionTimeMillis())),
              scenario());
      case END -> throw new NoSuchElementException("the simulated stream has ended");
    };
  }

  /**
   * Moves to the next event without building an event object, for consumers that only read its
   * fields (the accessors below, valid until the next move). {@link #next()} is the same move with
   * the event built.
   */
  public Position advance() {
    if (advanceToTransactionsOrEnd()) {
      Draft draft = dayDrafts.get(dayIndex);
      long transactionMillis = eventMillis(draft);
      PendingLabel head = nextLabel();
      if (head == null || head.labelTimeMillis() >= transactionMillis) {
        dayIndex++;
        currentTransaction = draft;
        currentTransactionMillis = transactionMillis;
        position = Position.TRANSACTION;
        statistics.recordTransaction(draft.scenario, draft.amount, transactionMillis);
        return position;
      }
    }
    PendingLabel head = nextLabel();
    if (head == null) {
      position = Position.END;
      return position;
    }
    currentLabel = pollLabel(head);
    position = Position.LABEL;
    statistics.recordLabel(currentLabel.labelTimeMillis(), currentLabel.transactionTimeMillis());
    return position;
  }

  /** The transaction id of the current transaction or label. */
  public String transactionId() {
    return position == Position.LABEL ? currentLabel.transactionId() : current().id;
  }

  /** The event time of the current event: the transaction's, or the label's label time. */
  public long eventTimeMillis() {
    return position == Position.LABEL ? currentLabel.labelTimeMillis() : currentTransactionMillis;
  }

  /** The fraud scenario of the current transaction, or of the transaction the label is for. */
  public FraudScenario scenario() {
    return position == Position.LABEL ? currentLabel.scenario() : current().scenario;
  }

  /** The customer of the current transaction. */
  public String customerId() {
    return customerId(current().customer);
  }

  /** The terminal of the current transaction. */
  public String terminalId() {
    return terminalId(current().terminal);
  }

  /** The amount of the current transaction. */
  public double amount() {
    return current().amount;
  }

  /** The simulated day of the current transaction. */
  public int day() {
    return current().day;
  }

  /** When the current label became known. */
  public long labelTimeMillis() {
    return label().labelTimeMillis();
  }

  /** The event time of the transaction the current label is for. */
  public long transactionTimeMillis() {
    return label().transactionTimeMillis();
  }

  private Draft current() {
    if (position != Position.TRANSACTION) {
      throw new IllegalStateException("the current event is not a transaction but " + position);
    }
    return currentTransaction;
  }

  private PendingLabel label() {
    if (position != Position.LABEL) {
      throw new IllegalStateException("the current event is not a label but " + position);
    }
    return currentLabel;
  }

  /** The earliest pending label, or null. */
  private PendingLabel nextLabel() {
    PendingLabel onTime = onTimeLabels.peekFirst();
    PendingLabel late = lateLabels.peek();
    if (onTime == null) {
      return late;
    }
    if (late == null) {
      return onTime;
    }
    return LABEL_ORDER.compare(onTime, late) <= 0 ? onTime : late;
  }

  private PendingLabel pollLabel(PendingLabel head) {
    return head == onTimeLabels.peekFirst() ? onTimeLabels.pollFirst() : lateLabels.poll();
  }

  /** Generates days until one has transactions left to emit; false when all days are done. */
  private boolean advanceToTransactionsOrEnd() {
    while (dayIndex >= dayDrafts.size()) {
      if (nextDay >= options.days()) {
        return false;
      }
      generateDay(nextDay++);
    }
    return true;
  }

  private long eventMillis(Draft draft) {
    return startMillis + ((long) draft.day * SECONDS_PER_DAY + draft.secondOfDay) * 1_000L;
  }

  private void generateDay(int day) {
    DaySettings settings = settingsByDay[day];
    SimulatorOptions.Fraud fraud = options.fraud();
    long seed = options.seed();

    // Scenario 2: terminals compromised from today for the next terminalCompromiseDays days.
    RandomStream terminalRandom = RandomStream.derive(seed, TERMINAL_COMPROMISE_STREAM, day);
    int terminalCount =
        stochasticCount(
            fraud.compromisedTerminalsPerDay() * settings.fraudRateFactor(),
            terminalRandom,
            options.terminals());
    for (int terminal : sampleDistinct(terminalCount, options.terminals(), terminalRandom)) {
      terminalCompromisedUntilDay[terminal] =
          Math.max(terminalCompromisedUntilDay[terminal], day + fraud.terminalCompromiseDays());
    }

    // Scenario 3: customers compromised from today; a share of their transactions in the window
    // is picked now, as the handbook does, which works in a stream because a customer's day is a
    // pure function of (seed, customer, day).
    RandomStream customerRandom = RandomStream.derive(seed, CUSTOMER_COMPROMISE_STREAM, day);
    int customerCount =
        stochasticCount(
            fraud.compromisedCustomersPerDay() * settings.fraudRateFactor(),
            customerRandom,
            options.customers());
    for (int customer : sampleDistinct(customerCount, options.customers(), customerRandom)) {
      pickCompromisedTransactions(customer, day);
    }

    // Drift pattern: cards stolen from today, used at night at new terminals.
    if (settings.stolenCardsPerDay() > 0) {
      RandomStream stolenRandom = RandomStream.derive(seed, STOLEN_CARD_STREAM, day);
      int stolen =
          stochasticCount(
              settings.stolenCardsPerDay() * settings.fraudRateFactor(),
              stolenRandom,
              options.customers());
      for (int customer : sampleDistinct(stolen, options.customers(), stolenRandom)) {
        cardStolenUntilDay[customer] =
            Math.max(cardStolenUntilDay[customer], day + TransactionSimulator.STOLEN_CARD_DAYS);
      }
    }

    List<Draft> drafts = new ArrayList<>(Math.max(16, dayDrafts.size()));
    for (int customer = 0; customer < options.customers(); customer++) {
      int first = drafts.size();
      int legitimate = generateCustomerDay(customer, day, settings, drafts);
      int[] hits = customerFraudHits.remove(key(customer, day));
      for (int i = first; i < first + legitimate; i++) {
        Draft draft = drafts.get(i);
        if (draft.amount > fraud.highAmountThreshold()) {
          draft.scenario = FraudScenario.HIGH_AMOUNT;
        }
        if (terminalCompromisedUntilDay[draft.terminal] > day) {
          draft.scenario = FraudScenario.COMPROMISED_TERMINAL;
        }
        if (hits != null && hits[i - first] > 0) {
          double factor = StrictMath.pow(fraud.compromisedAmountMultiplier(), hits[i - first]);
          draft.amount = cents(draft.amount * factor);
          draft.scenario = FraudScenario.COMPROMISED_CUSTOMER;
        }
      }
      if (cardStolenUntilDay[customer] > day) {
        addStolenCardUses(customer, day, settings, legitimate, drafts);
      }
    }
    Draft[] sorted = sortBySecondOfDay(drafts);

    RandomStream labelRandom = RandomStream.derive(seed, LABEL_STREAM, day);
    double lateFraction = options.labels().lateFraudFraction();
    for (Draft draft : sorted) {
      draft.number = nextTransactionNumber++;
      draft.id = Long.toString(draft.number);
      long transactionMillis = eventMillis(draft);
      long labelMillis = transactionMillis + labelDelayMillis;
      if (draft.scenario.isFraud() && lateFraction > 0 && labelRandom.bernoulli(lateFraction)) {
        labelMillis += (long) (labelRandom.nextDouble() * (lateFraudMaxExtraSeconds + 1)) * 1_000L;
        lateLabels.add(
            new PendingLabel(
                draft.number, draft.id, draft.scenario, transactionMillis, labelMillis));
      } else {
        onTimeLabels.addLast(
            new PendingLabel(
                draft.number, draft.id, draft.scenario, transactionMillis, labelMillis));
      }
    }
    dayDrafts = Arrays.asList(sorted);
    dayIndex = 0;
  }

  /**
   * The day's transactions by time of day, then customer, then the customer's sequence: a stable
   * counting sort on the time, as drafts are built in customer and sequence order.
   */
  private Draft[] sortBySecondOfDay(List<Draft> drafts) {
    int[] start = secondCounts;
    Arrays.fill(start, 0);
    for (Draft draft : drafts) {
      start[draft.secondOfDay + 1]++;
    }
    for (int i = 1; i < start.length; i++) {
      start[i] += start[i - 1];
    }
    Draft[] sorted = new Draft[drafts.size()];
    for (Draft draft : drafts) {
      sorted[start[draft.secondOfDay]++] = draft;
    }
    return sorted;
  }

  /**
   * The handbook's daily transactions of one customer: Poisson(mean) draws of a time of day ~
   * N(43200 s, 20000 s), kept when strictly inside the day, an amount ~ N(mean, std) (a negative
   * draw replaced by U(0, 2 mean), rounded to cents) and a terminal chosen uniformly among the
   * customer's. Appends to {@code out} when it is not null; returns the number of transactions.
   */
  private int generateCustomerDay(int customer, int day, DaySettings settings, List<Draft> out) {
    int[] terminals = world.terminalsOfShared(customer);
    CustomerProfile profile = world.customers().get(customer);
    RandomStream random = RandomStream.derive(options.seed(), CUSTOMER_DAY_STREAM, customer, day);
    int draws = random.poisson(profile.meanTransactionsPerDay() * settings.frequencyFactor());
    double meanAmount = profile.meanAmount() * settings.amountFactor();
    double stdAmount = profile.stdAmount() * settings.amountFactor();
    int count = 0;
    for (int i = 0; i < draws; i++) {
      int secondOfDay = (int) random.normal(MEAN_TIME_OF_DAY, STD_TIME_OF_DAY);
      if (secondOfDay <= 0 || secondOfDay >= SECONDS_PER_DAY) {
        continue;
      }
      double amount = random.normal(meanAmount, stdAmount);
      if (amount < 0) {
        amount = random.uniform(0, 2 * meanAmount);
      }
      amount = cents(amount);
      if (terminals.length == 0) {
        continue;
      }
      int terminal = terminals[random.nextInt(terminals.length)];
      if (out != null) {
        out.add(new Draft(customer, count, day, secondOfDay, amount, terminal));
      }
      count++;
    }
    return count;
  }

  /**
   * Scenario 3 for a customer compromised on {@code day}: of its transactions in the window, the
   * handbook picks {@code floor(n * share)} uniformly at random to be fraudulent. A transaction
   * picked by several overlapping compromises is multiplied once per pick, as in the handbook.
   */
  private void pickCompromisedTransactions(int customer, int day) {
    int end = Math.min(options.days(), day + options.fraud().customerCompromiseDays());
    int[] counts = new int[end - day];
    int total = 0;
    for (int d = day; d < end; d++) {
      counts[d - day] = generateCustomerDay(customer, d, settingsByDay[d], null);
      total += counts[d - day];
    }
    int picks = (int) Math.floor(total * options.fraud().compromisedCustomerFraudShare() + 1e-9);
    RandomStream random =
        RandomStream.derive(options.seed(), CUSTOMER_FRAUD_PICK_STREAM, day, customer);
    for (int pick : sampleDistinct(picks, total, random)) {
      int d = day;
      int index = pick;
      while (index >= counts[d - day]) {
        index -= counts[d - day];
        d++;
      }
      int[] hits = customerFraudHits.get(key(customer, d));
      if (hits == null) {
        hits = new int[counts[d - day]];
        customerFraudHits.put(key(customer, d), hits);
      }
      hits[index]++;
    }
  }

  private void addStolenCardUses(
      int customer, int day, DaySettings settings, int sequenceStart, List<Draft> out) {
    RandomStream random =
        RandomStream.derive(options.seed(), STOLEN_CARD_USE_STREAM, customer, day);
    double meanAmount = world.customers().get(customer).meanAmount() * settings.amountFactor();
    int uses = random.poisson(STOLEN_CARD_USES_PER_DAY);
    for (int i = 0; i < uses; i++) {
      int secondOfDay = random.nextInt(NIGHT_SECONDS);
      int terminal =
          options.terminals() + random.nextInt(TransactionSimulator.NEW_PATTERN_TERMINALS);
      double amount = cents(random.uniform(2 * meanAmount, 4 * meanAmount));
      Draft draft = new Draft(customer, sequenceStart + i, day, secondOfDay, amount, terminal);
      draft.scenario = FraudScenario.NIGHT_AT_NEW_TERMINALS;
      out.add(draft);
    }
  }

  /** {@code expected} rounded stochastically (floor plus a Bernoulli of the fraction), capped. */
  private static int stochasticCount(double expected, RandomStream random, int cap) {
    double floor = Math.floor(expected);
    int count = (int) floor;
    if (expected > floor && random.bernoulli(expected - floor)) {
      count++;
    }
    return Math.min(count, cap);
  }

  /** {@code k} distinct values of {@code [0, n)} in ascending order (Floyd's algorithm). */
  static int[] sampleDistinct(int k, int n, RandomStream random) {
    if (k <= 0 || n <= 0) {
      return new int[0];
    }
    Set<Integer> chosen = new HashSet<>();
    for (int j = n - k; j < n; j++) {
      int t = random.nextInt(j + 1);
      chosen.add(chosen.contains(t) ? j : t);
    }
    int[] result = chosen.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(result);
    return result;
  }

  private static double cents(double amount) {
    return Math.rint(amount * 100.0) / 100.0;
  }

  private static long key(int customer, int day) {
    return ((long) customer << 32) | (day & 0xFFFFFFFFL);
  }

  private String customerId(int customer) {
    if (customer >= customerIds.length) {
      return Integer.toString(customer);
    }
    String id = customerIds[customer];
    if (id == null) {
      id = Integer.toString(customer);
      customerIds[customer] = id;
    }
    return id;
  }

  private String terminalId(int terminal) {
    if (terminal >= terminalIds.length) {
      return Integer.toString(terminal);
    }
    String id = terminalIds[terminal];
    if (id == null) {
      id = Integer.toString(terminal);
      terminalIds[terminal] = id;
    }
    return id;
  }

  /** A transaction of the day being built. */
  private static final class Draft {
    final int customer;
    final int sequence;
    final int day;
    final int secondOfDay;
    final int terminal;
    double amount;
    FraudScenario scenario = FraudScenario.LEGITIMATE;
    long number;
    String id;

    Draft(int customer, int sequence, int day, int secondOfDay, double amount, int terminal) {
      this.customer = customer;
      this.sequence = sequence;
      this.day = day;
      this.secondOfDay = secondOfDay;
      this.amount = amount;
      this.terminal = terminal;
    }
  }

  private record PendingLabel(
      long sequence,
      String transactionId,
      FraudScenario scenario,
      long transactionTimeMillis,
      long labelTimeMillis) {}

  /** The drifting parameters in effect on one day. */
  record DaySettings(
      double fraudRateFactor,
      double amountFactor,
      double frequencyFactor,
      double stolenCardsPerDay) {

    static DaySettings[] schedule(SimulatorOptions options) {
      DaySettings[] byDay = new DaySettings[options.days()];
      List<DriftChange> changes = new ArrayList<>(options.drift());
      changes.sort(Comparator.comparingInt(DriftChange::day));
      double fraudRate = DriftKind.FRAUD_RATE.baseline();
      double amount = DriftKind.AMOUNT_SHIFT.baseline();
      double frequency = DriftKind.CUSTOMER_FREQUENCY.baseline();
      double stolen = DriftKind.NEW_FRAUD_PATTERN.baseline();
      int next = 0;
      for (int day = 0; day < byDay.length; day++) {
        while (next < changes.size() && changes.get(next).day() == day) {
          DriftChange change = changes.get(next++);
          switch (change.kind()) {
            case FRAUD_RATE -> fraudRate = change.value();
            case AMOUNT_SHIFT -> amount = change.value();
            case CUSTOMER_FREQUENCY -> frequency = change.value();
            case NEW_FRAUD_PATTERN -> stolen = change.value();
          }
        }
        byDay[day] = new DaySettings(fraudRate, amount, frequency, stolen);
      }
      return byDay;
    }
  }
}
