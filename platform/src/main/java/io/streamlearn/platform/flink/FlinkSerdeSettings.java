package io.streamlearn.platform.flink;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * What a Flink schema needs to rebuild its serde on a task manager: the topic, the serde properties
 * as strings, and the reader type or schema. Flink ships schemas with Java serialisation, so this
 * holds only serialisable values; the registry client and Avro readers are rebuilt in {@code open}.
 */
final class FlinkSerdeSettings implements Serializable {

  private static final long serialVersionUID = 1L;

  final String topic;
  final HashMap<String, String> properties;
  final Class<? extends SpecificRecordBase> specificType;
  final String readerSchema;

  FlinkSerdeSettings(
      String topic,
      Map<String, ?> properties,
      Class<? extends SpecificRecordBase> specificType,
      Schema readerSchema) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("the topic must be a non-empty name");
    }
    this.topic = topic;
    Objects.requireNonNull(properties, "properties");
    this.properties = new HashMap<>();
    properties.forEach(
        (key, value) -> {
          if (value != null) {
            this.properties.put(key, String.valueOf(value));
          }
        });
    this.specificType = specificType;
    this.readerSchema = readerSchema == null ? null : readerSchema.toString();
  }

  Schema parsedReaderSchema() {
    return readerSchema == null ? null : new Schema.Parser().parse(readerSchema);
  }
}
