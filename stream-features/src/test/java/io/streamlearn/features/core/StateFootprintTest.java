package io.streamlearn.features.core;

import static io.streamlearn.features.core.Inputs.T0;
import static io.streamlearn.features.core.Inputs.days;
import static io.streamlearn.features.core.Inputs.hours;
import static io.streamlearn.features.core.Inputs.transaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.core.LocalFeaturePipeline.Storage;
import io.streamlearn.ingest.core.LabelEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** State stays bounded: per key by its windows, across keys by the TTL. */
class StateFootprintTest {

  private static final FeaturePlan PLAN = FeaturePlan.compile(TestSpecs.fraudBaseline());

  @Test
  void aCustomersStateStopsGrowingOnceItsLongestWindowIsFull() {
    EntityFeatures customer = PLAN.entity("customerId");
    EntityState state = customer.newState();
    int[] bucketsAtDay = new int[151];
    int[] bytesAtDay = new int[151];
    for (int day = 0; day <= 150; day++) {
      for (int hour : new int[] {2, 9, 13, 20}) {
        double amount = 5 + (day * 31 + hour * 7) % 97 + 0.25;
        state.onTransaction(
            transaction("t" + day + "-" + hour, T0 + days(day) + hours(hour), "C1", "T1", amount));
      }
      bucketsAtDay[day] = state.bucketCount();
      bytesAtDay[day] = state.toBytes().length;
    }

    // 11 days of 4 hourly buckets, less the newest transaction: within the allowed lateness of
    // the frontier, it waits unsealed in the tail
    assertThat(bucketsAtDay[10]).isEqualTo(11 * 4 - 1);
    // the 30-day window reaches back to bucket day 10 20:00; 29 full days lie in between
    assertThat(bucketsAtDay[40]).isEqualTo(1 + 29 * 4 + 3);
    assertThat(bucketsAtDay[150]).isEqualTo(bucketsAtDay[40]);
    assertThat(bytesAtDay[150]).isBetween(bytesAtDay[40] - 64, bytesAtDay[40] + 64);
  }

  @Test
  void idleEntitiesExpireSoManyDistinctCustomersDoNotAccumulate() {
    LocalFeaturePipeline pipeline = new LocalFeaturePipeline(PLAN, Storage.OBJECTS);
    List<Rejection> rejections = new ArrayList<>();
    LocalFeaturePipeline.Sink sink =
        new LocalFeaturePipeline.Sink() {
          @Override
          public void vector(TransactionFeatures features) {}

          @Override
          public void rejection(Rejection rejection) {
            rejections.add(rejection);
          }
        };
    long ttlDays = PLAN.settings().stateTtl().toDays();
    int customersPerDay = 100;
    int maxEntityStates = 0;
    int maxJoinStates = 0;
    for (int day = 0; day < 120; day++) {
      long dayStart = T0 + days(day);
      pipeline.collectGarbage(dayStart - PLAN.settings().allowedLateness().toMillis(), sink);
      for (int c = 0; c < customersPerDay; c++) {
        String customer = "C" + day + "-" + c;
        for (int k = 0; k < 2; k++) {
          String id = customer + "-" + k;
          long time = dayStart + hours(1 + c % 20) + k * 60_000L;
          pipeline.accept(
              new FeatureInput.Transaction(transaction(id, time, customer, "T" + c % 20, 10)),
              sink);
          pipeline.accept(
              new FeatureInput.Label(new LabelEvent(id, c % 7 == 0, time + hours(3))), sink);
        }
      }
      maxEntityStates = Math.max(maxEntityStates, pipeline.entityStateCount());
      maxJoinStates = Math.max(maxJoinStates, pipeline.joinStateCount());
    }

    assertThat(rejections).isEmpty();
    assertThat(maxEntityStates)
        .as("customers alive within one TTL, plus 20 terminals, of 12000 seen")
        .isLessThanOrEqualTo((int) (ttlDays + 1) * customersPerDay + 20);
    assertThat(maxJoinStates).isLessThanOrEqualTo(38 * customersPerDay * 2);
    assertThat(pipeline.entityStateCount()).isLessThan(120 * customersPerDay);
  }
}
