package io.streamlearn.features.avro;

import io.streamlearn.features.core.FeatureValues;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The {@code features} map of a {@link FeatureVector} the stage writes: an unmodifiable view of the
 * core's {@link FeatureValues}, iterating in the spec's order, so that a vector is written without
 * copying its values into a hash map of boxed doubles first. {@link FeatureVectorWireEncoder} reads
 * the values from it directly.
 */
final class FeatureValuesMap extends AbstractMap<String, Double> {

  private final FeatureValues values;

  FeatureValuesMap(FeatureValues values) {
    this.values = values;
  }

  FeatureValues featureValues() {
    return values;
  }

  @Override
  public int size() {
    return values.size();
  }

  @Override
  public Set<Map.Entry<String, Double>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return values.size();
      }

      @Override
      public Iterator<Map.Entry<String, Double>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < values.size();
          }

          @Override
          public Map.Entry<String, Double> next() {
            if (next >= values.size()) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new AbstractMap.SimpleImmutableEntry<>(values.names().get(i), values.value(i));
          }
        };
      }
    };
  }
}
