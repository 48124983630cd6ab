package io.streamlearn.platform.deadletter;

import java.util.List;
import java.util.Objects;

/**
 * The dead-letter envelope shared by every module: a record that cannot be processed goes, with its
 * key and value bytes untouched, to {@code <topic>.dlq}, and these headers (UTF-8 text) say why and
 * where it came from. Documented in {@code docs/ARCHITECTURE.md}.
 */
public final class DeadLetterHeaders {

  /**
   * Suffix of a dead-letter topic: {@code transactions} dead-letters to {@code transactions.dlq}.
   */
  public static final String TOPIC_SUFFIX = ".dlq";

  /** Stable code of the failure, e.g. {@code UNKNOWN_MAGIC_BYTE} or {@code NEGATIVE_AMOUNT}. */
  public static final String REASON = "dlq.reason";

  /** Fully qualified class name of the exception, when there was one. */
  public static final String ERROR_CLASS = "dlq.error.class";

  /** One-sentence description of the failure (at most {@value #MAX_MESSAGE_LENGTH} chars). */
  public static final String ERROR_MESSAGE = "dlq.error.message";

  /** Topic the record was read from, or was bound for (file and simulator input). */
  public static final String SOURCE_TOPIC = "dlq.source.topic";

  /** Partition the record was read from, in decimal; absent for records not read from Kafka. */
  public static final String SOURCE_PARTITION = "dlq.source.partition";

  /** Offset the record was read from, in decimal; absent for records not read from Kafka. */
  public static final String SOURCE_OFFSET = "dlq.source.offset";

  /** File the record was read from, for file input. */
  public static final String SOURCE_FILE = "dlq.source.file";

  /** Line (from 1) of the file, in decimal, for file input. */
  public static final String SOURCE_LINE = "dlq.source.line";

  /**
   * Where processing failed, e.g. {@code ingest.validate} or {@code
   * kafka-streams:app/KSTREAM-SOURCE-0}.
   */
  public static final String FAILED_STAGE = "dlq.failed.stage";

  /** Every header above, in order. */
  public static final List<String> ALL =
      List.of(
          REASON,
          ERROR_CLASS,
          ERROR_MESSAGE,
          SOURCE_TOPIC,
          SOURCE_PARTITION,
          SOURCE_OFFSET,
          SOURCE_FILE,
          SOURCE_LINE,
          FAILED_STAGE);

  /** Longest error message kept in {@link #ERROR_MESSAGE}; longer ones are cut. */
  public static final int MAX_MESSAGE_LENGTH = 2000;

  private DeadLetterHeaders() {}

  /** The dead-letter topic of a topic. */
  public static String topicFor(String sourceTopic) {
    Objects.requireNonNull(sourceTopic, "sourceTopic");
    if (sourceTopic.isBlank()) {
      throw new IllegalArgumentException("the source topic must be a non-empty name");
    }
    return sourceTopic + TOPIC_SUFFIX;
  }
}
