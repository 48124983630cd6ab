package io.streamlearn.app.pipeline;

import java.time.Duration;
import java.util.Map;

/** The stages of a pipeline running on one engine; {@link PipelineRuntime} holds one. */
interface EngineRun {

  /** Each running stage and its engine's state, e.g. {@code RUNNING} or {@code REBALANCING}. */
  Map<Stage, String> states();

  /** True when every stage processes records. */
  boolean running();

  /** Stops every stage, waiting at most {@code timeout} in all. */
  void close(Duration timeout);
}
