package io.streamlearn.platform.registry;

import java.util.List;

/**
 * The answer to "may this schema be registered under the subject?".
 *
 * @param compatible true when the schema satisfies the subject's compatibility level
 * @param messages one line per incompatibility (empty when compatible, and when the registry does
 *     not report details)
 */
public record CompatibilityCheck(boolean compatible, List<String> messages) {

  public CompatibilityCheck {
    messages = List.copyOf(messages);
  }
}
