package io.streamlearn.model.kstreams;

import io.streamlearn.model.core.serving.ExampleCodec;
import io.streamlearn.model.core.serving.JoinedExample;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of the trainer's internal input topic: joined examples in their core byte layout
 * ({@link ExampleCodec}), not Avro (the topic is internal to the application and carries the exact
 * features scored).
 */
final class JoinedExampleSerde implements Serde<JoinedExample> {

  @Override
  public Serializer<JoinedExample> serializer() {
    return (topic, example) -> example == null ? null : ExampleCodec.encode(example);
  }

  @Override
  public Deserializer<JoinedExample> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return ExampleCodec.decodeJoined(bytes);
      } catch (IllegalArgumentException e) {
        throw new SerializationException(
            "cannot read a joined example from topic '" + topic + "': " + e.getMessage(), e);
      }
    };
  }
}
