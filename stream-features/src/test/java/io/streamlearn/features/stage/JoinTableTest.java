package io.streamlearn.features.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.features.core.LabelJoinState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JoinTableTest {

  private static final FeatureStage STAGE =
      new FeatureStage(FeatureStageSettings.defaults(), FeatureTopics.DEFAULTS);
  private static final long T0 = 1_700_000_000_000L;

  /** What the table should hold for an id: its flags, time, entity ids and waiting record. */
  private record Held(int flags, long time, String[] entityIds, OriginalRecord waiting) {}

  private static final OriginalRecord RECORD =
      new OriginalRecord("labels", 0, 7, -1, null, new byte[] {1}, List.of());

  /** Ids of every kind the table keeps: in its key words, as strings, and at the boundary. */
  private static String id(SplittableRandom random, int n) {
    return switch (random.nextInt(6)) {
      case 0 -> Integer.toString(n); // decimal: in the key words
      case 1 -> "tx-" + n + "-" + "x".repeat(random.nextInt(12)); // up to 15 and beyond
      case 2 -> "550e8400-e29b-41d4-a716-" + String.format("%012d", n); // a UUID: a string
      case 3 -> "ü" + n + "\u00ff"; // Latin-1 beyond ASCII: in the key words
      case 4 -> "€" + n; // beyond Latin-1: a string
      default -> n % 2 == 0 ? "" + (char) 0 + n : "0" + n; // a NUL character, a leading zero
    };
  }

  private static Held randomHeld(SplittableRandom random) {
    return switch (random.nextInt(3)) {
      case 0 ->
          new Held(
              LabelJoinState.HAS_TRANSACTION,
              T0 + random.nextLong(1_000_000),
              new String[] {"T" + random.nextInt(100)},
              null);
      case 1 ->
          new Held(
              LabelJoinState.HAS_TRANSACTION | LabelJoinState.LABELLED,
              T0 + random.nextLong(1_000_000),
              null,
              null);
      default ->
          new Held(
              LabelJoinState.HAS_PENDING
                  | (random.nextBoolean() ? LabelJoinState.PENDING_FRAUD : 0),
              T0 + random.nextLong(1_000_000),
              null,
              RECORD);
    };
  }

  private static void set(JoinEntry entry, String id, Held held) {
    entry.state().setFlat(id, held.flags(), held.time(), held.entityIds());
    entry.waitingLabel = held.waiting();
  }

  private static void assertHolds(JoinEntry entry, Held held) {
    assertThat(entry.state().flatFlags()).isEqualTo(held.flags());
    assertThat(entry.state().flatTime()).isEqualTo(held.time());
    assertThat(entry.state().flatEntityIds()).isSameAs(held.entityIds());
    assertThat(entry.waitingLabel).isSameAs(held.waiting());
  }

  @Test
  void holdsWhatAMapHoldsThroughInsertsUpdatesRemovalsAndGrowth() {
    SplittableRandom random = new SplittableRandom(7);
    JoinTable table = new JoinTable();
    Map<String, Held> expected = new HashMap<>();
    List<String> ids = new ArrayList<>();
    Map<List<Long>, String> byKey = new HashMap<>();
    JoinEntry entry = STAGE.newJoinEntry();
    SingleTaskStage.ExpiryQueue queue = new SingleTaskStage.ExpiryQueue();
    for (int step = 0; step < 60_000; step++) {
      int op = random.nextInt(10);
      if (op < 5 || ids.isEmpty()) { // a new id, or one held
        String id =
            ids.isEmpty() || op < 3 ? id(random, step) : ids.get(random.nextInt(ids.size()));
        boolean held = table.find(id, entry);
        assertThat(held).isEqualTo(expected.containsKey(id));
        if (held) {
          assertHolds(entry, expected.get(id));
        }
        Held next = randomHeld(random);
        set(entry, id, next);
        table.put(new String(id), entry); // an equal id, not the same string: looked up again
        if (!held) {
          ids.add(id);
          table.queueLast(queue, step);
          SingleTaskStage.ExpiryQueue one = new SingleTaskStage.ExpiryQueue();
          table.queueLast(one, 0);
          SingleTaskStage.Bucket key = one.pollDue(Long.MAX_VALUE);
          assertThat(key.id(0)).isEqualTo(id.length() > JoinTable.MAX_INLINE ? id : key.id(0));
          if (key.id(0) == null) {
            byKey.put(List.of(key.word0(0), key.word1(0)), id);
          }
        }
        expected.put(id, next);
      } else if (op < 9) { // one held, updated in place after its find
        String id = ids.get(random.nextInt(ids.size()));
        assertThat(table.find(id, entry)).isTrue();
        Held next = randomHeld(random);
        set(entry, id, next);
        table.put(id, entry);
        expected.put(id, next);
      } else { // two removed through the expiry queue's keys, the others queued again
        SingleTaskStage.Bucket due = queue.pollDue(Long.MAX_VALUE);
        int removals = 0;
        for (int k = 0; due != null && k < due.size(); k++) {
          if (removals == 2 || random.nextInt(4) == 0) {
            queue.add(step, due.word0(k), due.word1(k), due.id(k));
            continue;
          }
          assertThat(table.findQueued(due.word0(k), due.word1(k), due.id(k), entry)).isTrue();
          String id =
              due.id(k) != null ? due.id(k) : byKey.get(List.of(due.word0(k), due.word1(k)));
          Held held = expected.get(id);
          assertHolds(entry, held);
          if ((held.flags() & LabelJoinState.HAS_PENDING) != 0) { // the id, for the dead letter
            JoinEntry withId = STAGE.newJoinEntry();
            set(withId, id, held);
            assertThat(entry.toBytes()).isEqualTo(withId.toBytes());
          }
          table.removeFound();
          removals++;
          expected.remove(id);
          ids.remove(id);
        }
      }
      assertThat(table.size()).isEqualTo(expected.size());
    }
    assertThat(expected.size()).isGreaterThan(1_000); // the table grew several times
    for (Map.Entry<String, Held> held : expected.entrySet()) {
      assertThat(table.find(held.getKey(), entry)).as(held.getKey()).isTrue();
      assertHolds(entry, held.getValue());
    }
    Map<String, Held> listed = new HashMap<>();
    table
        .freeze()
        .forEachFlat(
            (word0, word1, longId, flags, time, entityIds, waiting) ->
                listed.put(
                    IdTable.idOf(word0, word1, longId), new Held(flags, time, entityIds, waiting)));
    assertThat(listed.keySet()).isEqualTo(expected.keySet());
  }

  @Test
  void aFrozenCopyKeepsWhatTheTableHeldAsTheTableGoesOn() {
    JoinTable table = new JoinTable();
    JoinEntry entry = STAGE.newJoinEntry();
    for (int i = 0; i < 6_000; i++) { // more than a page of slots
      entry.state().setFlat("t" + i, LabelJoinState.HAS_TRANSACTION, T0 + i, null);
      table.put("t" + i, entry);
    }
    JoinTable.Frozen frozen = table.freeze();
    entry.state().setFlat("t1", LabelJoinState.HAS_TRANSACTION | LabelJoinState.LABELLED, T0, null);
    table.put("t1", entry);
    assertThat(table.find("t2", entry)).isTrue();
    table.removeFound();
    for (int i = 6_000; i < 12_000; i++) { // the table grows; the copy does not
      entry.state().setFlat("t" + i, LabelJoinState.HAS_TRANSACTION, T0 + i, null);
      table.put("t" + i, entry);
    }
    Map<String, Long> times = new HashMap<>();
    Map<String, Integer> flags = new HashMap<>();
    frozen.forEachFlat(
        (word0, word1, longId, flag, time, entityIds, waiting) -> {
          String id = IdTable.idOf(word0, word1, longId);
          times.put(id, time);
          flags.put(id, flag);
        });
    assertThat(frozen.size()).isEqualTo(6_000);
    assertThat(times).hasSize(6_000).containsEntry("t2", T0 + 2).containsEntry("t5999", T0 + 5_999);
    assertThat(flags).containsEntry("t1", LabelJoinState.HAS_TRANSACTION);
    assertThat(table.find("t1", entry)).isTrue();
    assertThat(entry.state().flatFlags())
        .isEqualTo(LabelJoinState.HAS_TRANSACTION | LabelJoinState.LABELLED);
    assertThat(table.find("t2", entry)).isFalse();
  }

  @Test
  void removingWithoutAFoundEntryIsRefused() {
    JoinTable table = new JoinTable();
    JoinEntry entry = STAGE.newJoinEntry();
    assertThat(table.find("t1", entry)).isFalse();
    assertThatThrownBy(table::removeFound).isInstanceOf(IllegalStateException.class);
  }
}
