package io.streamlearn.ingest.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: a header row, aligned columns (text left, numbers right). */
final class SummaryTable {

  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  SummaryTable(String... header) {
    this.columns = header.length;
    rows.add(header);
  }

  SummaryTable row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("a row needs " + columns + " cells");
    }
    String[] text = new String[columns];
    for (int i = 0; i < columns; i++) {
      text[i] =
          cells[i] instanceof Long || cells[i] instanceof Integer
              ? String.format("%,d", ((Number) cells[i]).longValue())
              : String.valueOf(cells[i]);
    }
    rows.add(text);
    return this;
  }

  void print(PrintWriter out) {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        if (i > 0) {
          line.append("  ");
        }
        boolean leftAligned = i == 0;
        String cell = row[i];
        String pad = " ".repeat(widths[i] - cell.length());
        line.append(leftAligned ? cell + pad : pad + cell);
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }
}
