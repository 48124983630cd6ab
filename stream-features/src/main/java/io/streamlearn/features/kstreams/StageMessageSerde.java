package io.streamlearn.features.kstreams;

import io.streamlearn.features.stage.StageCodec;
import io.streamlearn.features.stage.StageMessage;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The stage messages on the topology's repartition topics, in {@link StageCodec}'s layout. */
final class StageMessageSerde implements Serde<StageMessage> {

  @Override
  public Serializer<StageMessage> serializer() {
    return (topic, message) -> message == null ? null : StageCodec.encode(message);
  }

  @Override
  public Deserializer<StageMessage> deserializer() {
    return (topic, bytes) -> bytes == null ? null : StageCodec.decodeMessage(bytes);
  }
}
