package io.streamlearn.bench.model;

import com.yahoo.labs.samoa.instances.Instance;
import com.yahoo.labs.samoa.instances.InstancesHeader;
import io.streamlearn.model.core.FeatureVector;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * MOA {@link Instance}s as the features our learners take: one reused {@link FeatureVector} over
 * the header's attribute names, refilled for each instance ({@link #of(Instance)}), as a pipeline
 * with a fixed feature set would feed the learners.
 *
 * <p>Encoding: numeric attributes as they are; nominal attributes as their value index (0, 1, ...)
 * treated as a number, which is also what MOA's {@code functions.SGD} sees (MOA's naive Bayes, in
 * contrast, counts nominal values per class); missing values are absent features. The class
 * attribute is left out.
 */
final class InstanceFeatures {

  private final int[] attributes;
  private final FeatureVector vector;

  InstanceFeatures(InstancesHeader header) {
    List<String> names = new ArrayList<>();
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < header.numAttributes(); i++) {
      if (i != header.classIndex()) {
        names.add(header.attribute(i).name());
        indices.add(i);
      }
    }
    this.attributes = indices.stream().mapToInt(Integer::intValue).toArray();
    this.vector = FeatureVector.Schema.of(names).newVector();
  }

  /** The names of the header's nominal attributes, the class excepted, comma-separated. */
  static String nominalAttributes(InstancesHeader header) {
    StringJoiner names = new StringJoiner(",");
    for (int i = 0; i < header.numAttributes(); i++) {
      if (i != header.classIndex() && header.attribute(i).isNominal()) {
        names.add(header.attribute(i).name());
      }
    }
    return names.toString();
  }

  /** The reused vector, now holding the features of {@code inst}. */
  FeatureVector of(Instance inst) {
    for (int p = 0; p < attributes.length; p++) {
      vector.set(p, inst.value(attributes[p])); // a missing value is NaN: an absent feature
    }
    return vector;
  }
}
