package io.streamlearn.ingest.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One JSON object per line. Unquoted {@code NaN} and {@code Infinity} are read as numbers (so the
 * validator can name them); trailing content after the object and duplicate keys make a line
 * malformed.
 */
final class JsonLinesRecordReader extends RecordFileReader {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private boolean sawAnyLine;
  private boolean ended;

  JsonLinesRecordReader(InputStream in) {
    super(in);
  }

  @Override
  public SourceRecord next() throws IOException {
    Line line = nextNonBlankLine();
    if (line == null) {
      ended = true;
      return null;
    }
    sawAnyLine = true;
    if (line.problem() != null) {
      return SourceRecord.malformed(line.number(), line.bytes(), "line " + line.problem());
    }
    JsonNode node;
    try {
      node = JSON.readTree(line.text());
    } catch (JsonProcessingException e) {
      return SourceRecord.malformed(
          line.number(), line.bytes(), "line is not valid JSON: " + e.getOriginalMessage());
    }
    if (!node.isObject()) {
      return SourceRecord.malformed(
          line.number(),
          line.bytes(),
          "line is a JSON "
              + node.getNodeType().name().toLowerCase(Locale.ROOT)
              + ", not an object");
    }
    Map<String, JsonNode> values = new LinkedHashMap<>();
    node.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue()));
    return SourceRecord.parsed(line.number(), line.bytes(), values);
  }

  @Override
  public List<String> header() {
    return List.of();
  }

  @Override
  public String headerProblem() {
    return null;
  }

  @Override
  public boolean isEmpty() {
    return ended && !sawAnyLine && blankLines() == 0;
  }
}
