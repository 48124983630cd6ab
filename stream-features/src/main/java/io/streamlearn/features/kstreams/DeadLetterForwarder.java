package io.streamlearn.features.kstreams;

import io.streamlearn.features.stage.DeadLetterRecord;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns dead letters into the records the dead-letter sink writes: the original key bytes, the
 * envelope headers, the original timestamp.
 */
final class DeadLetterForwarder
    extends ContextualProcessor<String, StageOutput, byte[], DeadLetterRecord> {

  @Override
  public void process(Record<String, StageOutput> record) {
    DeadLetterRecord letter = ((StageOutput.ToDeadLetter) record.value()).letter();
    context()
        .forward(
            new Record<>(
                letter.key(),
                letter,
                letter.timestamp() >= 0 ? letter.timestamp() : record.timestamp(),
                letter.kafkaHeaders()));
  }
}
