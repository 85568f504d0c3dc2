package io.larder.benchmarks.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A GitHub-flavoured Markdown table, with columns right-aligned except the first ones given. */
public final class MarkdownTable {
  private final List<String> header;
  private final int leftAligned;
  private final List<List<String>> rows = new ArrayList<>();

  /**
   * Creates a table.
   *
   * @param leftAligned how many leading columns hold text (left-aligned); the rest are numbers
   * @param header the column titles
   */
  public MarkdownTable(int leftAligned, String... header) {
    this.header = List.of(header);
    this.leftAligned = leftAligned;
  }

  /** Adds a row, which must have one cell per column. */
  public MarkdownTable row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "expected " + header.size() + " cells, got " + Arrays.toString(cells));
    }
    rows.add(List.of(cells));
    return this;
  }

  /** Returns whether the table has no rows. */
  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Returns the table as Markdown, ending with a line feed. */
  public String render() {
    StringBuilder out = new StringBuilder();
    appendRow(out, header);
    out.append('|');
    for (int i = 0; i < header.size(); i++) {
      out.append(i < leftAligned ? "---|" : "---:|");
    }
    out.append('\n');
    for (List<String> row : rows) {
      appendRow(out, row);
    }
    return out.toString();
  }

  private static void appendRow(StringBuilder out, List<String> cells) {
    out.append('|');
    for (String cell : cells) {
      out.append(' ').append(cell.replace("|", "\\|").replace("\n", " ")).append(" |");
    }
    out.append('\n');
  }
}
