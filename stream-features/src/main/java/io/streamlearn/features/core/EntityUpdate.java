package io.streamlearn.features.core;

/**
 * The result of applying a transaction to an entity state: its partial vector, or why it was
 * rejected. Exactly one of the two is present.
 */
public record EntityUpdate(PartialVector partial, Rejection rejection) {

  public EntityUpdate {
    if ((partial == null) == (rejection == null)) {
      throw new IllegalArgumentException("exactly one of partial and rejection must be given");
    }
  }

  static EntityUpdate accepted(PartialVector partial) {
    return new EntityUpdate(partial, null);
  }

  static EntityUpdate rejected(Rejection rejection) {
    return new EntityUpdate(null, rejection);
  }

  public boolean isAccepted() {
    return partial != null;
  }
}
