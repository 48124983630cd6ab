package io.streamlearn.features.core;

import io.streamlearn.ingest.core.TransactionEvent;

/**
 * Builds a transaction's whole vector in one array, in one step: the event part, then each entity's
 * part written by {@link EntityState#applyTransaction} at its positions. For engines that hold
 * every entity state of a transaction in one place ({@link LocalFeaturePipeline}, the single-task
 * plan): no partial vectors, part lists or copies. Stateless and thread-safe.
 */
public final class VectorBuilder {

  private final FeatureVectorAssembler assembler;
  private final EventFeatures eventFeatures;

  public VectorBuilder(FeaturePlan plan) {
    this.assembler = plan.assembler();
    this.eventFeatures = plan.eventFeatures();
  }

  /** A new vector of {@code transaction} holding its event part; the entity parts still zero. */
  public double[] begin(TransactionEvent transaction) {
    double[] vector = new double[assembler.size()];
    eventFeatures.computeInto(transaction, vector, assembler.positionsOf(0));
    return vector;
  }

  /**
   * Applies {@code transaction} to the state of entity number {@code entity} (in the plan's entity
   * order) and writes that entity's part into {@code vector}.
   *
   * @return the entity's rejection of the transaction, or null when it was applied
   */
  public Rejection apply(
      int entity, EntityState state, TransactionEvent transaction, double[] vector) {
    return state.applyTransaction(transaction, vector, assembler.positionsOf(entity + 1));
  }

  /** The finished vector, which takes ownership of {@code vector}. */
  public FeatureValues finish(double[] vector) {
    return assembler.vectorOf(vector);
  }
}
