package io.streamlearn.features.core.spec;

/**
 * Seconds between the event and the entity's previous transaction: the latest other transaction of
 * the entity, received earlier, whose event time is at or before this one's.
 *
 * @param name feature name
 * @param entity entity key field
 * @param missing the value output when the entity has no previous transaction (within the state
 *     TTL); e.g. -1
 */
public record TimeSinceLast(String name, String entity, double missing) implements EntityFeature {

  public TimeSinceLast {
    Problems problems = Problems.forFeature(name);
    problems.checkFeatureName(name);
    problems.checkEntity(entity);
    problems.checkMissing(missing);
    problems.throwIfAny();
  }
}
