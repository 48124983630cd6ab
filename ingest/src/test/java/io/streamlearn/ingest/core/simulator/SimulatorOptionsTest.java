package io.streamlearn.ingest.core.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorOptionsTest {

  @Test
  void theDefaultsAreTheHandbookReferenceRun() {
    SimulatorOptions options = SimulatorOptions.DEFAULTS;

    assertThat(options.customers()).isEqualTo(5_000);
    assertThat(options.terminals()).isEqualTo(10_000);
    assertThat(options.days()).isEqualTo(183);
    assertThat(options.startDate()).isEqualTo(LocalDate.of(2018, 4, 1));
    assertThat(options.terminalRadius()).isEqualTo(5.0);
    assertThat(options.fraud())
        .isEqualTo(new SimulatorOptions.Fraud(220, 2, 28, 3, 14, 1.0 / 3, 5));
    assertThat(options.labels().delay()).isEqualTo(Duration.ofDays(7));
    assertThat(options.drift()).isEmpty();
    assertThat(options.startEpochMillis()).isEqualTo(1_522_540_800_000L);
  }

  @Test
  void everyInvalidArgumentIsReportedAtOnce() {
    assertThatThrownBy(() -> SimulatorOptions.DEFAULTS.withCustomers(0).withTerminals(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("customers must be in [1, 10000000] but was 0");
    assertThatThrownBy(
            () ->
                new SimulatorOptions(
                    1,
                    0,
                    0,
                    0,
                    LocalDate.of(2018, 4, 1),
                    -5,
                    SimulatorOptions.HANDBOOK_FRAUD,
                    SimulatorOptions.DEFAULT_LABELS,
                    List.of()))
        .hasMessage(
            "customers must be in [1, 10000000] but was 0; terminals must be in [1, 10000000] but"
                + " was 0; days must be in [1, 36600] but was 0; terminalRadius must be a positive"
                + " number but was -5.0");
  }

  @Test
  void aDriftChangeMustFallWithinTheSimulatedDaysAndNotRepeatAKindOnADay() {
    assertThatThrownBy(
            () ->
                SimulatorOptions.DEFAULTS
                    .withDays(10)
                    .withDrift(List.of(DriftChange.parse("10:fraud-rate:2"))))
        .hasMessage(
            "drift change 10:fraud-rate:2 is on day 10 but only 10 days are simulated (days 0..9)");
    assertThatThrownBy(
            () ->
                SimulatorOptions.DEFAULTS.withDrift(
                    List.of(
                        DriftChange.parse("5:fraud-rate:2"), DriftChange.parse("5:fraud-rate:3"))))
        .hasMessage("drift has two fraud-rate changes on day 5");
  }

  @Test
  void labelAndFraudOptionsAreValidated() {
    assertThatThrownBy(() -> new SimulatorOptions.Labels(Duration.ofDays(-1), 1.5, Duration.ZERO))
        .hasMessage(
            "label delay must be between 0 and 3660 days but was PT-24H; lateFraudFraction must be"
                + " in [0, 1] but was 1.5");
    assertThatThrownBy(() -> new SimulatorOptions.Fraud(0, 2, 0, 3, 14, 2, 5))
        .hasMessage(
            "highAmountThreshold must be positive but was 0.0; terminalCompromiseDays must be in"
                + " [1, 36600] but was 0; compromisedCustomerFraudShare must be in [0, 1] but was"
                + " 2.0");
  }

  @Test
  void driftChangesParseFromDayKindValue() {
    assertThat(DriftChange.parse("120:amount-shift:1.5"))
        .isEqualTo(new DriftChange(120, DriftKind.AMOUNT_SHIFT, 1.5));
    assertThat(DriftChange.parse(" 30 : new-pattern : 4 ").toString())
        .isEqualTo("30:new-pattern:4");
  }

  @Test
  void malformedDriftChangesAreRejectedWithTheReason() {
    assertThatThrownBy(() -> DriftChange.parse("120:amount-shift"))
        .hasMessage(
            "drift change '120:amount-shift' must have the form day:kind:value, e.g."
                + " 120:amount-shift:1.5");
    assertThatThrownBy(() -> DriftChange.parse("x:amount-shift:2"))
        .hasMessage("drift change 'x:amount-shift:2' has day 'x', which is not a whole number");
    assertThatThrownBy(() -> DriftChange.parse("3:amount-shift:big"))
        .hasMessage("drift change '3:amount-shift:big' has value 'big', which is not a number");
    assertThatThrownBy(() -> DriftChange.parse("3:weather:2"))
        .hasMessage(
            "unknown drift kind 'weather'; expected one of fraud-rate, amount-shift,"
                + " customer-frequency, new-pattern");
    assertThatThrownBy(() -> DriftChange.parse("0:fraud-rate:2"))
        .hasMessage("a drift change needs a day of at least 1 (day 0 is the baseline) but had 0");
    assertThatThrownBy(() -> DriftChange.parse("3:new-pattern:2.5"))
        .hasMessage("new-pattern value must be a whole number but was 2.5");
    assertThatThrownBy(() -> DriftChange.parse("3:amount-shift:0"))
        .hasMessage("amount-shift value must be in [0.01, 20] but was 0.0");
  }
}
