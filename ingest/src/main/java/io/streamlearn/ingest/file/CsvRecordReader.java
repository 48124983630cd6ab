package io.streamlearn.ingest.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CSV with a header line (RFC 4180 quoting, parsed by Jackson's CSV module one line at a time, so a
 * malformed line cannot swallow the lines after it; a quoted value therefore cannot span lines).
 */
final class CsvRecordReader extends RecordFileReader {

  private static final CsvMapper CSV = new CsvMapper();

  private final ObjectReader rowReader;
  private List<String> header = List.of();
  private String headerProblem;
  private boolean empty;

  CsvRecordReader(InputStream in, char delimiter) throws IOException {
    super(in);
    this.rowReader =
        CSV.readerFor(String[].class)
            .with(CsvParser.Feature.WRAP_AS_ARRAY)
            .with(CsvSchema.emptySchema().withColumnSeparator(delimiter));
    readHeader();
  }

  private void readHeader() throws IOException {
    Line line = nextNonBlankLine();
    if (line == null) {
      empty = true;
      return;
    }
    if (line.problem() != null) {
      headerProblem = "the header line " + line.problem();
      return;
    }
    String[] names;
    try {
      names = parse(line.text());
    } catch (RuntimeJsonMappingException | IOException e) {
      headerProblem = "the header line is not valid CSV: " + firstLine(e.getMessage());
      return;
    }
    List<String> columns = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.length; i++) {
      String name = names[i].trim();
      if (name.isEmpty()) {
        headerProblem = "the header has no name for column " + (i + 1);
        return;
      }
      if (!seen.add(name)) {
        headerProblem = "the header names column '" + name + "' twice";
        return;
      }
      columns.add(name);
    }
    header = List.copyOf(columns);
  }

  @Override
  public SourceRecord next() throws IOException {
    Line line = nextNonBlankLine();
    if (line == null) {
      return null;
    }
    if (headerProblem != null) {
      return SourceRecord.malformed(line.number(), line.bytes(), headerProblem);
    }
    if (line.problem() != null) {
      return SourceRecord.malformed(line.number(), line.bytes(), "line " + line.problem());
    }
    String[] values;
    try {
      values = parse(line.text());
    } catch (RuntimeJsonMappingException | IOException e) {
      return SourceRecord.malformed(
          line.number(), line.bytes(), "line is not valid CSV: " + firstLine(e.getMessage()));
    }
    if (values.length != header.size()) {
      return SourceRecord.malformed(
          line.number(),
          line.bytes(),
          "line has "
              + values.length
              + " fields but the header has "
              + header.size()
              + (values.length < header.size() ? " (is the line cut short?)" : ""));
    }
    Map<String, JsonNode> row = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      row.put(
          header.get(i),
          values[i].isEmpty()
              ? JsonNodeFactory.instance.nullNode()
              : JsonNodeFactory.instance.textNode(values[i]));
    }
    return SourceRecord.parsed(line.number(), line.bytes(), row);
  }

  private String[] parse(String text) throws IOException {
    try (MappingIterator<String[]> rows = rowReader.readValues(text)) {
      String[] first = rows.hasNext() ? rows.next() : new String[0];
      if (rows.hasNext()) {
        throw new IOException("the line holds more than one record");
      }
      return first;
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  @Override
  public List<String> header() {
    return header;
  }

  @Override
  public String headerProblem() {
    return headerProblem;
  }

  @Override
  public boolean isEmpty() {
    return empty;
  }
}
