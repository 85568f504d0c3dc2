package io.larder.benchmarks.report;

import io.larder.benchmarks.hitrate.HitRateResult;
import io.larder.benchmarks.jmh.ThroughputResult;
import io.larder.benchmarks.memory.MemoryResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes {@code REPORT.md}, one PNG chart per workload, throughput suite and memory table, and the
 * raw figures as CSV files, into one directory.
 */
public final class ReportWriter {
  /** The credit every table and chart that uses the cache2k traces carries. */
  public static final String TRACE_CREDIT =
      "Traces: cache2k project, recorded by headissue GmbH (Jens Wilke), CC BY 4.0";

  /** The name of the Markdown report. */
  public static final String REPORT_FILE = "REPORT.md";

  private static final String LARDER = "Larder";
  private static final String CAFFEINE = "Caffeine";
  private static final String UNBOUNDED = "_unbounded";

  private final Path directory;

  /** Creates a writer into the directory, which is created if needed. */
  public ReportWriter(Path directory) {
    this.directory = directory;
  }

  /** Writes the report and its charts, and returns the path of {@code REPORT.md}. */
  public Path write(ReportData data) throws IOException {
    Files.createDirectories(directory);
    StringBuilder md = new StringBuilder();
    md.append("# Larder benchmark report\n\n");
    if (data.quick()) {
      md.append(
          "> **Quick mode.** These figures come from a run that only proves the harness"
              + " works (one fork, tiny warm-up and measurement, trace prefixes, two cache sizes)."
              + " Do not quote them.\n\n");
    }
    for (String note : data.notes()) {
      md.append(note).append("\n\n");
    }
    md.append("## Machine\n\n");
    MarkdownTable machine = new MarkdownTable(2, "What", "Value");
    data.machine().forEach(machine::row);
    md.append(machine.render()).append('\n');

    if (data.hitRates() != null) {
      writeHitRates(md, data, data.hitRates());
    }
    if (data.throughput() != null) {
      writeThroughput(md, data, data.throughput());
    }
    if (data.memory() != null) {
      writeMemory(md, data, data.memory());
    }
    Path report = directory.resolve(REPORT_FILE);
    Files.writeString(report, md.toString(), StandardCharsets.UTF_8);
    return report;
  }

  private void writeHitRates(StringBuilder md, ReportData data, List<HitRateResult> results)
      throws IOException {
    md.append("## Hit rate\n\n");
    md.append(data.hitRateSettings()).append("\n\n");
    boolean usesTraces =
        data.workloads().stream().anyMatch(ReportData.WorkloadInfo::fromCache2kTraces);

    MarkdownTable workloads =
        new MarkdownTable(2, "Workload", "What it is", "Accesses", "Distinct keys");
    for (ReportData.WorkloadInfo workload : data.workloads()) {
      workloads.row(
          workload.name(),
          workload.description(),
          format("%,d", workload.accesses()),
          workload.distinctKeys() < 0 ? "per size" : format("%,d", workload.distinctKeys()));
    }
    md.append(workloads.render());
    if (usesTraces) {
      md.append('\n').append(TRACE_CREDIT).append(".\n");
    }
    md.append('\n');

    List<String> policies = distinct(results.stream().map(HitRateResult::policy));
    List<String> header = new ArrayList<>(List.of("Workload", "Size", "Entries"));
    policies.forEach(policy -> header.add(policy + " (%)"));
    MarkdownTable table = new MarkdownTable(1, header.toArray(new String[0]));
    Map<String, Integer> reasons = new LinkedHashMap<>();
    Map<String, Map<Double, Map<String, HitRateResult>>> byWorkload = new LinkedHashMap<>();
    for (HitRateResult result : results) {
      byWorkload
          .computeIfAbsent(result.workload(), k -> new LinkedHashMap<>())
          .computeIfAbsent(result.fraction(), k -> new LinkedHashMap<>())
          .put(result.policy(), result);
    }
    for (Map.Entry<String, Map<Double, Map<String, HitRateResult>>> workload :
        byWorkload.entrySet()) {
      for (Map.Entry<Double, Map<String, HitRateResult>> size : workload.getValue().entrySet()) {
        HitRateResult any = size.getValue().values().iterator().next();
        List<String> row =
            new ArrayList<>(
                List.of(
                    workload.getKey(),
                    format("%.0f%%", 100 * size.getKey()),
                    format("%,d", any.capacity())));
        for (String policy : policies) {
          HitRateResult result = size.getValue().get(policy);
          if (result == null) {
            row.add("");
          } else if (!result.measured()) {
            row.add("n/a [" + footnote(reasons, policy + ": " + result.reason()) + "]");
          } else {
            row.add(format("%.2f", 100 * result.hitRate()));
          }
        }
        table.row(row.toArray(new String[0]));
      }
    }
    md.append(table.render());
    appendFootnotes(md, reasons);
    if (usesTraces) {
      md.append('\n').append(TRACE_CREDIT).append(" (the rows named cache2k-*).\n");
    }
    md.append('\n');

    for (Map.Entry<String, Map<Double, Map<String, HitRateResult>>> workload :
        byWorkload.entrySet()) {
      boolean fromTraces = false;
      Map<String, List<double[]>> series = new LinkedHashMap<>();
      for (Map.Entry<Double, Map<String, HitRateResult>> size : workload.getValue().entrySet()) {
        for (HitRateResult result : size.getValue().values()) {
          fromTraces |= result.fromCache2kTraces();
          if (!result.measured()) {
            continue;
          }
          series
              .computeIfAbsent(result.policy(), k -> new ArrayList<>())
              .add(new double[] {100 * size.getKey(), 100 * result.hitRate()});
        }
      }
      String file = "hitrate-" + slug(workload.getKey()) + ".png";
      Charts.hitRate(
          directory.resolve(file),
          "Hit rate: " + workload.getKey(),
          series,
          fromTraces ? TRACE_CREDIT : null);
      md.append("![Hit rate, ").append(workload.getKey()).append("](").append(file).append(")\n");
      if (fromTraces) {
        md.append('\n').append(TRACE_CREDIT).append(".\n");
      }
      md.append('\n');
    }

    StringBuilder csv =
        new StringBuilder(
            "workload,fraction,capacity,distinct_keys,accesses,policy,replays,hits,min_hits,max_hits,"
                + "hit_rate,reason\n");
    for (HitRateResult r : results) {
      csv.append(
          format(
              "%s,%.4f,%d,%d,%d,%s,%d,%d,%d,%d,%.6f,%s\n",
              r.workload(),
              r.fraction(),
              r.capacity(),
              r.distinctKeys(),
              r.accesses(),
              csvField(r.policy()),
              r.replays(),
              r.hits(),
              r.minHits(),
              r.maxHits(),
              r.hitRate(),
              r.reason() == null ? "" : csvField(r.reason())));
    }
    Files.writeString(directory.resolve("hitrate.csv"), csv, StandardCharsets.UTF_8);
  }

  private void writeThroughput(StringBuilder md, ReportData data, List<ThroughputResult> results)
      throws IOException {
    md.append("## Throughput\n\n");
    md.append(data.jmhSettings())
        .append(
            ". Figures are the median over forks of each fork's mean,"
                + " in millions of operations per second; higher is better. Keys are a scrambled Zipfian"
                + " sequence (skew 0.99) over 65,536 integers. Caches use their library's default"
                + " executor.\n\n");

    Map<String, List<ThroughputResult>> bySuite = new LinkedHashMap<>();
    for (ThroughputResult result : results) {
      bySuite.computeIfAbsent(result.suite(), k -> new ArrayList<>()).add(result);
    }

    MarkdownTable ratios =
        new MarkdownTable(
            2, "Suite", "Benchmark", "Larder / Caffeine", "Larder / Caffeine (unbounded)");
    for (Map.Entry<String, List<ThroughputResult>> suite : bySuite.entrySet()) {
      Map<String, Map<String, ThroughputResult>> byLabel = byLabel(suite.getValue());
      for (Map.Entry<String, Map<String, ThroughputResult>> row : byLabel.entrySet()) {
        String bounded = ratio(row.getValue(), LARDER, CAFFEINE);
        String unbounded = ratio(row.getValue(), LARDER + UNBOUNDED, CAFFEINE + UNBOUNDED);
        if (!bounded.isEmpty() || !unbounded.isEmpty()) {
          ratios.row(suite.getKey(), row.getKey(), bounded, unbounded);
        }
      }
    }
    if (!ratios.isEmpty()) {
      md.append("### Larder / Caffeine\n\n")
          .append(
              "Each ratio is the median over rounds of Larder's fork score divided by"
                  + " Caffeine's fork score in the same round (the two forks ran seconds apart).\n\n")
          .append(ratios.render())
          .append('\n');
    }

    for (Map.Entry<String, List<ThroughputResult>> suite : bySuite.entrySet()) {
      md.append("### ").append(suite.getKey()).append("\n\n");
      List<String> contenders =
          distinct(suite.getValue().stream().map(ThroughputResult::contender));
      Map<String, Map<String, ThroughputResult>> byLabel = byLabel(suite.getValue());
      boolean hasRatio = contenders.contains(LARDER) && contenders.contains(CAFFEINE);
      boolean hasUnboundedRatio =
          contenders.contains(LARDER + UNBOUNDED) && contenders.contains(CAFFEINE + UNBOUNDED);
      List<String> header = new ArrayList<>(List.of("Benchmark"));
      contenders.forEach(c -> header.add(c.replace(UNBOUNDED, " (unbounded)")));
      if (hasRatio) {
        header.add("Larder / Caffeine");
      }
      if (hasUnboundedRatio) {
        header.add("Larder / Caffeine (unbounded)");
      }
      // A suite with one contender has nothing to compare with; its time per operation is the
      // figure a reader wants (the estimator's cost per entry, for example).
      boolean perOperation = contenders.size() == 1;
      if (perOperation) {
        header.add("ns per operation");
      }
      MarkdownTable table = new MarkdownTable(1, header.toArray(new String[0]));
      Map<String, Integer> reasons = new LinkedHashMap<>();
      Map<String, Map<String, Double>> chart = new LinkedHashMap<>();
      for (Map.Entry<String, Map<String, ThroughputResult>> row : byLabel.entrySet()) {
        List<String> cells = new ArrayList<>(List.of(row.getKey()));
        for (String contender : contenders) {
          ThroughputResult result = row.getValue().get(contender);
          if (result == null) {
            cells.add("");
          } else if (!result.measured()) {
            cells.add("n/a [" + footnote(reasons, contender + ": " + result.reason()) + "]");
          } else {
            cells.add(mops(result.median()));
            chart
                .computeIfAbsent(
                    contender.replace(UNBOUNDED, " (unbounded)"), k -> new LinkedHashMap<>())
                .put(row.getKey(), result.median() / 1e6);
          }
        }
        if (hasRatio) {
          cells.add(ratio(row.getValue(), LARDER, CAFFEINE));
        }
        if (hasUnboundedRatio) {
          cells.add(ratio(row.getValue(), LARDER + UNBOUNDED, CAFFEINE + UNBOUNDED));
        }
        if (perOperation) {
          ThroughputResult only = row.getValue().get(contenders.get(0));
          cells.add(
              only != null && only.measured()
                  ? format("%.0f", 1e9 * only.threads() / only.median())
                  : "");
        }
        table.row(cells.toArray(new String[0]));
      }
      md.append(table.render());
      appendFootnotes(md, reasons);
      appendVariantRatio(md, suite.getValue(), "maximumMemory", "maximumSize");
      md.append('\n');
      String file = "throughput-" + slug(suite.getKey()) + ".png";
      Charts.bars(
          directory.resolve(file),
          "Throughput: " + suite.getKey(),
          "benchmark",
          "million operations per second (median of forks)",
          chart,
          false);
      md.append("![Throughput, ").append(suite.getKey()).append("](").append(file).append(")\n\n");
    }

    StringBuilder csv =
        new StringBuilder(
            "suite,benchmark,method,variant,contender,threads,median_ops_per_s,fork_scores\n");
    for (ThroughputResult r : results) {
      csv.append(
          format(
              "%s,%s,%s,%s,%s,%d,%.1f,%s\n",
              csvField(r.suite()),
              r.benchmark(),
              r.method(),
              csvField(r.variant()),
              r.contender(),
              r.threads(),
              r.median(),
              r.forkScores().stream()
                  .map(s -> format("%.1f", s))
                  .collect(Collectors.joining(" "))));
    }
    Files.writeString(directory.resolve("throughput.csv"), csv, StandardCharsets.UTF_8);
  }

  private void writeMemory(StringBuilder md, ReportData data, List<MemoryResult> results)
      throws IOException {
    md.append("## Memory per entry\n\n");
    md.append(
        format(
            "Each cache holds %,d Integer to Integer entries after cleanUp(). JOL walks"
                + " the object graph from the cache; the keys' and values' own bytes are subtracted and"
                + " the rest divided by the entry count. Bounds are set a quarter above the entry count"
                + " (so that nothing is evicted), durations to an hour. Lower is better.\n\n",
            data.memoryEntries()));
    List<String> libraries = distinct(results.stream().map(MemoryResult::library));
    Map<String, Map<String, MemoryResult>> byConfiguration = new LinkedHashMap<>();
    for (MemoryResult result : results) {
      byConfiguration
          .computeIfAbsent(result.configuration(), k -> new LinkedHashMap<>())
          .put(result.library(), result);
    }
    boolean hasRatio = libraries.contains(LARDER) && libraries.contains(CAFFEINE);
    List<String> header = new ArrayList<>(List.of("Configuration"));
    libraries.forEach(library -> header.add(library + " (bytes/entry)"));
    if (hasRatio) {
      header.add("Larder / Caffeine");
    }
    MarkdownTable table = new MarkdownTable(1, header.toArray(new String[0]));
    Map<String, Integer> reasons = new LinkedHashMap<>();
    Map<String, Map<String, Double>> chart = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, MemoryResult>> row : byConfiguration.entrySet()) {
      List<String> cells = new ArrayList<>(List.of(row.getKey()));
      for (String library : libraries) {
        MemoryResult result = row.getValue().get(library);
        if (result == null) {
          cells.add("");
        } else if (result.bytesPerEntry() == null) {
          cells.add("n/a [" + footnote(reasons, library + ": " + result.reason()) + "]");
        } else {
          cells.add(format("%.1f", result.bytesPerEntry()));
          chart
              .computeIfAbsent(library, k -> new LinkedHashMap<>())
              .put(row.getKey(), result.bytesPerEntry());
        }
      }
      if (hasRatio) {
        MemoryResult larder = row.getValue().get(LARDER);
        MemoryResult caffeine = row.getValue().get(CAFFEINE);
        cells.add(
            larder != null
                    && caffeine != null
                    && larder.bytesPerEntry() != null
                    && caffeine.bytesPerEntry() != null
                ? format("%.2f", larder.bytesPerEntry() / caffeine.bytesPerEntry())
                : "");
      }
      table.row(cells.toArray(new String[0]));
    }
    md.append(table.render());
    appendFootnotes(md, reasons);
    md.append('\n');

    List<String> emptyHeader = new ArrayList<>(List.of("Configuration"));
    libraries.forEach(emptyHeader::add);
    MarkdownTable empty = new MarkdownTable(1, emptyHeader.toArray(new String[0]));
    for (Map.Entry<String, Map<String, MemoryResult>> row : byConfiguration.entrySet()) {
      List<String> cells = new ArrayList<>(List.of(row.getKey()));
      for (String library : libraries) {
        MemoryResult result = row.getValue().get(library);
        cells.add(
            result == null || result.emptyBytes() < 0 ? "" : format("%,d", result.emptyBytes()));
      }
      empty.row(cells.toArray(new String[0]));
    }
    md.append("The fixed cost: the footprint of each cache when empty, in bytes.\n\n")
        .append(empty.render())
        .append('\n');
    String file = "memory-per-entry.png";
    Charts.bars(
        directory.resolve(file),
        "Memory per entry (bytes, excluding keys and values)",
        "configuration",
        "bytes per entry",
        chart,
        true);
    md.append("![Memory per entry](").append(file).append(")\n\n");

    StringBuilder csv =
        new StringBuilder("configuration,library,entries,bytes_per_entry,empty_bytes,reason\n");
    for (MemoryResult r : results) {
      csv.append(
          format(
              "%s,%s,%d,%s,%d,%s\n",
              csvField(r.configuration()),
              r.library(),
              r.entries(),
              r.bytesPerEntry() == null ? "" : format("%.2f", r.bytesPerEntry()),
              r.emptyBytes(),
              r.reason() == null ? "" : csvField(r.reason())));
    }
    Files.writeString(directory.resolve("memory.csv"), csv, StandardCharsets.UTF_8);
  }

  /**
   * Appends, for each contender measured with both variants of the same method, the median over
   * rounds of the first variant's fork score divided by the second's in the same round (the
   * variants' forks of one round ran seconds apart).
   */
  private static void appendVariantRatio(
      StringBuilder md, List<ThroughputResult> results, String top, String bottom) {
    for (ThroughputResult numerator : results) {
      if (!numerator.variant().equals(top) || !numerator.measured()) {
        continue;
      }
      for (ThroughputResult denominator : results) {
        if (denominator.variant().equals(bottom)
            && denominator.measured()
            && denominator.method().equals(numerator.method())
            && denominator.contender().equals(numerator.contender())) {
          double paired = numerator.pairedRatio(denominator);
          if (!Double.isNaN(paired)) {
            md.append(
                format(
                    "\n%s, %s: %s / %s = %.2f (median over rounds of the ratio of the"
                        + " two forks of each round)\n",
                    numerator.contender(),
                    ThroughputResult.describe(numerator.method()),
                    top,
                    bottom,
                    paired));
          }
        }
      }
    }
  }

  /** Returns the number of the footnote with that text, adding it if new. */
  /**
   * Formats operations per second as millions: two decimals, or four below 0.1 million (the suites
   * that talk to Redis run at tens of thousands per second, which two decimals hide).
   */
  private static String mops(double perSecond) {
    return format(perSecond < 1e5 ? "%.4f" : "%.2f", perSecond / 1e6);
  }

  private static int footnote(Map<String, Integer> footnotes, String text) {
    return footnotes.computeIfAbsent(text, k -> footnotes.size() + 1);
  }

  private static void appendFootnotes(StringBuilder md, Map<String, Integer> footnotes) {
    if (footnotes.isEmpty()) {
      return;
    }
    md.append('\n');
    footnotes.forEach(
        (text, number) ->
            md.append('[').append(number).append("] n/a: ").append(text).append("  \n"));
  }

  private static Map<String, Map<String, ThroughputResult>> byLabel(
      List<ThroughputResult> results) {
    Map<String, Map<String, ThroughputResult>> byLabel = new LinkedHashMap<>();
    for (ThroughputResult result : results) {
      byLabel
          .computeIfAbsent(result.label(), k -> new LinkedHashMap<>())
          .put(result.contender(), result);
    }
    return byLabel;
  }

  private static String ratio(
      Map<String, ThroughputResult> row, String numerator, String denominator) {
    ThroughputResult top = row.get(numerator);
    ThroughputResult bottom = row.get(denominator);
    if (top == null
        || bottom == null
        || !top.measured()
        || !bottom.measured()
        || bottom.median() <= 0) {
      return "";
    }
    double paired = top.pairedRatio(bottom);
    return format("%.2f", Double.isNaN(paired) ? top.median() / bottom.median() : paired);
  }

  private static List<String> distinct(java.util.stream.Stream<String> values) {
    Set<String> set = new LinkedHashSet<>();
    values.forEach(set::add);
    return new ArrayList<>(set);
  }

  /** Returns a lower-case file-name fragment of letters, digits, dots and dashes. */
  static String slug(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("(^-+|-+$)", "");
  }

  private static String csvField(String text) {
    return text.contains(",") || text.contains("\"")
        ? "\"" + text.replace("\"", "\"\"") + "\""
        : text;
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
