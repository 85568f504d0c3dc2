package io.larder.cache.memory;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.stress.SoakReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The safety of a memory bound (a Larder addition), in a forked JVM with {@code -Xmx256m}: a
 * {@code maximumMemory(64 MB)} cache fed values of random size (1 KB to 5 MB) from two threads
 * stays within its budget in the heap, while the same feed into a {@code maximumSize(1000)} cache
 * (an entry-count bound chosen the usual way) runs out of memory.
 *
 * <p>Short mode (the default) feeds 512 MB; {@code -Dlarder.stress.mode=long} (the soak run) feeds
 * 2 GB. The figures of each run are written to {@code target/memory-safety-<mode>-<bound>.txt};
 * the memory-bounded run's GC share goes to the {@link SoakReport}, checked in the soak run only.
 */
class MemoryBoundSafetyTest {
  private static final long MB = 1L << 20;

  /** The soak run's budget for the memory-bounded run's share of time in GC. */
  private static final double MAX_GC_SHARE = 0.20;

  private static boolean isLongMode() {
    return SoakReport.isSoak();
  }

  private static long feedBytes() {
    return isLongMode() ? 2048 * MB : 512 * MB;
  }

  @Test
  void memoryBoundedCacheStaysWithinItsBudgetOnTheHeap() throws Exception {
    Map<String, String> report = runScenario("memory", feedBytes(), isLongMode() ? 128 * MB : 64 * MB);
    write("memory", report);
    assertThat(report).containsEntry("outOfMemoryError", "false");
    long baseline = Long.parseLong(report.get("baselineBytes"));
    long maxHeap = Long.parseLong(report.get("maxHeapAfterGcBytes"));
    assertThat(Long.parseLong(report.get("writtenBytes"))).isGreaterThanOrEqualTo(feedBytes() - MB);
    assertThat(maxHeap).as("heap after GC, bytes")
        .isLessThanOrEqualTo(baseline + MemoryBoundSafetyScenario.BUDGET * 13 / 10);
    SoakReport.gcShare(MemoryBoundSafetyTest.class, "maximumMemory",
        Double.parseDouble(report.get("gcFraction")), MAX_GC_SHARE);
  }

  @Test
  void entryCountBoundedCacheRunsOutOfMemoryOnTheSameFeed() throws Exception {
    Map<String, String> report = runScenario("size", feedBytes(), 64 * MB);
    write("size", report);
    assertThat(report).containsEntry("outOfMemoryError", "true");
    assertThat(Long.parseLong(report.get("writtenBytes"))).isLessThan(feedBytes());
  }

  private static Map<String, String> runScenario(String bound, long total, long checkpointEvery)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseG1GC",
        "-cp", System.getProperty("java.class.path"),
        MemoryBoundSafetyScenario.class.getName(), bound, Long.toString(total),
        Long.toString(checkpointEvery)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean finished = process.waitFor(isLongMode() ? 15 : 5, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(finished).as("scenario finished in time; output:%n%s", output).isTrue();
    Map<String, String> report = new LinkedHashMap<>();
    for (String line : output.split("\\R")) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.contains(" ")) {
        report.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    report.put("exitCode", Integer.toString(process.exitValue()));
    assertThat(report).as("scenario output:%n%s", output).containsKey("outOfMemoryError");
    return report;
  }

  private static void write(String bound, Map<String, String> report) throws IOException {
    StringBuilder text = new StringBuilder();
    report.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    String mode = isLongMode() ? "long" : "short";
    Path file = Path.of("target", "memory-safety-" + mode + "-" + bound + ".txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text.toString(), UTF_8);
  }
}
