package io.streamlearn.features.core;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded random transaction and label streams in arrival order, with controlled disorder: each
 * input arrives at its time plus a jitter, and the inputs are sorted by arrival.
 *
 * @param customers number of customers
 * @param terminals number of terminals
 * @param merchants number of merchants (attribute {@code merchant}); a few transactions lack it
 * @param transactions number of transactions
 * @param spanMillis the transactions' event times are spread over this span
 * @param labelShare share of transactions that get a label
 * @param fraudShare share of labels that are fraud
 * @param maxLabelDelayMillis label time minus transaction time is uniform in [0, this]
 * @param invalidLabelShare share of labels whose label time precedes the transaction
 * @param duplicateLabelShare share of labelled transactions that get a second label
 * @param withinLatenessJitterMillis most inputs arrive up to this late (keep it below the lateness)
 * @param beyondLatenessShare share of inputs that arrive much later than their time
 * @param beyondLatenessMillis how late those arrive, at least
 * @param labelsArriveFirst when true, labels arrive before their transactions (as in a replay that
 *     reads the labels topic first) instead of at their label time
 */
record RandomFeatureStream(
    int customers,
    int terminals,
    int merchants,
    int transactions,
    long spanMillis,
    double labelShare,
    double fraudShare,
    long maxLabelDelayMillis,
    double invalidLabelShare,
    double duplicateLabelShare,
    long withinLatenessJitterMillis,
    double beyondLatenessShare,
    long beyondLatenessMillis,
    boolean labelsArriveFirst) {

  private record Arrival(long at, FeatureInput input) {}

  /** The stream in canonical order: no disorder at all. */
  List<FeatureInput> sorted(long seed) {
    List<FeatureInput> inputs = new ArrayList<>();
    for (Arrival arrival : generate(seed)) {
      inputs.add(arrival.input());
    }
    inputs.sort(FeatureInput.CANONICAL_ORDER);
    return inputs;
  }

  /** The stream in arrival order. */
  List<FeatureInput> arrivals(long seed) {
    List<Arrival> arrivals = generate(seed);
    arrivals.sort(
        Comparator.comparingLong(Arrival::at)
            .thenComparing(Arrival::input, FeatureInput.CANONICAL_ORDER));
    List<FeatureInput> inputs = new ArrayList<>();
    for (Arrival arrival : arrivals) {
      inputs.add(arrival.input());
    }
    return inputs;
  }

  private List<Arrival> generate(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Arrival> arrivals = new ArrayList<>();
    String[] categories = {"5411", "5812", "5999", "4111", "7995", "6011"};
    for (int i = 0; i < transactions; i++) {
      String id = "tx" + i;
      long time = Inputs.T0 + random.nextLong(spanMillis);
      if (random.nextInt(10) == 0) {
        time -= time % 60_000; // whole minutes: many equal times and bucket-edge times
      }
      String customer = "C" + skewed(random, customers);
      String terminal = "T" + skewed(random, terminals);
      double amount = Math.round(Math.exp(random.nextDouble(0.0, 6.0)) * 100.0) / 100.0;
      Map<String, String> attributes = new HashMap<>();
      if (random.nextInt(20) != 0) {
        attributes.put("merchant", "M" + random.nextInt(merchants));
      }
      if (random.nextInt(4) != 0) {
        attributes.put("mcc", categories[random.nextInt(categories.length)]);
      }
      int score = random.nextInt(10);
      attributes.put("score", score == 0 ? "n/a" : Integer.toString(score * 7 - 20));
      TransactionEvent event =
          new TransactionEvent(id, time, customer, terminal, amount, attributes);
      arrivals.add(new Arrival(arrive(random, time), new FeatureInput.Transaction(event)));
      if (random.nextDouble() < labelShare) {
        boolean fraud = random.nextDouble() < fraudShare;
        long labelTime =
            random.nextDouble() < invalidLabelShare
                ? time - 1 - random.nextLong(3_600_000L)
                : time + random.nextLong(maxLabelDelayMillis + 1);
        long arrival = labelsArriveFirst ? time - 1 - random.nextLong(600_000L) : -1;
        arrivals.add(label(random, id, fraud, labelTime, arrival));
        if (random.nextDouble() < duplicateLabelShare) {
          arrivals.add(label(random, id, !fraud, labelTime + random.nextLong(3_600_000L), arrival));
        }
      }
    }
    return arrivals;
  }

  /** A label arriving at {@code arrival}, or around its label time when that is negative. */
  private Arrival label(
      SplittableRandom random, String id, boolean fraud, long labelTime, long arrival) {
    LabelEvent event = new LabelEvent(id, fraud, labelTime);
    long at = arrival >= 0 ? arrival : arrive(random, labelTime);
    return new Arrival(at, new FeatureInput.Label(event));
  }

  private long arrive(SplittableRandom random, long time) {
    if (random.nextDouble() < beyondLatenessShare) {
      return time + beyondLatenessMillis + random.nextLong(beyondLatenessMillis);
    }
    return withinLatenessJitterMillis == 0
        ? time
        : time + random.nextLong(withinLatenessJitterMillis);
  }

  /** Ids with a skewed popularity, so that some entities are busy and some quiet. */
  private static int skewed(SplittableRandom random, int count) {
    double u = random.nextDouble();
    return (int) Math.min(count - 1, Math.floor(count * u * u));
  }
}
