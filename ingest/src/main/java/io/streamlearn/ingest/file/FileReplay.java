package io.streamlearn.ingest.file;

import io.streamlearn.ingest.avro.AvroRecordValidator;
import io.streamlearn.ingest.avro.RecordMapper;
import io.streamlearn.ingest.avro.RecordMappingException;
import io.streamlearn.ingest.core.validation.Violation;
import io.streamlearn.ingest.core.validation.ViolationCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.generic.GenericData;

/**
 * Replays files into a {@link ReplaySink}: each line is parsed, mapped onto the schema, validated,
 * and either sent or dead-lettered with its reason. A bad line never stops the replay.
 */
public final class FileReplay {

  private final RecordMapper mapper;
  private final AvroRecordValidator validator;
  private final String keyField;
  private final char csvDelimiter;

  /**
   * @param keyField the field whose value is the record key, or null for no key
   * @param csvDelimiter the CSV column separator
   */
  public FileReplay(
      RecordMapper mapper, AvroRecordValidator validator, String keyField, char csvDelimiter) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.validator = Objects.requireNonNull(validator, "validator");
    if (keyField != null && mapper.schema().getField(keyField) == null) {
      throw new IllegalArgumentException(
          "key field '" + keyField + "' is not in schema " + mapper.schema().getName());
    }
    this.keyField = keyField;
    this.csvDelimiter = csvDelimiter;
  }

  /**
   * Replays one file.
   *
   * @param source the file's name in counts, notices and dead-letter headers
   * @throws IOException when the file cannot be opened or read (not for malformed content)
   */
  public void replay(
      Path file,
      String source,
      InputFormat format,
      ReplaySink sink,
      ReplayTally tally,
      ReplayListener listener)
      throws IOException {
    tally.register(source);
    String schemaName = mapper.schema().getName();
    try (RecordFileReader reader = RecordFileReader.open(file, format, csvDelimiter)) {
      Set<String> reportedColumns = new HashSet<>();
      if (format == InputFormat.CSV) {
        if (reader.headerProblem() != null) {
          listener.notice(
              source + ": " + reader.headerProblem() + ", so every record is dead-lettered");
        } else if (!reader.isEmpty()) {
          reportUnknownColumns(source, reader.header(), reportedColumns, schemaName, listener);
          for (String field : mapper.requiredFieldsMissingFrom(reader.header())) {
            listener.notice(
                source
                    + ": no column gives required field '"
                    + field
                    + "', so every record is dead-lettered");
          }
        }
      }
      long records = 0;
      SourceRecord record;
      while ((record = reader.next()) != null) {
        records++;
        tally.read(source);
        RecordOrigin origin = new RecordOrigin(source, record.lineNumber());
        if (record.isMalformed()) {
          sink.deadLetter(
              record.payload(),
              new Violation(ViolationCode.MALFORMED_RECORD, record.problem()),
              origin);
        } else {
          if (format == InputFormat.JSON_LINES) {
            reportUnknownColumns(
                source,
                List.copyOf(record.values().keySet()),
                reportedColumns,
                schemaName,
                listener);
          }
          handle(record, origin, sink);
        }
        listener.progress(reader.bytesRead());
      }
      listener.progress(reader.bytesRead());
      tally.blankLines(source, reader.blankLines());
      if (reader.isEmpty()) {
        listener.notice(source + " is empty: it holds no records");
      } else if (records == 0) {
        listener.notice(
            source
                + (format == InputFormat.CSV ? " has a header but no records" : " has no records"));
      }
    }
  }

  private void handle(SourceRecord record, RecordOrigin origin, ReplaySink sink) {
    GenericData.Record mapped;
    try {
      mapped = mapper.map(record.values());
    } catch (RecordMappingException e) {
      sink.deadLetter(record.payload(), e.violation(), origin);
      return;
    }
    Optional<Violation> problem = validator.validate(mapped);
    if (problem.isPresent()) {
      sink.deadLetter(record.payload(), problem.get(), origin);
      return;
    }
    Object key = keyField == null ? null : mapped.get(keyField);
    sink.send(key == null ? null : key.toString(), mapped, origin, record.payload());
  }

  private void reportUnknownColumns(
      String source,
      List<String> columns,
      Set<String> reported,
      String schemaName,
      ReplayListener listener) {
    for (String column : mapper.unknownColumns(columns)) {
      if (reported.add(column)) {
        listener.notice(
            source
                + ": column '"
                + column
                + "' is not a field of "
                + schemaName
                + " and is ignored");
      }
    }
  }
}
