package io.streamlearn.ingest.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: a header row, aligned columns (numbers to the right, text to the left). */
final class SummaryTable {

  private final List<String[]> rows = new ArrayList<>();
  private final List<boolean[]> numeric = new ArrayList<>();
  private final int columns;

  SummaryTable(String... header) {
    this.columns = header.length;
    rows.add(header);
    numeric.add(new boolean[header.length]);
  }

  SummaryTable row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("a row needs " + columns + " cells");
    }
    String[] text = new String[columns];
    boolean[] isNumber = new boolean[columns];
    for (int i = 0; i < columns; i++) {
      isNumber[i] = cells[i] instanceof Long || cells[i] instanceof Integer;
      text[i] =
          cells[i] instanceof Long || cells[i] instanceof Integer
              ? String.format("%,d", ((Number) cells[i]).longValue())
              : String.valueOf(cells[i]);
    }
    rows.add(text);
    numeric.add(isNumber);
    return this;
  }

  /** True when every body cell of the column is a number: its header is right-aligned too. */
  private boolean numericColumn(int column) {
    for (int r = 1; r < rows.size(); r++) {
      if (!numeric.get(r)[column]) {
        return false;
      }
    }
    return rows.size() > 1;
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
        boolean leftAligned = !numeric.get(r)[i] && !(r == 0 && numericColumn(i));
        String cell = row[i];
        String pad = " ".repeat(widths[i] - cell.length());
        line.append(leftAligned ? cell + pad : pad + cell);
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }
}
