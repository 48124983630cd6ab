package io.streamlearn.features.kstreams;

import io.streamlearn.features.avro.SourceEventDecoder;
import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.EmitMode;
import io.streamlearn.features.stage.FeatureMetrics;
import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.JoinEntry;
import io.streamlearn.features.stage.OriginalRecord;
import io.streamlearn.features.stage.RoutedOutcome;
import io.streamlearn.features.stage.SourceEvent;
import io.streamlearn.features.stage.StageCodec;
import io.streamlearn.features.stage.StageMessage;
import io.streamlearn.features.stage.StagedLabel;
import io.streamlearn.features.stage.StagedTransaction;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.ingest.core.validation.ValidationRules;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.WriterSchemaGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The first step of the feature topology, on the input partitions: decodes and validates each
 * {@code transactions} and {@code labels} record (dead-lettering what cannot be used), computes the
 * event part of each transaction and sends it to the first entity stage, and runs the label join
 * (keyed by transaction id, which is the inputs' key: no repartition needed), sending each outcome
 * to its target entity stages. Join entries are deleted by a stream-time punctuation once the
 * watermark (stream time minus the allowed lateness) passes their expiry.
 */
final class IngestProcessor extends ContextualProcessor<byte[], byte[], String, StageOutput> {

  private static final byte[] NOTHING = new byte[0];

  private final FeatureStage stage;
  private final Map<String, ?> serdeConfig;
  private final ValidationRules rules;
  private final FeatureMetrics metrics;
  private final Duration expiryScanInterval;

  private SourceEventDecoder decoder;
  private AvroDeserializer<Transaction> transactions;
  private AvroDeserializer<Label> labels;
  private WriterSchemaGate transactionsWrittenAsCompiled;
  private WriterSchemaGate labelsWrittenAsCompiled;
  private KeyValueStore<String, byte[]> joins;
  private KeyValueStore<Bytes, byte[]> joinExpiry;
  private KeyValueStore<Bytes, byte[]> joinBuffer;
  private long releasedThrough = Long.MIN_VALUE;

  /** Every expiry index entry before this time has been handled (deleted or moved later). */
  private long expiredThrough = Long.MIN_VALUE;

  /** The newest event time staged by this task (transactions and labels). */
  private long eventTimeHigh = Long.MIN_VALUE;

  /** The event time at which the label-join index is next scanned for expired entries. */
  private long nextExpiryScan = Long.MIN_VALUE;

  IngestProcessor(
      FeatureStage stage,
      Map<String, ?> serdeConfig,
      ValidationRules rules,
      FeatureMetrics metrics,
      Duration expiryScanInterval) {
    this.stage = stage;
    this.serdeConfig = serdeConfig;
    this.rules = rules;
    this.metrics = metrics;
    this.expiryScanInterval = expiryScanInterval;
  }

  @Override
  public void init(ProcessorContext<String, StageOutput> context) {
    super.init(context);
    decoder = new SourceEventDecoder(rules);
    transactions = AvroDeserializer.forSpecific(Transaction.class).configured(serdeConfig, false);
    labels = AvroDeserializer.forSpecific(Label.class).configured(serdeConfig, false);
    transactionsWrittenAsCompiled =
        SourceEventDecoder.compiledSchemaGate(transactions, SourceEvent.Kind.TRANSACTION);
    labelsWrittenAsCompiled = SourceEventDecoder.compiledSchemaGate(labels, SourceEvent.Kind.LABEL);
    if (stage.needsLabelJoin()) {
      joins = context.getStateStore(FeatureTopology.LABEL_JOIN_STORE);
      joinExpiry = context.getStateStore(FeatureTopology.LABEL_JOIN_EXPIRY_STORE);
      if (buffered()) {
        joinBuffer = context.getStateStore(FeatureTopology.LABEL_JOIN_BUFFER_STORE);
      }
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata metadata =
        context()
            .recordMetadata()
            .orElseThrow(() -> new IllegalStateException("an input record has no metadata"));
    OriginalRecord original =
        new OriginalRecord(
            metadata.topic(),
            metadata.partition(),
            metadata.offset(),
            record.timestamp(),
            record.key(),
            record.value(),
            headers(record.headers()));
    SourceEvent.Kind kind =
        metadata.topic().equals(stage.topics().transactions())
            ? SourceEvent.Kind.TRANSACTION
            : SourceEvent.Kind.LABEL;
    SourceEvent event = decode(kind, original);
    if (!event.isValid()) {
      deadLetter(stage.deadLetterOf(event));
      return;
    }
    StageMessage message = stage.stage(event);
    eventTimeHigh = Math.max(eventTimeHigh, message.time());
    if (message instanceof StagedTransaction staged) {
      context()
          .forward(
              new Record<>(
                  stage.routingKey(staged, 0), new StageOutput.ToEntity(0, staged), staged.time()));
    }
    if (stage.needsLabelJoin()) {
      if (buffered()) {
        bufferForJoin(message, metadata);
      } else {
        join(message);
      }
      if (eventTimeHigh >= nextExpiryScan) {
        // an event-time "punctuation": stream time follows record timestamps, not event times
        expireJoins();
        nextExpiryScan = eventTimeHigh + expiryScanInterval.toMillis();
      }
    }
  }

  private boolean buffered() {
    return stage.settings().emitMode() == EmitMode.ON_WATERMARK;
  }

  /**
   * On watermark: join inputs wait until stream time minus the allowed lateness passes them, then
   * join in the canonical order, so that which of two labels of a transaction counts does not
   * depend on arrival order.
   */
  private void bufferForJoin(StageMessage message, RecordMetadata position) {
    long watermark = watermark();
    if (message.time() <= watermark && message.time() <= releasedThrough) {
      join(message); // behind what was released already: arrival order
    } else {
      joinBuffer.put(
          TimeKeys.buffer(
              message.time(),
              FeatureStage.kindOrder(message),
              message.transactionId(),
              position.partition(),
              position.offset()),
          StageCodec.encode(message));
    }
    if (watermark <= releasedThrough) {
      return;
    }
    List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
    Bytes from =
        TimeKeys.lowest(releasedThrough == Long.MIN_VALUE ? releasedThrough : releasedThrough + 1);
    try (KeyValueIterator<Bytes, byte[]> waiting =
        joinBuffer.range(from, TimeKeys.lowest(watermark + 1))) {
      while (waiting.hasNext()) {
        KeyValue<Bytes, byte[]> next = waiting.next();
        if (TimeKeys.time(next.key) > watermark) {
          break;
        }
        due.add(next);
      }
    }
    releasedThrough = watermark;
    for (KeyValue<Bytes, byte[]> next : due) {
      joinBuffer.delete(next.key);
      join(StageCodec.decodeMessage(next.value));
    }
  }

  private SourceEvent decode(SourceEvent.Kind kind, OriginalRecord original) {
    if (original.value() == null) {
      return decoder.missingValue(original, kind);
    }
    SourceEvent direct =
        decoder.direct(
            original,
            kind,
            kind == SourceEvent.Kind.TRANSACTION
                ? transactionsWrittenAsCompiled
                : labelsWrittenAsCompiled);
    if (direct != null) {
      return direct;
    }
    try {
      return kind == SourceEvent.Kind.TRANSACTION
          ? decoder.transaction(
              original, transactions.deserialize(original.topic(), original.value()))
          : decoder.label(original, labels.deserialize(original.topic(), original.value()));
    } catch (RuntimeException undecodable) {
      return decoder.undecodable(original, kind, undecodable);
    }
  }

  private void join(StageMessage message) {
    String id = message.transactionId();
    byte[] stored = joins.get(id);
    JoinEntry entry = stored == null ? stage.newJoinEntry() : stage.decodeJoinEntry(stored);
    FeatureStage.JoinStep step =
        message instanceof StagedTransaction staged
            ? stage.joinTransaction(entry, staged)
            : stage.joinLabel(entry, (StagedLabel) message);
    joins.put(id, entry.toBytes());
    if (stored == null) {
      // an entry below what was scanned already would never be found: put it at the scan's edge
      joinExpiry.put(TimeKeys.expiry(Math.max(entry.expiresAt(), expiredThrough), id), NOTHING);
    }
    for (RoutedOutcome outcome : step.outcomes()) {
      context()
          .forward(
              new Record<>(
                  outcome.entityId(),
                  new StageOutput.ToEntity(outcome.stage(), outcome),
                  outcome.time()));
    }
    step.deadLetters().forEach(this::deadLetter);
  }

  /** Deletes the join entries the watermark has passed; a label still waiting is dead-lettered. */
  /**
   * The newest event time this task has staged, less the allowed lateness. Event time from the
   * values, not Kafka Streams' stream time: that follows the record timestamps, which are the wall
   * clock for a producer that does not stamp event times (replayed files, live producers).
   */
  private long watermark() {
    return eventTimeHigh == Long.MIN_VALUE
        ? Long.MIN_VALUE
        : eventTimeHigh - stage.settings().allowedLateness().toMillis();
  }

  private void expireJoins() {
    long watermark = watermark();
    if (buffered()) {
      watermark = Math.min(watermark, releasedThrough); // inputs still waiting may join an entry
    }
    if (watermark <= expiredThrough) {
      return;
    }
    List<Bytes> due = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> index =
        joinExpiry.range(TimeKeys.lowest(expiredThrough), TimeKeys.lowest(watermark))) {
      while (index.hasNext()) {
        KeyValue<Bytes, byte[]> entry = index.next();
        if (TimeKeys.time(entry.key) >= watermark) {
          break;
        }
        due.add(entry.key);
      }
    }
    expiredThrough = watermark;
    for (Bytes key : due) {
      joinExpiry.delete(key);
      String id = TimeKeys.id(key);
      byte[] stored = joins.get(id);
      if (stored == null) {
        continue;
      }
      JoinEntry entry = stage.decodeJoinEntry(stored);
      if (entry.expiresAt() < watermark) {
        joins.delete(id);
        stage.expireJoin(entry).ifPresent(this::deadLetter);
      } else {
        joinExpiry.put(TimeKeys.expiry(entry.expiresAt(), id), NOTHING);
      }
    }
  }

  private void deadLetter(DeadLetterRecord letter) {
    metrics.count(letter.outcome());
    context()
        .forward(
            new Record<>(
                letter.topic(),
                new StageOutput.ToDeadLetter(letter),
                letter.timestamp() >= 0 ? letter.timestamp() : context().currentStreamTimeMs()));
  }

  static List<OriginalRecord.Header> headers(Headers headers) {
    List<OriginalRecord.Header> copied = new ArrayList<>();
    for (Header header : headers) {
      copied.add(new OriginalRecord.Header(header.key(), header.value()));
    }
    return copied;
  }
}
