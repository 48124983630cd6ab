package io.streamlearn.features.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.core.FeatureRun;
import io.streamlearn.features.core.Rejection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The late events and dead letters an engine must write for a reference run's rejections, by the
 * routing rules of docs/FEATURES.md: one late event per transaction for its lateness rejections,
 * one dead letter per other reason; one record per label rejection.
 */
public final class ExpectedDeadLetters {

  /**
   * A written record, as the tests compare them.
   *
   * @param topic where it was written
   * @param source the input it was read from ({@code dlq.source.topic})
   * @param key its key (the transaction id)
   * @param reason its {@code dlq.reason}
   */
  public record Letter(String topic, String source, String key, String reason) {}

  private ExpectedDeadLetters() {}

  /**
   * Asserts that an engine wrote the expected records. Rejected labels are compared by key only: an
   * engine deletes the join state of a transaction once the watermark passes its target horizon, so
   * a label arriving later than that meets no transaction; it is dead-lettered as without one when
   * its own state expires (and a second such label as a duplicate), where the reference, which
   * never forgets, says late or beyond the horizon. Either way every rejected label is written
   * once.
   */
  public static void assertWritten(
      List<Letter> expected, List<Letter> actual, FeatureTopics topics) {
    assertThat(forSource(actual, topics.transactions()))
        .as("records of transactions")
        .containsExactlyInAnyOrderElementsOf(forSource(expected, topics.transactions()));
    Set<String> rejectedByEngine = new HashSet<>();
    forSource(actual, topics.labels()).forEach(l -> rejectedByEngine.add(l.key()));
    Set<String> rejectedByReference = new HashSet<>();
    forSource(expected, topics.labels()).forEach(l -> rejectedByReference.add(l.key()));
    assertThat(rejectedByEngine)
        .as("transactions whose labels were written")
        .containsAll(rejectedByReference);
    assertThat(forSource(actual, topics.labels()))
        .as("labels rejected only by the engine: they met no join state, which it had deleted")
        .filteredOn(l -> !rejectedByReference.contains(l.key()))
        .allSatisfy(
            l ->
                assertThat(l.reason())
                    .isEqualTo(Rejection.Reason.LABEL_WITHOUT_TRANSACTION.name()));
  }

  private static List<Letter> forSource(List<Letter> letters, String source) {
    return letters.stream().filter(l -> l.source().equals(source)).toList();
  }

  public static List<Letter> of(FeatureRun reference, FeatureTopics topics) {
    String transactions = topics.transactions();
    String labels = topics.labels();
    List<Letter> letters = new ArrayList<>();
    List<Rejection> rejections = reference.rejections();
    int i = 0;
    while (i < rejections.size()) {
      Rejection rejection = rejections.get(i);
      if (rejection.stage().equals(Rejection.LABEL_JOIN)) {
        boolean duplicateTransaction = rejection.reason() == Rejection.Reason.DUPLICATE_TRANSACTION;
        letters.add(
            new Letter(
                topics.deadLetterTopic(duplicateTransaction ? transactions : labels),
                duplicateTransaction ? transactions : labels,
                rejection.transactionId(),
                rejection.reason().name()));
        i++;
      } else if (rejection.reason() == Rejection.Reason.LATE_LABEL) {
        letters.add(
            new Letter(
                topics.lateEvents(), labels, rejection.transactionId(), FeatureStage.LATE_EVENT));
        i++;
      } else {
        // the entity rejections of one transaction, emitted together
        boolean late = false;
        boolean missing = false;
        String id = rejection.transactionId();
        while (i < rejections.size()
            && rejections.get(i).transactionId().equals(id)
            && !rejections.get(i).stage().equals(Rejection.LABEL_JOIN)
            && rejections.get(i).reason() != Rejection.Reason.LATE_LABEL) {
          late |= rejections.get(i).reason() == Rejection.Reason.LATE_TRANSACTION;
          missing |= rejections.get(i).reason() == Rejection.Reason.MISSING_ENTITY_KEY;
          i++;
        }
        if (late) {
          letters.add(new Letter(topics.lateEvents(), transactions, id, FeatureStage.LATE_EVENT));
        }
        if (missing) {
          letters.add(
              new Letter(
                  topics.deadLetterTopic(transactions),
                  transactions,
                  id,
                  Rejection.Reason.MISSING_ENTITY_KEY.name()));
        }
      }
    }
    return letters;
  }
}
