package io.streamlearn.features.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.core.EntityFeatures;
import io.streamlearn.features.core.EntityState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntityTableTest {

  private static final EntityFeatures CUSTOMERS =
      new FeatureStage(FeatureStageSettings.defaults(), FeatureTopics.DEFAULTS).entity(0);

  @Test
  void holdsStatesByIdFindsQueuedKeysAndListsItsIds() {
    EntityTable table = new EntityTable();
    Map<String, EntityState> expected = new HashMap<>();
    SingleTaskStage.ExpiryQueue queue = new SingleTaskStage.ExpiryQueue();
    for (int i = 0; i < 5_000; i++) {
      // short ids in the key words; long and non-Latin-1 ones as strings
      String id = i % 3 == 0 ? "C" + i : i % 3 == 1 ? "customer-with-a-long-id-" + i : "Ω" + i;
      EntityState state = CUSTOMERS.newState();
      assertThat(table.get(id)).isNull();
      assertThat(table.put(id, state)).isFalse();
      table.queueLast(queue, i);
      expected.put(id, state);
    }
    EntityState replaced = CUSTOMERS.newState();
    assertThat(table.get("C0")).isSameAs(expected.get("C0"));
    assertThat(table.put(new String("C0"), replaced)).isTrue(); // an equal string: same entry
    expected.put("C0", replaced);
    assertThat(table.size()).isEqualTo(5_000);

    // every other key removed through the queue, as the expiry sweep does
    SingleTaskStage.Bucket due;
    List<String> removed = new ArrayList<>();
    int k = 0;
    while ((due = queue.pollDue(Long.MAX_VALUE)) != null) {
      for (int j = 0; j < due.size(); j++, k++) {
        EntityState state = table.getQueued(due.word0(j), due.word1(j), due.id(j));
        assertThat(state).isNotNull();
        if (k % 2 == 0) {
          String id =
              expected.entrySet().stream()
                  .filter(e -> e.getValue() == state)
                  .findFirst()
                  .orElseThrow()
                  .getKey();
          table.removeFound();
          removed.add(id);
        }
      }
    }
    removed.forEach(expected::remove);
    assertThat(table.size()).isEqualTo(expected.size()).isEqualTo(2_500);
    Map<String, EntityState> listed = new HashMap<>();
    for (int slot = 0; slot < table.capacity(); slot++) {
      if (table.occupied(slot)) {
        listed.put(table.idAt(slot), table.stateAt(slot));
      }
    }
    assertThat(listed).isEqualTo(expected);
    for (String id : removed) {
      assertThat(table.get(id)).isNull();
    }
  }
}
