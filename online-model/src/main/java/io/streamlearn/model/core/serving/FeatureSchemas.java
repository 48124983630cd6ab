package io.streamlearn.model.core.serving;

import io.streamlearn.model.core.FeatureVector;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shares one {@link FeatureVector.Schema} per set of feature names, so that learners, which resolve
 * a schema's names to their slots once per schema, do it once per feature set rather than once per
 * example. Keeps the most recently used {@value #CAPACITY} schemas. Not thread-safe: one per scorer
 * or trainer.
 */
public final class FeatureSchemas {

  static final int CAPACITY = 64;

  private final Map<List<String>, FeatureVector.Schema> schemas =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, FeatureVector.Schema> e) {
          return size() > CAPACITY;
        }
      };

  private String[] lastNames;
  private FeatureVector.Schema last;

  /** The schema of {@code names} (sorted and distinct). */
  public FeatureVector.Schema schema(String[] names) {
    if (last != null && (names == lastNames || Arrays.equals(names, lastNames))) {
      return last;
    }
    List<String> key = List.of(names);
    FeatureVector.Schema schema = schemas.computeIfAbsent(key, FeatureVector.Schema::of);
    lastNames = names;
    last = schema;
    return schema;
  }
}
