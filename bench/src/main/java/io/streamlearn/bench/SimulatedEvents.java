package io.streamlearn.bench;

import io.streamlearn.app.pipeline.ClusterConnection;
import io.streamlearn.embedded.EmbeddedStack;
import io.streamlearn.ingest.core.pacing.Pacer;
import io.streamlearn.ingest.core.pacing.Pacing;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import io.streamlearn.ingest.core.simulator.TransactionSimulator;
import io.streamlearn.ingest.core.validation.EventValidator;
import io.streamlearn.ingest.kafka.DeliveryGuard;
import io.streamlearn.ingest.kafka.ProducerSettings;
import io.streamlearn.ingest.kafka.SchemaRegistration;
import io.streamlearn.ingest.kafka.SimulationPublisher;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The benchmarks' input: the simulator's events produced to an embedded stack, as {@code simulate}
 * produces them.
 */
public final class SimulatedEvents {

  private SimulatedEvents() {}

  /**
   * Produces the events of {@code world} to the topics (schemas registered first), at {@code
   * pacing}, at most {@code limit} of them, with the ingest CLI's producer settings; returns the
   * publisher's report.
   */
  public static SimulationPublisher.Report publish(
      EmbeddedStack stack,
      SimulatorOptions world,
      String transactions,
      String labels,
      Pacing pacing,
      long limit)
      throws Exception {
    return publish(
        ClusterConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl()),
        world,
        transactions,
        labels,
        pacing,
        limit,
        Map.of());
  }

  /**
   * As above, to the broker and registry of {@code cluster}, with {@code producer} settings over
   * the ingest CLI's ({@link ProducerSettings}).
   */
  public static SimulationPublisher.Report publish(
      ClusterConnection cluster,
      SimulatorOptions world,
      String transactions,
      String labels,
      Pacing pacing,
      long limit,
      Map<String, String> producer)
      throws Exception {
    ProducerSettings settings =
        ProducerSettings.of(
            cluster.bootstrapServers(), cluster.schemaRegistryUrl(), null, producer);
    try (KafkaProducer<byte[], byte[]> client = new KafkaProducer<>(settings.kafka())) {
      SimulationPublisher publisher =
          new SimulationPublisher(
              client,
              SchemaRegistration.eventEncoder(settings, transactions, labels),
              new SimulationPublisher.Topics(transactions, labels),
              EventValidator.withDefaults(),
              new Pacer(pacing, System::nanoTime, TimeUnit.NANOSECONDS::sleep),
              new DeliveryGuard(settings.bootstrapServers()));
      return publisher.publish(new TransactionSimulator(world).run(), limit, n -> {});
    }
  }
}
