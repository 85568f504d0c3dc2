package io.larder.cache.references;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.ForkedJvm;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Entries whose keys or values the collector reclaimed: gone from reads at once, removed with the
 * cause {@code COLLECTED} by the maintenance, counted as evictions, delivered to the removal
 * listener with the collected part {@code null}. Each scenario runs in a JVM of its own ({@code
 * -Xmx64m -XX:SoftRefLRUPolicyMSPerMB=0}, see {@link ForkedJvm}) and {@link CollectionScenarios}.
 */
class CollectionInForkedJvmTest {
  private static final int ENTRIES = CollectionScenarios.ENTRIES;

  @Test
  void collectedWeakValuesAreEvictedWithCauseCollected() throws Exception {
    Map<String, String> report = run("weakValues");
    assertValuesCollected(report);
  }

  @Test
  void collectedWeakValuesOfASizeBoundedCacheAreEvicted() throws Exception {
    Map<String, String> report = run("weakValuesBounded");
    assertValuesCollected(report);
  }

  @Test
  void clearedSoftValuesAreEvictedWithCauseCollected() throws Exception {
    Map<String, String> report = run("softValues");
    assertThat(report).containsEntry("collected", "true");
    assertThat(report).containsEntry("readAfterCollection", "null");
    assertThat(report).containsEntry("containsAfterCollection", "false");
    assertThat(report).containsEntry("allGone", "true");
    assertThat(report).containsEntry("kinds", "[COLLECTED(key=present, value=null)]");
    assertThat(report).containsEntry("evictionCount", String.valueOf(ENTRIES));
    assertThat(report).containsEntry("sizeAfter", "0").containsEntry("iteratedAfter", "0");
  }

  @Test
  void collectedWeakKeysAreEvictedWithCauseCollected() throws Exception {
    Map<String, String> report = run("weakKeys");
    assertKeysCollected(report);
    assertThat(report).containsEntry("evictionWeight", String.valueOf(ENTRIES));
  }

  @Test
  void collectedWeakKeysOfAWeightedCacheCountTheirWeight() throws Exception {
    Map<String, String> report = run("weakKeysWeighted");
    assertKeysCollected(report);
    assertThat(report).containsEntry("evictionWeight", String.valueOf(3 * ENTRIES));
    assertThat(report).containsEntry("weightedSize", "0");
  }

  @Test
  void collectedWeakKeysAndValuesAreEvicted() throws Exception {
    Map<String, String> report = run("weakKeysAndValues");
    assertThat(report).containsEntry("sizeBefore", String.valueOf(ENTRIES));
    assertThat(report).containsEntry("allGone", "true");
    assertThat(report).containsEntry("sizeAfter", "0").containsEntry("iteratedAfter", "0");
    assertThat(report).containsEntry("evictionCount", String.valueOf(ENTRIES));
    assertThat(report).containsEntry("notifications", String.valueOf(ENTRIES));
    assertThat(report.get("kinds")).contains("COLLECTED(").doesNotContain("EXPLICIT");
  }

  private static void assertValuesCollected(Map<String, String> report) {
    assertThat(report).containsEntry("sizeBefore", String.valueOf(ENTRIES));
    assertThat(report).containsEntry("collected", "true");
    assertThat(report).containsEntry("readAfterCollection", "null");
    assertThat(report).containsEntry("containsAfterCollection", "false");
    assertThat(report).containsEntry("allGone", "true");
    assertThat(report).containsEntry("sizeAfter", "0").containsEntry("iteratedAfter", "0");
    assertThat(report).containsEntry("evictionCount", String.valueOf(ENTRIES));
    assertThat(report).containsEntry("notifications", String.valueOf(ENTRIES));
    assertThat(report).containsEntry("kinds", "[COLLECTED(key=present, value=null)]");
  }

  private static void assertKeysCollected(Map<String, String> report) {
    assertThat(report).containsEntry("sizeBefore", String.valueOf(ENTRIES));
    assertThat(report).containsEntry("collected", "true");
    assertThat(report).containsEntry("iteratedAfterCollection", "true");
    assertThat(report).containsEntry("allGone", "true");
    assertThat(report).containsEntry("sizeAfter", "0").containsEntry("iteratedAfter", "0");
    assertThat(report).containsEntry("evictionCount", String.valueOf(ENTRIES));
    assertThat(report).containsEntry("notifications", String.valueOf(ENTRIES));
    assertThat(report).containsEntry("kinds", "[COLLECTED(key=null, value=present)]");
  }

  /** Runs a scenario in a new JVM and returns its report. */
  static Map<String, String> run(String scenario) throws IOException, InterruptedException {
    List<String> lines = ForkedJvm.run(CollectionScenarios.class, 60, scenario);
    Map<String, String> report = new LinkedHashMap<>();
    for (String line : lines) {
      int separator = line.indexOf('=');
      if (separator > 0) {
        report.put(line.substring(0, separator), line.substring(separator + 1));
      }
    }
    return report;
  }
}
