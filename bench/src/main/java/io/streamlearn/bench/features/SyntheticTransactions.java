package io.streamlearn.bench.features;

import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded stream shaped like the fraud handbook's simulation (5,000 customers, 10,000 terminals,
 * about 10,000 transactions a day, every transaction labelled 1 to 7 days later), in canonical
 * order. Only for benchmarks: it has the volume and key cardinality of the workload, not its fraud
 * patterns.
 */
final class SyntheticTransactions {

  static final long START = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
  private static final long DAY = 86_400_000L;

  private SyntheticTransactions() {}

  static List<FeatureInput> handbookLike(int days, int transactionsPerDay, long seed) {
    return stream(5_000, 10_000, days, transactionsPerDay, seed);
  }

  static List<FeatureInput> stream(
      int customers, int terminals, int days, int transactionsPerDay, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<FeatureInput> inputs = new ArrayList<>(2 * days * transactionsPerDay);
    long id = 0;
    for (int day = 0; day < days; day++) {
      for (int i = 0; i < transactionsPerDay; i++) {
        long time = START + day * DAY + random.nextLong(DAY);
        String transactionId = "tx" + id++;
        double amount = Math.round(Math.exp(random.nextDouble(1.0, 5.0)) * 100.0) / 100.0;
        TransactionEvent transaction =
            new TransactionEvent(
                transactionId,
                time,
                "C" + random.nextInt(customers),
                "T" + random.nextInt(terminals),
                amount);
        inputs.add(new FeatureInput.Transaction(transaction));
        long labelTime = time + DAY + random.nextLong(6 * DAY);
        inputs.add(
            new FeatureInput.Label(
                new LabelEvent(transactionId, random.nextInt(100) < 1, labelTime)));
      }
    }
    inputs.sort(FeatureInput.CANONICAL_ORDER);
    return inputs;
  }
}
