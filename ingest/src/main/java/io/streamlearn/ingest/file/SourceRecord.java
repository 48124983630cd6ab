package io.streamlearn.ingest.file;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One record read from a file: its line, its bytes as they were, and either its named values or the
 * reason it could not be parsed.
 *
 * @param lineNumber the line it was read from, from 1
 * @param payload the line's original bytes, without the line terminator
 * @param values the values by column name (an empty CSV cell is a JSON null); empty when malformed
 * @param problem why the line is malformed, or null when it parsed
 */
public record SourceRecord(
    long lineNumber, byte[] payload, Map<String, JsonNode> values, String problem) {

  static SourceRecord parsed(long lineNumber, byte[] payload, Map<String, JsonNode> values) {
    return new SourceRecord(lineNumber, payload, values, null);
  }

  static SourceRecord malformed(long lineNumber, byte[] payload, String problem) {
    return new SourceRecord(lineNumber, payload, Map.of(), problem);
  }

  /** True when the line could not be parsed. */
  public boolean isMalformed() {
    return problem != null;
  }
}
