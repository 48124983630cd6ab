package io.streamlearn.ingest.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the records of one file, one per line, never stopping at a malformed line: such a line
 * comes back as a {@linkplain SourceRecord#isMalformed() malformed} record with the reason. Blank
 * lines hold no record and are skipped (and counted). Files ending in {@code .gz} are decompressed.
 */
public abstract sealed class RecordFileReader implements Closeable
    permits CsvRecordReader, JsonLinesRecordReader {

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final LineReader lines;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private long blankLines;
  private boolean firstLine = true;

  RecordFileReader(InputStream in) {
    this.lines = new LineReader(in);
  }

  /**
   * Opens {@code file} in {@code format}.
   *
   * @param csvDelimiter the CSV column separator (ignored for JSON lines)
   */
  public static RecordFileReader open(Path file, InputFormat format, char csvDelimiter)
      throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      if (file.getFileName().toString().endsWith(".gz")) {
        in = new GZIPInputStream(in, 1 << 16);
      }
      return switch (format) {
        case CSV -> new CsvRecordReader(in, csvDelimiter);
        case JSON_LINES -> new JsonLinesRecordReader(in);
      };
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** The next record, or null at the end of the file. */
  public abstract SourceRecord next() throws IOException;

  /** The column names of the header (CSV); empty for JSON lines or an empty file. */
  public abstract List<String> header();

  /** Why the header cannot be used (every record is then malformed), or null. */
  public abstract String headerProblem();

  /** True when the file had no content at all (not even a header). */
  public abstract boolean isEmpty();

  /** Bytes of the (decompressed) file consumed so far. */
  public long bytesRead() {
    return lines.bytesRead();
  }

  /** Blank lines skipped so far. */
  public long blankLines() {
    return blankLines;
  }

  /** The next non-blank line, decoded, or null at the end; malformed UTF-8 gives a null text. */
  Line nextNonBlankLine() throws IOException {
    while (true) {
      byte[] bytes = lines.nextLine();
      if (bytes == null) {
        return null;
      }
      if (firstLine) {
        firstLine = false;
        if (startsWithBom(bytes)) {
          bytes = java.util.Arrays.copyOfRange(bytes, UTF8_BOM.length, bytes.length);
        }
      }
      if (lines.lastLineOverlong()) {
        return new Line(
            lines.lineNumber(),
            bytes,
            null,
            "is longer than " + (LineReader.MAX_LINE_BYTES >> 20) + " MiB");
      }
      String text;
      try {
        CharBuffer chars = utf8.decode(ByteBuffer.wrap(bytes));
        text = chars.toString();
      } catch (CharacterCodingException e) {
        return new Line(lines.lineNumber(), bytes, null, "is not valid UTF-8");
      }
      if (text.isBlank()) {
        blankLines++;
        continue;
      }
      return new Line(lines.lineNumber(), bytes, text, null);
    }
  }

  private static boolean startsWithBom(byte[] bytes) {
    return bytes.length >= 3
        && bytes[0] == UTF8_BOM[0]
        && bytes[1] == UTF8_BOM[1]
        && bytes[2] == UTF8_BOM[2];
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }

  /** A non-blank line: its text, or the reason it has none. */
  record Line(long number, byte[] bytes, String text, String problem) {}
}
