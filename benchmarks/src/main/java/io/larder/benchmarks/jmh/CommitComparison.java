package io.larder.benchmarks.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The table that {@code benchmarks/compare-commits.sh} writes: the same benchmarks run at two
 * commits in interleaved rounds, one fork of each commit per round, compared round by round.
 *
 * <p>The input is the script's {@code forks.csv}: a header, then one line per fork, {@code
 * round,side,benchmark,ops_per_s} with side {@code before} or {@code after}. Each benchmark's
 * verdict is the median over rounds of the after / before ratio of the two forks of one round (see
 * {@link ThroughputResult#pairedRatio}), with the lowest and highest round's ratio beside it: on a
 * shared host the range says how far a single round can be trusted.
 */
public final class CommitComparison {
  private CommitComparison() {}

  /**
   * One benchmark at the two commits, fork scores in round order.
   *
   * @param benchmark the benchmark's name in the script, for example {@code getput.reads100}
   * @param before the forks at the earlier commit
   * @param after the forks at the later commit
   */
  public record Row(String benchmark, ThroughputResult before, ThroughputResult after) {

    /** Returns each round's after / before ratio, in round order. */
    public List<Double> ratios() {
      return after.roundRatios(before);
    }

    /** Returns the median of the rounds' after / before ratios. */
    public double medianRatio() {
      return after.pairedRatio(before);
    }
  }

  /**
   * Reads the lines of {@code forks.csv} into one row per benchmark, in the order the benchmarks
   * first appear.
   *
   * @throws IllegalArgumentException if a line is malformed, a fork appears twice, or a round of a
   *     benchmark lacks one of the two sides
   */
  public static List<Row> read(List<String> lines) {
    Map<String, Map<Integer, double[]>> byBenchmark = new LinkedHashMap<>();
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(",", -1);
      if (fields.length != 4) {
        throw new IllegalArgumentException("not round,side,benchmark,ops_per_s: " + line);
      }
      int round = Integer.parseInt(fields[0].trim());
      int side = sideIndex(fields[1].trim(), line);
      double score = Double.parseDouble(fields[3].trim());
      double[] pair =
          byBenchmark
              .computeIfAbsent(fields[2].trim(), b -> new TreeMap<>())
              .computeIfAbsent(round, r -> new double[] {Double.NaN, Double.NaN});
      if (!Double.isNaN(pair[side])) {
        throw new IllegalArgumentException("a second fork for the same round and side: " + line);
      }
      pair[side] = score;
    }
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Map<Integer, double[]>> entry : byBenchmark.entrySet()) {
      List<Double> before = new ArrayList<>();
      List<Double> after = new ArrayList<>();
      for (Map.Entry<Integer, double[]> round : entry.getValue().entrySet()) {
        double[] pair = round.getValue();
        if (Double.isNaN(pair[0]) || Double.isNaN(pair[1])) {
          throw new IllegalArgumentException(
              entry.getKey() + " round " + round.getKey() + " lacks its before or after fork");
        }
        before.add(pair[0]);
        after.add(pair[1]);
      }
      rows.add(
          new Row(entry.getKey(), result(entry.getKey(), before), result(entry.getKey(), after)));
    }
    return rows;
  }

  private static int sideIndex(String side, String line) {
    switch (side) {
      case "before":
        return 0;
      case "after":
        return 1;
      default:
        throw new IllegalArgumentException("side is neither before nor after: " + line);
    }
  }

  private static ThroughputResult result(String benchmark, List<Double> scores) {
    return new ThroughputResult(
        "commit comparison", benchmark, benchmark, "", "Larder", 2, List.copyOf(scores), null);
  }

  /** Returns the Markdown table of the rows, the commits named in its header. */
  public static String markdown(List<Row> rows, String before, String after) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "| benchmark | rounds | %1$s, median fork | %2$s, median fork | %2$s / %1$s, median"
                + " of rounds | lowest and highest round | every round's ratio |%n",
            before,
            after));
    out.append("|---|---:|---:|---:|---:|---|---|").append(System.lineSeparator());
    for (Row row : rows) {
      List<Double> ratios = row.ratios();
      double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.2f M/s | %.2f M/s | %.2f | %.2f to %.2f | %s |%n",
              row.benchmark(),
              ratios.size(),
              row.before().median() / 1e6,
              row.after().median() / 1e6,
              row.medianRatio(),
              sorted[0],
              sorted[sorted.length - 1],
              ratios.stream()
                  .map(r -> String.format(Locale.ROOT, "%.2f", r))
                  .collect(Collectors.joining(", "))));
    }
    return out.toString();
  }

  /**
   * Prints the table for a results directory.
   *
   * @param args the directory holding {@code forks.csv}, then the two commits' names
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException(
          "usage: CommitComparison DIR BEFORE AFTER, got " + Arrays.toString(args));
    }
    List<String> lines =
        Files.readAllLines(Path.of(args[0]).resolve("forks.csv"), StandardCharsets.UTF_8);
    System.out.print(markdown(read(lines), args[1], args[2]));
  }
}
