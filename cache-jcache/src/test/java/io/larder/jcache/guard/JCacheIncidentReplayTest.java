package io.larder.jcache.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The incident that Larder's unbounded-cache guard exists for, replayed through JCache: unique
 * request-derived keys written into a cache configured only with {@code MutableConfiguration}, in a
 * forked JVM with {@code -Xmx128m} (the same replay as cache-core's stress suite). Without the
 * guard the JVM runs out of memory; with it (the default) the run completes and the cache is held
 * near the guard's limit, a quarter of the heap.
 */
class JCacheIncidentReplayTest {
  private static final String HEAP = "-Xmx128m";
  private static final long MAX_HEAP = 128L << 20;

  /** The entries written: 400 MB of values, three times the heap. */
  private static final long ENTRIES = 400_000;

  /** Runs the scenario in a forked JVM and returns the facts of its report. */
  private static Map<String, String> run(String... jvmOptions)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add(HEAP);
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(JCacheIncidentScenario.class.getName());
    command.add(Long.toString(ENTRIES));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String report = null;
    List<String> output = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("REPORT ")) {
          report = line;
        } else if (output.size() < 200) {
          output.add(line);
        }
      }
    }
    boolean exited = process.waitFor(300, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    assertThat(exited).as("the scenario exited; output:%n%s", String.join("\n", output)).isTrue();
    assertThat(report).as("the report; output:%n%s", String.join("\n", output)).isNotNull();
    System.out.println(report);
    Map<String, String> facts = new HashMap<>();
    for (String pair : report.substring("REPORT ".length()).split(" ")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        facts.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return facts;
  }

  @Test
  void theIncidentThroughJCacheWithoutTheGuardRunsOutOfMemory() throws Exception {
    Map<String, String> report = run("-Dlarder.guard=off");
    assertThat(report.get("outcome")).as("outcome %s", report).isEqualTo("OOM");
  }

  @Test
  void theIncidentThroughJCacheWithTheGuardRunsToTheEndHeldAtTheLimit() throws Exception {
    Map<String, String> report = run();
    assertThat(report.get("outcome")).as("outcome %s", report).isEqualTo("COMPLETED");
    // The guard warned, then trimmed (cache-core's guard tests count the same two).
    assertThat(Long.parseLong(report.get("guardWarnings"))).as("%s", report).isEqualTo(2);
    // Held at its limit, a quarter of the heap: by its own estimate and by the heap after GC less
    // the JVM's baseline. Concurrent writers may overshoot a little between two checks, hence 10%.
    long limitWithSlack = MAX_HEAP / 4 * 11 / 10;
    assertThat(Long.parseLong(report.get("estimatedBytes")))
        .as("%s", report)
        .isLessThan(limitWithSlack);
    assertThat(
            Long.parseLong(report.get("heapAfterGcBytes"))
                - Long.parseLong(report.get("baselineHeapBytes")))
        .as("heap after GC less the baseline %s", report)
        .isLessThan(limitWithSlack);
    assertThat(Long.parseLong(report.get("puts"))).as("%s", report).isEqualTo(ENTRIES);
  }
}
