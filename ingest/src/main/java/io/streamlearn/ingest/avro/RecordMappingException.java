package io.streamlearn.ingest.avro;

/** An input value that cannot be mapped onto its Avro field; the message is the reason. */
public final class RecordMappingException extends Exception {

  public RecordMappingException(String reason) {
    super(reason, null, false, false);
  }
}
