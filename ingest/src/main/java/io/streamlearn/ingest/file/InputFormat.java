package io.streamlearn.ingest.file;

import java.nio.file.Path;
import java.util.Locale;

/** The formats {@code produce} reads. */
public enum InputFormat {
  /** Comma-separated values with a header line naming the columns. */
  CSV,
  /** One JSON object per line (JSON Lines, NDJSON). */
  JSON_LINES;

  /** The format of {@code file} from its extension: .csv, or .jsonl / .ndjson / .json. */
  public static InputFormat detect(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return JSON_LINES;
    }
    throw new IllegalArgumentException(
        "cannot tell the format of "
            + file
            + " from its extension (.csv, .jsonl, .ndjson, .json): pass --format csv or jsonl");
  }

  /** Parses {@code csv} or {@code jsonl} (also {@code json}, {@code ndjson}). */
  public static InputFormat parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "csv" -> CSV;
      case "jsonl", "json", "ndjson", "json-lines", "json_lines" -> JSON_LINES;
      default ->
          throw new IllegalArgumentException("format '" + text + "' is not one of csv, jsonl");
    };
  }
}
