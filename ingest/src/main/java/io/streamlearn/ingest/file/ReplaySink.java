package io.streamlearn.ingest.file;

import io.streamlearn.ingest.core.validation.Violation;
import org.apache.avro.generic.GenericRecord;

/**
 * Where replayed records go. The sink reports each record's final outcome (produced, dead-lettered
 * or failed) to the {@link ReplayTally} it was built with, possibly later and from another thread.
 */
public interface ReplaySink {

  /**
   * Sends a valid record.
   *
   * @param key the record key, or null
   * @param payload the original input bytes, dead-lettered if the record cannot be delivered
   */
  void send(String key, GenericRecord record, RecordOrigin origin, byte[] payload);

  /** Dead-letters the original input bytes of a rejected record with the reason. */
  void deadLetter(byte[] payload, Violation violation, RecordOrigin origin);
}
