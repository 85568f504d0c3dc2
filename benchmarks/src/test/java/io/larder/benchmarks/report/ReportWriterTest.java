package io.larder.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.benchmarks.hitrate.HitRateResult;
import io.larder.benchmarks.jmh.ThroughputResult;
import io.larder.benchmarks.memory.MemoryResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
  @TempDir Path directory;

  private static HitRateResult web07(double fraction, int capacity, String policy, long hits) {
    return new HitRateResult(
        "cache2k-web07",
        true,
        fraction,
        capacity,
        20_000,
        76_118,
        policy,
        hits,
        hits,
        hits,
        1,
        null);
  }

  private static ReportData sample() {
    List<HitRateResult> hitRates =
        List.of(
            web07(0.05, 1_000, "Larder", 38_000),
            web07(0.05, 1_000, "LRU", 37_000),
            web07(0.25, 5_000, "Larder", 47_000),
            web07(0.25, 5_000, "LRU", 46_000),
            new HitRateResult(
                "zipf-0.8",
                false,
                0.05,
                250,
                5_000,
                100_000,
                "Larder",
                -1,
                -1,
                -1,
                1,
                "Larder does not support it yet"),
            new HitRateResult(
                "zipf-0.8",
                false,
                0.05,
                250,
                5_000,
                100_000,
                "LRU",
                31_000,
                31_000,
                31_000,
                1,
                null));
    List<ThroughputResult> throughput =
        List.of(
            new ThroughputResult(
                "Get/put, 2 threads",
                "GetPutBenchmark",
                "reads100",
                "",
                "Larder",
                2,
                List.of(90e6, 100e6, 110e6),
                null),
            new ThroughputResult(
                "Get/put, 2 threads",
                "GetPutBenchmark",
                "reads100",
                "",
                "Caffeine",
                2,
                List.of(80e6, 100e6, 120e6),
                null),
            new ThroughputResult(
                "Get/put, 2 threads",
                "GetPutBenchmark",
                "reads100",
                "",
                "Guava",
                2,
                List.of(),
                "Guava cannot"),
            new ThroughputResult(
                "Memory estimator, 1 thread",
                "EstimatorBenchmark",
                "estimate",
                "record",
                "Larder",
                1,
                List.of(1.9e6, 2e6, 2.1e6),
                null));
    List<MemoryResult> memory =
        List.of(
            MemoryResult.measured("Larder", "maximumSize", 1_000, 80.0, 2_000),
            MemoryResult.measured("Caffeine", "maximumSize", 1_000, 100.0, 2_500),
            MemoryResult.notApplicable("Guava", "maximumSize", 1_000, "segment bound"));
    return new ReportData(
        true,
        Map.of("CPU", "test CPU"),
        List.of("A note."),
        List.of(
            new ReportData.WorkloadInfo("cache2k-web07", "web trace", true, 76_118, 20_000),
            new ReportData.WorkloadInfo("zipf-0.8", "zipf", false, 100_000, 5_000)),
        "How hit rates were measured.",
        hitRates,
        "JMH settings",
        throughput,
        1_000,
        memory);
  }

  @Test
  void writesTheReportChartsAndCsvFiles() throws IOException {
    Path report = new ReportWriter(directory).write(sample());

    assertThat(report).isEqualTo(directory.resolve("REPORT.md"));
    for (String file :
        List.of(
            "hitrate-cache2k-web07.png",
            "hitrate-zipf-0.8.png",
            "throughput-get-put-2-threads.png",
            "memory-per-entry.png",
            "hitrate.csv",
            "throughput.csv",
            "memory.csv")) {
      assertThat(directory.resolve(file)).isNotEmptyFile();
    }
    byte[] png = Files.readAllBytes(directory.resolve("memory-per-entry.png"));
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void reportHasTablesRatiosCreditsAndReasons() throws IOException {
    String text =
        Files.readString(new ReportWriter(directory).write(sample()), StandardCharsets.UTF_8);

    assertThat(text)
        .contains("Quick mode")
        .contains("| CPU | test CPU |")
        .contains("## Hit rate", "## Throughput", "## Memory per entry")
        // 38,000 and 37,000 hits of 76,118 accesses.
        .contains("| cache2k-web07 | 5% | 1,000 | 49.92 | 48.61 |")
        .contains(ReportWriter.TRACE_CREDIT)
        .contains("n/a [1]", "[1] n/a: Larder: Larder does not support it yet")
        // Median of forks 100 / 100, and 80 / 100 bytes per entry.
        .contains("| Get/put, 2 threads | read 100% | 1.00 |  |")
        // A suite with one contender shows its time per operation: 1e9 / 2e6 = 500 ns.
        .contains("| estimate (record) | 2.00 | 500 |")
        .contains("| maximumSize | 80.0 | 100.0 | n/a [1] | 0.80 |")
        .contains("[1] n/a: Guava: segment bound");
  }

  @Test
  void aMemoryBoundIsComparedWithASizeBoundRoundByRound() throws IOException {
    ReportData base = sample();
    List<ThroughputResult> throughput =
        List.of(
            new ThroughputResult(
                "maximumMemory, 2 threads",
                "MaximumMemoryBenchmark",
                "puts",
                "maximumSize",
                "Larder",
                2,
                List.of(4e6, 2e6, 3e6),
                null),
            new ThroughputResult(
                "maximumMemory, 2 threads",
                "MaximumMemoryBenchmark",
                "puts",
                "maximumMemory",
                "Larder",
                2,
                List.of(3.6e6, 2e6, 2.4e6),
                null));
    ReportData data =
        new ReportData(
            true,
            base.machine(),
            base.notes(),
            base.workloads(),
            base.hitRateSettings(),
            base.hitRates(),
            base.jmhSettings(),
            throughput,
            base.memoryEntries(),
            base.memory());
    String text = Files.readString(new ReportWriter(directory).write(data), StandardCharsets.UTF_8);

    // Rounds 0.9, 1.0 and 0.8: their median, where the ratio of the medians would be 2.4 / 3.0.
    assertThat(text).contains("Larder, put: maximumMemory / maximumSize = 0.90");
  }

  @Test
  void slugsAreFileNameSafe() {
    assertThat(ReportWriter.slug("Get/put, 2 threads")).isEqualTo("get-put-2-threads");
    assertThat(ReportWriter.slug("zipf-1.0")).isEqualTo("zipf-1.0");
  }
}
