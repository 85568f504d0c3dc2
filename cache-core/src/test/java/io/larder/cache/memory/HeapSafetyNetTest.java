package io.larder.cache.memory;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The heap safety net (a Larder addition) against the real JVM, in a forked {@code -Xmx256m} JVM
 * with G1: a {@code maximumMemory(64 MB)} cache of values the estimator cannot see (see {@link
 * HeapSafetyNetScenario}) fills the heap until the heap after GC passes the net's threshold; the
 * cache then gives memory back, so the whole feed of 768 MB goes through, and the net logs once.
 * With the net off ({@code -Dlarder.memory.heapAfterGcThreshold=0}) the same feed runs out of
 * memory.
 */
class HeapSafetyNetTest {
  private static final long FEED = 768L << 20;

  @Test
  void theNetGivesBackMemoryTheEstimateDoesNotSeeAndLogsOnce() throws Exception {
    Map<String, String> report = run();
    assertThat(report).containsEntry("outOfMemoryError", "false");
    assertThat(Long.parseLong(report.get("writtenBytes"))).isGreaterThanOrEqualTo(FEED);
    assertThat(Long.parseLong(report.get("evictions"))).isPositive();
    assertThat(Long.parseLong(report.get("highestHeapAfterGcBytes")))
        .isLessThan(Long.parseLong(report.get("maxHeapBytes")));
    assertThat(report).containsEntry("logged", "1");
    assertThat(report.get("message"))
        .contains("'hidden-buffers'", "gave_back", "the_collector_freed", "times_its_estimate");
  }

  @Test
  void withoutTheNetTheSameFeedRunsOutOfMemory() throws Exception {
    Map<String, String> report = run("-Dlarder.memory.heapAfterGcThreshold=0");
    assertThat(report).containsEntry("outOfMemoryError", "true");
    assertThat(report).containsEntry("evictions", "0");
  }

  private static Map<String, String> run(String... options)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseG1GC"));
    command.addAll(List.of(options));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            HeapSafetyNetScenario.class.getName(),
            Long.toString(FEED)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    boolean finished = process.waitFor(3, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    assertThat(finished).as("scenario finished; output:%n%s", output).isTrue();
    Map<String, String> report = new LinkedHashMap<>();
    for (String line : output.split("\\R")) {
      int eq = line.indexOf('=');
      if ((eq > 0) && !line.contains(" ")) {
        report.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    assertThat(report).as("scenario output:%n%s", output).containsKey("outOfMemoryError");
    return report;
  }
}
