package io.streamlearn.platform.registry;

import java.util.Objects;

/**
 * Confluent's {@code TopicNameStrategy}: the schemas of a topic's values live under the subject
 * {@code <topic>-value}, those of its keys under {@code <topic>-key}. It is the only strategy
 * streamlearn uses; every topic carries one record type.
 */
public final class SubjectNames {

  /** Confluent's class name for this strategy, accepted in {@code value.subject.name.strategy}. */
  public static final String CONFLUENT_TOPIC_NAME_STRATEGY =
      "io.confluent.kafka.serializers.subject.TopicNameStrategy";

  private SubjectNames() {}

  /** The subject of a topic's keys ({@code isKey}) or values. */
  public static String forTopic(String topic, boolean isKey) {
    Objects.requireNonNull(topic, "topic");
    return topic + (isKey ? "-key" : "-value");
  }
}
