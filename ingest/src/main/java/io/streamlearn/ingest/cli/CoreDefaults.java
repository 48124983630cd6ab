package io.streamlearn.ingest.cli;

import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import io.streamlearn.ingest.core.validation.ValidationRules;
import java.time.Instant;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Takes the defaults of the simulation and validation options from the core records that own them
 * ({@link SimulatorOptions#DEFAULTS}, {@link ValidationRules#DEFAULTS}), so that they are written
 * in one place and the help shows them.
 */
public final class CoreDefaults implements IDefaultValueProvider {

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option)) {
      return null;
    }
    SimulatorOptions simulator = SimulatorOptions.DEFAULTS;
    ValidationRules rules = ValidationRules.DEFAULTS;
    return switch (option.longestName()) {
      case "--seed" -> Long.toString(simulator.seed());
      case "--customers" -> Integer.toString(simulator.customers());
      case "--terminals" -> Integer.toString(simulator.terminals());
      case "--days" -> Integer.toString(simulator.days());
      case "--start-date" -> simulator.startDate().toString();
      case "--radius" -> Double.toString(simulator.terminalRadius());
      case "--label-delay" -> DurationConverter.format(simulator.labels().delay());
      case "--late-fraud-fraction" -> Double.toString(simulator.labels().lateFraudFraction());
      case "--late-fraud-max-extra-delay" ->
          DurationConverter.format(simulator.labels().lateFraudMaxExtraDelay());
      case "--min-timestamp" -> Instant.ofEpochMilli(rules.minTimestampMillis()).toString();
      case "--max-timestamp" -> Instant.ofEpochMilli(rules.maxTimestampMillis()).toString();
      default -> null;
    };
  }
}
