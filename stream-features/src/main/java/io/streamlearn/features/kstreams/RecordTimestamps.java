package io.streamlearn.features.kstreams;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Reads the inputs by their record timestamps (the producer's, which the ingest tools set to the
 * event time). A record without a valid timestamp takes its partition's time instead of failing the
 * application or being skipped: the stage reads event time from the values, not from here.
 */
final class RecordTimestamps implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0L);
  }
}
