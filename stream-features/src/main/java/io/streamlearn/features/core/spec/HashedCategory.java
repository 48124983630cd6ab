package io.streamlearn.features.core.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Feature hashing of a categorical field (Weinberger et al., Feature Hashing for Large Scale
 * Multitask Learning, ICML 2009): the value is hashed with MurmurHash3 (x86, 32 bit, seed 0, UTF-8)
 * into one of {@code buckets} one-hot outputs named {@code <name>_0 .. <name>_<buckets-1>}. The
 * bucket of the value is 1, the others 0; a missing value sets every output to 0.
 *
 * @param name feature name, the prefix of the output names
 * @param field a text field, usually an attribute
 * @param buckets number of outputs, 1 to 4096
 */
public record HashedCategory(String name, String field, int buckets) implements EventFeature {

  /** The largest number of buckets a spec may ask for. */
  public static final int MAX_BUCKETS = 4096;

  public HashedCategory {
    Problems problems = Problems.forFeature(name);
    problems.checkFeatureName(name);
    problems.checkTextField(field, "a hashed feature");
    problems.require(
        buckets >= 1 && buckets <= MAX_BUCKETS,
        "buckets must be 1 to " + MAX_BUCKETS + ", not " + buckets);
    problems.throwIfAny();
  }

  @Override
  public List<String> outputNames() {
    List<String> names = new ArrayList<>(buckets);
    for (int i = 0; i < buckets; i++) {
      names.add(name + "_" + i);
    }
    return Collections.unmodifiableList(names);
  }

  /** The output index, 0 to {@code buckets - 1}, that {@code value} hashes to. */
  public int bucketOf(String value) {
    return Math.floorMod(Murmur3.hash32(value, 0), buckets);
  }
}
