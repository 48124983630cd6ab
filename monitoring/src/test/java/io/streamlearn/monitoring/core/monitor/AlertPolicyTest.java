package io.streamlearn.monitoring.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class AlertPolicyTest {

  @Test
  void admitsAtMostOneAlertPerMonitorSubjectAndWindow() {
    AlertPolicy policy = new AlertPolicy(0);
    assertThat(policy.admit("m", "amount", 100, 150)).isTrue();
    assertThat(policy.admit("m", "amount", 100, 160)).isFalse();
    assertThat(policy.admit("m", "hour", 100, 160)).as("another subject").isTrue();
    assertThat(policy.admit("other", "amount", 100, 160)).as("another monitor").isTrue();
    assertThat(policy.admit("m", "amount", 200, 250)).as("the next window").isTrue();
    assertThat(policy.suppressed()).isEqualTo(1);
  }

  @Test
  void waitsForTheCooldownInEventTime() {
    AlertPolicy policy = new AlertPolicy(1_000);
    assertThat(policy.admit("m", "s", 1, 10_000)).isTrue();
    assertThat(policy.admit("m", "s", 2, 10_999)).isFalse();
    assertThat(policy.admit("m", "s", 3, 11_000)).isTrue();
    assertThat(policy.admit("m", "s", 4, 11_500)).isFalse();
    assertThat(policy.suppressed()).isEqualTo(2);
  }

  @Test
  void restoredStateKeepsTheCooldownRunning() throws IOException {
    AlertPolicy policy = new AlertPolicy(1_000);
    policy.admit("m", "s", 1, 10_000);
    policy.admit("m", "s", 2, 10_100);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    policy.writeState(new DataOutputStream(bytes));
    AlertPolicy restored = new AlertPolicy(1_000);
    restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(restored.suppressed()).isEqualTo(1);
    assertThat(restored.admit("m", "s", 3, 10_500)).isFalse();
    assertThat(restored.admit("m", "s", 3, 11_000)).isTrue();
  }

  @Test
  void rejectsANegativeCooldown() {
    assertThatThrownBy(() -> new AlertPolicy(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
