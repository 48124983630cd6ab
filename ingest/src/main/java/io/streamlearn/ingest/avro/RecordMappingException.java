package io.streamlearn.ingest.avro;

import io.streamlearn.ingest.core.validation.Violation;
import io.streamlearn.ingest.core.validation.ViolationCode;

/** An input value that cannot be mapped onto its Avro field; the message is the reason. */
public final class RecordMappingException extends Exception {

  private final ViolationCode code;

  public RecordMappingException(ViolationCode code, String reason) {
    super(reason, null, false, false);
    this.code = code;
  }

  /** A wrong value: {@link ViolationCode#WRONG_TYPE}. */
  public RecordMappingException(String reason) {
    this(ViolationCode.WRONG_TYPE, reason);
  }

  /** The code and message as a violation. */
  public Violation violation() {
    return new Violation(code, getMessage());
  }
}
