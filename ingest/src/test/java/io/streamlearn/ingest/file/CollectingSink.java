package io.streamlearn.ingest.file;

import io.streamlearn.ingest.core.validation.Violation;
import io.streamlearn.ingest.core.validation.ViolationCode;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/** A sink that keeps what it is given and counts every send as produced at once. */
final class CollectingSink implements ReplaySink {

  record Sent(String key, GenericRecord record, RecordOrigin origin) {}

  record DeadLetter(String payload, String reason, ViolationCode code, RecordOrigin origin) {}

  final List<Sent> sent = new ArrayList<>();
  final List<DeadLetter> deadLetters = new ArrayList<>();
  private final ReplayTally tally;

  CollectingSink(ReplayTally tally) {
    this.tally = tally;
  }

  @Override
  public void send(String key, GenericRecord record, RecordOrigin origin, byte[] payload) {
    sent.add(new Sent(key, record, origin));
    tally.produced(origin.sourceFile());
  }

  @Override
  public void deadLetter(byte[] payload, Violation violation, RecordOrigin origin) {
    deadLetters.add(
        new DeadLetter(
            new String(payload, java.nio.charset.StandardCharsets.UTF_8),
            violation.message(),
            violation.code(),
            origin));
    tally.deadLettered(origin.sourceFile());
  }
}
