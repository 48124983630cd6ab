package io.streamlearn.features.stage;

import io.streamlearn.embedded.testing.TestStack;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Turns off time-based retention on the stage's topics. The simulated events carry their event
 * times (2018) as record timestamps, so the broker's retention check (every 5 minutes, the first 30
 * s after it starts) deletes them as older than the default 7 days: a test that keeps its data for
 * longer than that must say so, as a backfill of old events must (docs/OPERATIONS.md).
 */
public final class RetainedTopics {

  private RetainedTopics() {}

  /** Sets {@code retention.ms=-1} on every input and output topic of {@code topics}. */
  public static void keepForever(TestStack stack, FeatureTopics topics) {
    List<String> names = new ArrayList<>();
    names.add(topics.transactions());
    names.add(topics.labels());
    names.addAll(topics.outputs());
    keepForever(stack, names);
  }

  /** Sets {@code retention.ms=-1} on {@code topics}. */
  public static void keepForever(TestStack stack, Collection<String> topics) {
    Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
    for (String topic : topics) {
      changes.put(
          new ConfigResource(ConfigResource.Type.TOPIC, topic),
          List.of(
              new AlterConfigOp(
                  new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "-1"),
                  AlterConfigOp.OpType.SET)));
    }
    try {
      stack.admin().incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot turn off retention on " + topics + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
