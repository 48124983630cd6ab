package io.streamlearn.app.tail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlearn.platform.serde.AvroSerdeException;
import io.streamlearn.platform.serde.ConfluentWireFormat;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One JSON line per record.
 *
 * <ul>
 *   <li>By default the line is the value, decoded with its writer schema ({@link AvroJson}); a
 *       tombstone is {@code null}.
 *   <li>With the key or headers asked for, the line is {@code {"key": ..., "headers": {...},
 *       "value": ...}}. Keys are UTF-8 strings ({@code "keyBase64"} when they are not UTF-8);
 *       header values are UTF-8 strings, a repeated header an array of them.
 *   <li>Records of dead-letter topics ({@code <topic>.dlq}, {@code late-events}) always carry key
 *       and headers. Their value is the original bytes: decoded when they are a valid Avro value,
 *       else {@code "valueText"} (UTF-8 text, e.g. a CSV line) or {@code "valueBase64"}.
 * </ul>
 */
final class RecordFormatter {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ObjectMapper mapper = new ObjectMapper();
  private final WriterSchemaDecoder decoder;
  private final boolean withKey;
  private final boolean withHeaders;
  private final boolean deadLetters;

  /**
   * @param decoder decodes Avro values
   * @param withKey whether each line carries the key
   * @param withHeaders whether each line carries the headers
   * @param deadLetters whether the topic holds raw bytes with dead-letter headers
   */
  RecordFormatter(
      WriterSchemaDecoder decoder, boolean withKey, boolean withHeaders, boolean deadLetters) {
    this.decoder = decoder;
    this.withKey = withKey || deadLetters;
    this.withHeaders = withHeaders || deadLetters;
    this.deadLetters = deadLetters;
  }

  /**
   * The line of a record.
   *
   * @throws AvroSerdeException when the value of a record of an ordinary topic cannot be decoded,
   *     or the registry cannot be reached
   */
  String format(ConsumerRecord<byte[], byte[]> record) {
    JsonNode line;
    if (!withKey && !withHeaders) {
      line = value(record.topic(), record.value());
    } else {
      ObjectNode envelope = NODES.objectNode();
      if (withKey) {
        byte[] key = record.key();
        Optional<String> text = key == null ? Optional.empty() : utf8(key);
        if (key == null || text.isPresent()) {
          envelope.put("key", text.orElse(null));
        } else {
          envelope.put("keyBase64", Base64.getEncoder().encodeToString(key));
        }
      }
      if (withHeaders) {
        envelope.set("headers", headers(record));
      }
      if (deadLetters) {
        rawValue(envelope, record.topic(), record.value());
      } else {
        envelope.set("value", value(record.topic(), record.value()));
      }
      line = envelope;
    }
    try {
      return mapper.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode value(String topic, byte[] value) {
    return value == null ? NODES.nullNode() : decoder.decode(topic, value);
  }

  /** The original bytes of a dead-lettered record: decoded when they are an Avro value. */
  private void rawValue(ObjectNode envelope, String topic, byte[] value) {
    if (value == null) {
      envelope.putNull("value");
      return;
    }
    if (value.length >= ConfluentWireFormat.HEADER_SIZE
        && value[0] == ConfluentWireFormat.MAGIC_BYTE) {
      try {
        envelope.set("value", decoder.decode(topic, value));
        return;
      } catch (AvroSerdeException e) {
        if (e.isTransient()) {
          throw e;
        }
      }
    }
    Optional<String> text = utf8(value);
    if (text.isPresent() && isPrintable(text.get())) {
      envelope.put("valueText", text.get());
    } else {
      envelope.put("valueBase64", Base64.getEncoder().encodeToString(value));
    }
  }

  private static ObjectNode headers(ConsumerRecord<byte[], byte[]> record) {
    ObjectNode headers = NODES.objectNode();
    for (Header header : record.headers()) {
      byte[] bytes = header.value();
      JsonNode value =
          bytes == null
              ? NODES.nullNode()
              : NODES.textNode(
                  utf8(bytes).orElseGet(() -> Base64.getEncoder().encodeToString(bytes)));
      JsonNode previous = headers.get(header.key());
      if (previous == null) {
        headers.set(header.key(), value);
      } else if (previous instanceof ArrayNode values) {
        values.add(value);
      } else {
        headers.set(header.key(), NODES.arrayNode().add(previous).add(value));
      }
    }
    return headers;
  }

  private static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static boolean isPrintable(String text) {
    return text.chars().allMatch(c -> c >= 0x20 || c == '\t' || c == '\n' || c == '\r');
  }
}
