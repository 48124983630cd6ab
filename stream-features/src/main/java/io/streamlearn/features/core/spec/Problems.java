package io.streamlearn.features.core.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects validation problems so that every one of them is reported at once. */
final class Problems {

  private static final Pattern FEATURE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private final String prefix;
  private final List<String> found = new ArrayList<>();

  private Problems(String prefix) {
    this.prefix = prefix;
  }

  static Problems forFeature(String name) {
    return new Problems("feature '" + name + "': ");
  }

  static Problems forSpec() {
    return new Problems("");
  }

  void require(boolean ok, String problem) {
    if (!ok) {
      found.add(prefix + problem);
    }
  }

  void add(String problem) {
    found.add(prefix + problem);
  }

  void addAll(List<String> problems) {
    found.addAll(problems);
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  void throwIfAny() {
    if (!found.isEmpty()) {
      throw new FeatureSpecException(found);
    }
  }

  void checkFeatureName(String name) {
    require(
        name != null && FEATURE_NAME.matcher(name).matches(),
        "name must start with a letter or '_' and contain only letters, digits, '_', '.' or '-'");
  }

  void checkEntity(String entity) {
    require(entity != null && !entity.isBlank(), "entity is required");
  }

  void checkMissing(double missing) {
    require(Double.isFinite(missing), "missing value must be a finite number, not " + missing);
  }

  void checkWindow(Duration window) {
    if (window == null) {
      add("window is required");
    } else {
      require(!window.isNegative() && !window.isZero(), "window must be positive");
    }
  }

  void checkDelay(Duration delay) {
    require(!delay.isNegative(), "delay must not be negative");
  }

  /** Checks that {@code field} can be read as a number. */
  void checkNumericField(String field, String usage) {
    if (field == null || field.isBlank()) {
      add(usage + " needs a field");
    } else if (!TransactionFields.isNumeric(field)) {
      add(
          usage
              + " needs a numeric field, and '"
              + field
              + "' is "
              + TransactionFields.describe(field));
    }
  }

  /** Checks that {@code field} can be read as text. */
  void checkTextField(String field, String usage) {
    if (field == null || field.isBlank()) {
      add(usage + " needs a field");
    } else if (!TransactionFields.isText(field)) {
      add(
          usage
              + " needs a text field, and '"
              + field
              + "' is "
              + TransactionFields.describe(field));
    }
  }
}
