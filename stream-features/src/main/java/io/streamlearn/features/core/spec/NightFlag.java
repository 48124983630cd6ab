package io.streamlearn.features.core.spec;

/**
 * 1 when the hour of day of the event time (spec time zone) lies in {@code [fromHour, toHour]},
 * both inclusive, else 0. The range wraps past midnight when {@code fromHour > toHour} (e.g. 22 to
 * 5). The fraud handbook's night is 0 to 6 ({@code hour <= 6}).
 *
 * @param name feature name
 * @param fromHour first night hour, 0 to 23
 * @param toHour last night hour, 0 to 23
 */
public record NightFlag(String name, int fromHour, int toHour) implements EventFeature {

  public NightFlag {
    Problems problems = Problems.forFeature(name);
    problems.checkFeatureName(name);
    problems.require(fromHour >= 0 && fromHour <= 23, "fromHour must be 0 to 23, not " + fromHour);
    problems.require(toHour >= 0 && toHour <= 23, "toHour must be 0 to 23, not " + toHour);
    problems.throwIfAny();
  }

  /** True when {@code hour} is a night hour. */
  public boolean isNight(int hour) {
    return fromHour <= toHour
        ? hour >= fromHour && hour <= toHour
        : hour >= fromHour || hour <= toHour;
  }
}
