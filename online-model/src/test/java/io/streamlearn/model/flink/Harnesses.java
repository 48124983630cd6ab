package io.streamlearn.model.flink;

import io.streamlearn.platform.flink.SpecificAvroTypeInfo;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

/**
 * Operator harnesses whose main output is an Avro class: the harness must be given the output
 * serializer (Flink's own inference wants setters, which our generated classes do not have).
 */
final class Harnesses {

  private Harnesses() {}

  static <T extends SpecificRecord> TypeSerializer<T> avro(Class<T> type) {
    return SpecificAvroTypeInfo.forClass(type).createSerializer(new SerializerConfigImpl());
  }

  static <A, B, T extends SpecificRecord> BroadcastOperatorTestHarness<A, B, T> broadcast(
      BroadcastProcessFunction<A, B, T> function,
      Class<T> output,
      MapStateDescriptor<?, ?> descriptor)
      throws Exception {
    BroadcastOperatorTestHarness<A, B, T> harness =
        new BroadcastOperatorTestHarness<>(
            new CoBroadcastWithNonKeyedOperator<>(function, List.of(descriptor)), 1, 1, 0);
    return opened(harness, output);
  }

  static <A, T extends SpecificRecord> OneInputStreamOperatorTestHarness<A, T> process(
      ProcessFunction<A, T> function, Class<T> output) throws Exception {
    return opened(new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(function)), output);
  }

  static <H extends AbstractStreamOperatorTestHarness<T>, T extends SpecificRecord> H opened(
      H harness, Class<T> output) throws Exception {
    harness.setup(avro(output));
    harness.open();
    return harness;
  }
}
