package io.streamlearn.model.kstreams;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.avro.FeatureVectorWireDecoder;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.model.avro.ModelAvroMapping;
import io.streamlearn.model.avro.ModelEvent;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.avro.Prediction;
import io.streamlearn.monitoring.avro.DriftAlert;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerde;
import io.streamlearn.platform.serde.AvroSerializer;
import io.streamlearn.platform.serde.DirectDeserializer;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The value serdes of the model stage's topics. {@link #avro} gives streamlearn's Avro serdes in
 * the Confluent wire format; tests pass {@code schema.registry.url=mock://<scope>}. The {@code
 * features} deserializer reads vectors written with the compiled schema with {@link
 * FeatureVectorWireDecoder}, the others with Avro ({@link DirectDeserializer}).
 *
 * @param features the {@code features} topic
 * @param labels the {@code labels} topic
 * @param snapshots the {@code model-snapshots} topic (written with maps in key order)
 * @param predictions the {@code predictions} topic
 * @param events the {@code model-events} topic
 * @param alerts the {@code alerts} topic
 */
public record ModelSerdes(
    Serde<FeatureVector> features,
    Serde<Label> labels,
    Serde<ModelSnapshot> snapshots,
    Serde<Prediction> predictions,
    Serde<ModelEvent> events,
    Serde<DriftAlert> alerts) {

  public ModelSerdes {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(snapshots, "snapshots");
    Objects.requireNonNull(predictions, "predictions");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(alerts, "alerts");
  }

  /** Avro serdes configured with {@code serdeConfig} ({@code schema.registry.url}, ...). */
  public static ModelSerdes avro(Map<String, ?> serdeConfig) {
    AvroSerde<ModelSnapshot> snapshots =
        AvroSerde.specific(ModelSnapshot.class).configured(serdeConfig, false);
    return new ModelSerdes(
        Serdes.serdeFrom(
            new AvroSerializer<FeatureVector>().configured(serdeConfig, false),
            new DirectDeserializer<>(
                AvroDeserializer.forSpecific(FeatureVector.class).configured(serdeConfig, false),
                FeatureVectorWireDecoder.INSTANCE)),
        AvroSerde.specific(Label.class).configured(serdeConfig, false),
        Serdes.serdeFrom(
            (topic, snapshot) ->
                snapshots
                    .serializer()
                    .serialize(
                        topic, snapshot == null ? null : ModelAvroMapping.canonical(snapshot)),
            snapshots.deserializer()),
        AvroSerde.specific(Prediction.class).configured(serdeConfig, false),
        AvroSerde.specific(ModelEvent.class).configured(serdeConfig, false),
        AvroSerde.specific(DriftAlert.class).configured(serdeConfig, false));
  }
}
