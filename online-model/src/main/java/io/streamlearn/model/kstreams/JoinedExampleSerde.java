package io.streamlearn.model.kstreams;

import io.streamlearn.model.core.serving.ExampleCodec;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of the trainer's internal input topic: joined examples in their core byte layout
 * ({@link ExampleCodec}), not Avro (the topic is internal to the application and carries the exact
 * features scored). The label join makes the bytes and the trainer decodes them, so both sides pass
 * them on as they are; reading checks them, so that a record that is not a joined example goes to
 * the deserialization exception handler (the dead-letter topic) instead of failing the trainer.
 */
final class JoinedExampleSerde implements Serde<byte[]> {

  @Override
  public Serializer<byte[]> serializer() {
    return (topic, example) -> example;
  }

  @Override
  public Deserializer<byte[]> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        ExampleCodec.checkJoined(bytes);
        return bytes;
      } catch (IllegalArgumentException e) {
        throw new SerializationException(
            "cannot read a joined example from topic '" + topic + "': " + e.getMessage(), e);
      }
    };
  }
}
