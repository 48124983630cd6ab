package io.streamlearn.features.stage;

import io.streamlearn.features.core.EntityFeatures;
import io.streamlearn.features.core.EntityState;
import io.streamlearn.features.core.EntityUpdate;
import io.streamlearn.features.core.FeaturePlan;
import io.streamlearn.features.core.FeatureValues;
import io.streamlearn.features.core.LabelJoinResult;
import io.streamlearn.features.core.LabelOutcome;
import io.streamlearn.features.core.PartialVector;
import io.streamlearn.features.core.Rejection;
import io.streamlearn.features.core.TransactionFeatures;
import io.streamlearn.ingest.core.TransactionEvent;
import io.streamlearn.platform.deadletter.DeadLetter;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import io.streamlearn.platform.serde.IngestTimeHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * The feature stage's steps, engine-independent: what the Kafka Streams processors and the Flink
 * functions call between loading and storing state (docs/FEATURES.md, "The engine plan"). It holds
 * the compiled {@link FeaturePlan} and applies the routing rules of rejections; it never touches
 * state storage, time or threads. Immutable and thread-safe.
 *
 * <p>The flow of a transaction: {@link #stage} (event part) → for each entity stage {@code i} in
 * the spec's key order, keyed by {@link #routingKey}: {@link #applyTransaction} → {@link
 * #complete}: its vector, or its late event and dead letter. A label: {@link #stage(SourceEvent)}
 * as a {@link StagedLabel} → the label join, keyed by transaction id, which also sees every staged
 * transaction ({@link #joinTransaction}, {@link #joinLabel}, {@link #expireJoin}) → one {@link
 * RoutedOutcome} per target entity → {@link #applyOutcome} in that entity's stage.
 */
public final class FeatureStage {

  /** The {@code stage} tag of the stage's metrics. */
  public static final String METRIC_STAGE = "features";

  /** {@code dlq.reason} of records later than the allowed lateness, in {@code late-events}. */
  public static final String LATE_EVENT = "LATE_EVENT";

  /** {@code dlq.failed.stage} of records that fail to decode. */
  public static final String DESERIALIZE_STAGE = "features.deserialize";

  /** {@code dlq.failed.stage} of records that break a validation rule. */
  public static final String VALIDATE_STAGE = "features.validate";

  /** {@code dlq.reason} of a record whose key is not its transaction id. */
  public static final String KEY_MISMATCH = "KEY_MISMATCH";

  /** {@code dlq.reason} of a record that could not be mapped to its core form. */
  public static final String PROCESSING_FAILED = "PROCESSING_FAILED";

  /**
   * The order in which the keyed steps apply buffered inputs in {@link EmitMode#ON_WATERMARK}: the
   * core's {@code FeatureInput.CANONICAL_ORDER} (time, labels and their outcomes before
   * transactions at equal times, then transaction id).
   */
  public static final Comparator<StageMessage> CANONICAL_ORDER =
      Comparator.comparingLong(StageMessage::time)
          .thenComparingInt(FeatureStage::kindOrder)
          .thenComparing(StageMessage::transactionId);

  /**
   * 0 for a label or an outcome, 1 for a transaction: the second key of {@link #CANONICAL_ORDER}.
   */
  public static int kindOrder(StageMessage message) {
    return message instanceof StagedTransaction ? 1 : 0;
  }

  private final FeatureStageSettings settings;
  private final FeatureTopics topics;
  private final FeaturePlan plan;
  private final List<EntityFeatures> entities;
  private final int[] targetStages;

  public FeatureStage(FeatureStageSettings settings, FeatureTopics topics) {
    this.settings = settings;
    this.topics = topics;
    this.plan = FeaturePlan.compile(settings.spec(), settings.streamSettings());
    this.entities = plan.entities();
    List<String> targets = plan.targetEntityKeys();
    this.targetStages = new int[targets.size()];
    for (int i = 0; i < targetStages.length; i++) {
      targetStages[i] = plan.spec().entityKeys().indexOf(targets.get(i));
    }
  }

  public FeatureStageSettings settings() {
    return settings;
  }

  public FeatureTopics topics() {
    return topics;
  }

  public FeaturePlan plan() {
    return plan;
  }

  /** Number of entity stages: one per entity key of the spec, in the spec's order. */
  public int entityStages() {
    return entities.size();
  }

  /** The entity key of entity stage {@code stage}, e.g. {@code customerId}. */
  public String entityKey(int stage) {
    return entities.get(stage).entityKey();
  }

  /** The compiled features of entity stage {@code stage}. */
  public EntityFeatures entity(int stage) {
    return entities.get(stage);
  }

  /** True when entity stage {@code stage} consumes label outcomes. */
  public boolean hasTargets(int stage) {
    return entities.get(stage).hasTargets();
  }

  /** False when the spec has no target features: labels are then not read at all. */
  public boolean needsLabelJoin() {
    return plan.labelJoin().isNeeded();
  }

  // ---- admission ----

  /** The dead letter of a record that failed to decode or validate. */
  public DeadLetterRecord deadLetterOf(SourceEvent invalid) {
    SourceEvent.Failure failure = invalid.failure();
    if (failure == null) {
      throw new IllegalArgumentException("the record is valid: " + invalid);
    }
    return letter(
        invalid.original(),
        failure.reason(),
        failure.message(),
        failure.stage(),
        failure.errorClass(),
        RecordOutcome.DLQ,
        null);
  }

  /** A valid transaction with its event part computed, on its way to the first entity stage. */
  public StagedTransaction stage(TransactionEvent transaction, OriginalRecord original) {
    double[][] parts = new double[entities.size() + 1][];
    parts[0] = plan.eventFeatures().compute(transaction).values();
    return new StagedTransaction(transaction, original, parts, List.of());
  }

  /**
   * A valid source event as a stage message: a {@link StagedTransaction} with its event part, or a
   * {@link StagedLabel}.
   */
  public StageMessage stage(SourceEvent valid) {
    if (!valid.isValid()) {
      throw new IllegalArgumentException("an invalid record is dead-lettered, not staged");
    }
    return valid.kind() == SourceEvent.Kind.TRANSACTION
        ? stage(valid.transaction(), valid.original())
        : new StagedLabel(valid.label(), valid.original());
  }

  // ---- entity stages ----

  /** The id of the transaction's entity for stage {@code stage}, or null when it has none. */
  public String entityId(StagedTransaction staged, int stage) {
    return entities.get(stage).keyOf(staged.transaction());
  }

  /**
   * The key the transaction is routed by to entity stage {@code stage}: its entity id, or, when it
   * has none, a key derived from its transaction id (the stage then only records the rejection).
   */
  public String routingKey(StagedTransaction staged, int stage) {
    String id = entityId(staged, stage);
    return id != null ? id : "\u0000" + staged.transactionId();
  }

  /**
   * Applies the transaction to its entity's state in stage {@code stage}.
   *
   * @param state the entity's state, or null when the transaction has no id for this entity key
   * @return the transaction with this stage's part, or with its rejection
   */
  public StagedTransaction applyTransaction(
      int stage, EntityState state, StagedTransaction staged) {
    EntityFeatures entity = entities.get(stage);
    if (state == null) {
      return staged.withRejection(entity.missingKey(staged.transaction()));
    }
    EntityUpdate update = state.onTransaction(staged.transaction());
    return update.isAccepted()
        ? staged.withPart(stage + 1, update.partial().values())
        : staged.withRejection(update.rejection());
  }

  /**
   * Applies a label outcome to its entity's state in stage {@code stage}.
   *
   * @return the late event of an outcome the entity rejects, or empty when it was applied
   */
  public Optional<DeadLetterRecord> applyOutcome(
      int stage, EntityState state, RoutedOutcome routed) {
    return state
        .onOutcome(routed.outcome())
        .map(rejection -> rejectionLetter(rejection, routed.labelRecord()));
  }

  // ---- label join ----

  /** What a label join step produced: outcomes to route, and dead letters. */
  public record JoinStep(List<RoutedOutcome> outcomes, List<DeadLetterRecord> deadLetters) {
    /** A step that produced nothing: the most common one, shared. */
    static final JoinStep NOTHING = new JoinStep(List.of(), List.of());

    public JoinStep {
      outcomes = List.copyOf(outcomes);
      deadLetters = List.copyOf(deadLetters);
    }
  }

  /** The join entry of a transaction id not seen yet. */
  public JoinEntry newJoinEntry() {
    return new JoinEntry(plan.labelJoin().newState(), null);
  }

  /** Restores a join entry from {@link JoinEntry#toBytes()}. */
  public JoinEntry decodeJoinEntry(byte[] bytes) {
    return JoinEntry.fromBytes(bytes, plan.labelJoin()::decode);
  }

  /** The transaction reached the label join: joins a waiting label. */
  public JoinStep joinTransaction(JoinEntry entry, StagedTransaction staged) {
    return joinTransaction(entry, staged.transaction(), staged.original());
  }

  /** As above, for a transaction and its record not staged (the single-task plan's). */
  JoinStep joinTransaction(JoinEntry entry, TransactionEvent transaction, OriginalRecord original) {
    LabelJoinResult result = entry.state.onTransaction(transaction);
    Rejection rejection = result.rejection();
    if (rejection != null && rejection.reason() == Rejection.Reason.DUPLICATE_TRANSACTION) {
      return new JoinStep(List.of(), List.of(rejectionLetter(rejection, original)));
    }
    OriginalRecord label = entry.waitingLabel;
    entry.waitingLabel = null; // the waiting label, if any, has been joined or rejected now
    return step(result, label);
  }

  /** A label reached the label join: joins it, or keeps it waiting for its transaction. */
  public JoinStep joinLabel(JoinEntry entry, StagedLabel staged) {
    LabelJoinResult result = entry.state.onLabel(staged.label());
    if (result.outcome() == null && result.rejection() == null) {
      entry.waitingLabel = staged.original();
      return JoinStep.NOTHING;
    }
    return step(result, staged.original());
  }

  /**
   * The join entry is deleted (the watermark passed {@link JoinEntry#expiresAt()}): the dead letter
   * of a label that waited for its transaction in vain.
   */
  public Optional<DeadLetterRecord> expireJoin(JoinEntry entry) {
    Optional<Rejection> rejection = entry.state.onExpiry();
    if (rejection.isEmpty() || entry.waitingLabel == null) {
      return Optional.empty();
    }
    Rejection expired = rejection.get();
    return Optional.of(
        letter(
            entry.waitingLabel,
            expired.reason().name(),
            expired.message(),
            stageName(expired.stage()),
            null,
            RecordOutcome.EXPIRED,
            null));
  }

  private JoinStep step(LabelJoinResult result, OriginalRecord labelRecord) {
    if (result.rejection() != null) {
      return new JoinStep(List.of(), List.of(rejectionLetter(result.rejection(), labelRecord)));
    }
    LabelOutcome outcome = result.outcome();
    if (outcome == null) {
      return JoinStep.NOTHING;
    }
    if (targetStages.length == 1) { // one target entity (the handbook's terminal): no list copy
      RoutedOutcome routed = routed(outcome, targetStages[0], labelRecord);
      return routed == null ? JoinStep.NOTHING : new JoinStep(List.of(routed), List.of());
    }
    List<RoutedOutcome> routed = new ArrayList<>(targetStages.length);
    for (int stage : targetStages) {
      RoutedOutcome one = routed(outcome, stage, labelRecord);
      if (one != null) {
        routed.add(one);
      }
    }
    return new JoinStep(routed, List.of());
  }

  /**
   * The outcome routed to entity stage {@code stage}, or null when the transaction had no such
   * entity (it was rejected for it).
   */
  private RoutedOutcome routed(LabelOutcome outcome, int stage, OriginalRecord labelRecord) {
    String id = outcome.entityIds().get(entities.get(stage).entityKey());
    return id == null ? null : new RoutedOutcome(outcome, stage, id, labelRecord);
  }

  // ---- completion ----

  /**
   * What became of a transaction after the last entity stage: its features, or its late event and
   * dead letter.
   *
   * @param features the vector, or null when an entity rejected the transaction
   * @param ingestTimeMillis when the transaction entered Kafka (its record timestamp, or its event
   *     time when the record has none)
   */
  public record Completion(
      TransactionFeatures features, long ingestTimeMillis, List<DeadLetterRecord> deadLetters) {
    public Completion {
      deadLetters = List.copyOf(deadLetters);
    }
  }

  /**
   * When {@code original} entered Kafka: its {@link IngestTimeHeader} (the ingest tools' send time,
   * since they stamp records with the event time), else its record timestamp, else {@code
   * eventTimeMillis}.
   */
  static long ingestTime(OriginalRecord original, long eventTimeMillis) {
    for (OriginalRecord.Header header : original.headers()) {
      if (header.key().equals(IngestTimeHeader.KEY)) {
        OptionalLong sent = IngestTimeHeader.decode(header.value());
        if (sent.isPresent()) {
          return sent.getAsLong();
        }
      }
    }
    return original.timestamp() >= 0 ? original.timestamp() : eventTimeMillis;
  }

  /** Assembles the vector of a transaction that went through every entity stage. */
  public Completion complete(StagedTransaction staged) {
    TransactionEvent transaction = staged.transaction();
    long ingestTime = ingestTime(staged.original(), transaction.eventTimeMillis());
    if (staged.isRejected()) {
      return new Completion(null, ingestTime, rejectionLetters(staged));
    }
    List<PartialVector> parts = new ArrayList<>(staged.partCount());
    List<String> partNames = plan.assembler().parts();
    for (int i = 0; i < staged.partCount(); i++) {
      if (!staged.hasPart(i)) {
        throw new IllegalStateException(
            "transaction "
                + staged.transactionId()
                + " reached completion without its part '"
                + partNames.get(i)
                + "': route it through every entity stage");
      }
      parts.add(
          new PartialVector(
              transaction.transactionId(),
              transaction.eventTimeMillis(),
              partNames.get(i),
              staged.part(i)));
    }
    FeatureValues values = plan.assembler().assemble(parts);
    Map<String, String> entityIds = entityIds(transaction);
    return new Completion(
        new TransactionFeatures(
            transaction.transactionId(),
            transaction.eventTimeMillis(),
            entityIds,
            plan.specVersion(),
            values),
        ingestTime,
        List.of());
  }

  /**
   * The transaction's id for each entity key, in the spec's order: a vector's {@code entityIds}.
   */
  Map<String, String> entityIds(TransactionEvent transaction) {
    // immutable at once: the vector keeps it as it is (Map.copyOf returns such a map itself)
    return switch (entities.size()) {
      case 1 -> Map.of(entities.get(0).entityKey(), entities.get(0).keyOf(transaction));
      case 2 ->
          Map.of(
              entities.get(0).entityKey(),
              entities.get(0).keyOf(transaction),
              entities.get(1).entityKey(),
              entities.get(1).keyOf(transaction));
      default -> {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map.Entry<String, String>[] ids = new Map.Entry[entities.size()];
        for (int e = 0; e < ids.length; e++) {
          ids[e] = Map.entry(entities.get(e).entityKey(), entities.get(e).keyOf(transaction));
        }
        yield Map.ofEntries(ids);
      }
    };
  }

  /**
   * One late event for the lateness rejections of a transaction (naming every entity that rejected
   * it), and one dead letter per other reason.
   */
  private List<DeadLetterRecord> rejectionLetters(StagedTransaction staged) {
    Map<String, List<Rejection>> byRoute = new LinkedHashMap<>();
    for (Rejection rejection : staged.rejections()) {
      String route = isLate(rejection) ? LATE_EVENT : rejection.reason().name();
      byRoute.computeIfAbsent(route, ignored -> new ArrayList<>()).add(rejection);
    }
    List<DeadLetterRecord> letters = new ArrayList<>(byRoute.size());
    for (Map.Entry<String, List<Rejection>> route : byRoute.entrySet()) {
      List<Rejection> rejections = route.getValue();
      StringBuilder message = new StringBuilder();
      StringBuilder stages = new StringBuilder();
      for (Rejection rejection : rejections) {
        message.append(message.length() == 0 ? "" : "; ").append(rejection.message());
        stages.append(stages.length() == 0 ? "" : ",").append(rejection.stage());
      }
      boolean late = route.getKey().equals(LATE_EVENT);
      letters.add(
          letter(
              staged.original(),
              route.getKey(),
              message.toString(),
              stageName(stages.toString()),
              null,
              late ? RecordOutcome.LATE : RecordOutcome.DLQ,
              late ? topics.lateEvents() : null));
    }
    return letters;
  }

  private static boolean isLate(Rejection rejection) {
    return rejection.reason() == Rejection.Reason.LATE_TRANSACTION
        || rejection.reason() == Rejection.Reason.LATE_LABEL;
  }

  /** The routed record of one rejection: late events to {@code late-events}, others to the DLQ. */
  DeadLetterRecord rejectionLetter(Rejection rejection, OriginalRecord original) {
    boolean late = isLate(rejection);
    return letter(
        original,
        late ? LATE_EVENT : rejection.reason().name(),
        rejection.message(),
        stageName(rejection.stage()),
        null,
        late ? RecordOutcome.LATE : RecordOutcome.DLQ,
        late ? topics.lateEvents() : null);
  }

  private static String stageName(String coreStage) {
    return METRIC_STAGE + "." + coreStage;
  }

  /**
   * The dead-letter envelope around {@code original}: to {@code topic}, or to the original topic's
   * {@code .dlq} when null.
   */
  private static DeadLetterRecord letter(
      OriginalRecord original,
      String reason,
      String message,
      String stage,
      String errorClass,
      RecordOutcome outcome,
      String topic) {
    DeadLetter letter;
    if (original.hasPosition()) {
      RecordHeaders headers = new RecordHeaders();
      for (OriginalRecord.Header header : original.headers()) {
        headers.add(header.key(), header.value());
      }
      letter =
          DeadLetter.of(
              new ConsumerRecord<>(
                  original.topic(),
                  original.partition(),
                  original.offset(),
                  original.timestamp(),
                  TimestampType.CREATE_TIME,
                  original.key() == null ? -1 : original.key().length,
                  original.value() == null ? -1 : original.value().length,
                  original.key(),
                  original.value(),
                  headers,
                  Optional.empty()));
    } else {
      letter = DeadLetter.of(original.topic(), original.key(), original.value());
      if (original.timestamp() >= 0) {
        letter.timestamp(original.timestamp());
      }
    }
    letter.reason(reason).message(message).stage(stage);
    ProducerRecord<byte[], byte[]> record = letter.toProducerRecord();
    if (errorClass != null) {
      record
          .headers()
          .add(DeadLetterHeaders.ERROR_CLASS, errorClass.getBytes(StandardCharsets.UTF_8));
    }
    return DeadLetterRecord.of(record, topic != null ? topic : record.topic(), outcome);
  }
}
