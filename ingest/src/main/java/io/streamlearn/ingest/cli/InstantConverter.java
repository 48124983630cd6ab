package io.streamlearn.ingest.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** Reads an ISO-8601 instant ({@code 2018-04-01T00:00:00Z}) or date ({@code 2018-04-01}, UTC). */
public final class InstantConverter implements CommandLine.ITypeConverter<Instant> {

  @Override
  public Instant convert(String value) {
    String text = value.trim();
    try {
      return text.length() == 10
          ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not an ISO-8601 instant or date (e.g. 2018-04-01T00:00:00Z)");
    }
  }
}
