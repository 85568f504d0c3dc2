package io.larder.cache.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.ForkedJvm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every operation that meets an entry whose weakly or softly held value (or weakly held key) the
 * collector cleared, before the maintenance removed it, does what Caffeine 3.2.4 does: the same
 * result, the same {@code COLLECTED} notifications to the removal and eviction listeners (the
 * collected part {@code null}), at the same point, the same eviction count and weight, and the same
 * size before and after {@code cleanUp()}. For each configuration of {@link
 * CollectedEntryScenarios} (weak or soft values, weak keys; unbounded, bounded by size or weight,
 * expiring) and each operation (reads, {@code get} with a function, loads, refresh, {@code put},
 * {@code replace}, {@code remove}, {@code invalidate}, {@code compute}, {@code computeIfPresent},
 * {@code merge}, {@code replaceAll}, {@code clear}, iteration, {@code equals}...). The scenarios
 * run in one forked JVM, whose collector they drive; each is a test of its own here.
 */
class CollectedEntryCompatTest {

  @TestFactory
  Stream<DynamicTest> collectedEntriesAreHandledAsCaffeineHandlesThem() throws Exception {
    List<String> lines =
        ForkedJvm.run(
            List.of("--add-opens", "java.base/java.lang.ref=ALL-UNNAMED"),
            CollectedEntryScenarios.class,
            300);
    assertThat(lines).as("the fork's output").contains("done");
    Map<String, List<List<String>>> transcripts = parse(lines);
    int expected =
        CollectedEntryScenarios.Configuration.values().length
                * CollectedEntryScenarios.operations().size()
            + CollectedEntryScenarios.KeyConfiguration.values().length
                * CollectedEntryScenarios.bulkOperations().size();
    assertThat(transcripts).as("scenarios run").hasSize(expected);
    return transcripts.entrySet().stream()
        .map(
            scenario ->
                DynamicTest.dynamicTest(scenario.getKey(), () -> assertSame(scenario.getValue())));
  }

  private static void assertSame(List<List<String>> both) {
    List<String> larder = canonical(both.get(0));
    List<String> caffeine = canonical(both.get(1));
    assertThat(caffeine)
        .as("Caffeine's transcript")
        .containsAnyOf("value collected -> true", "key collected -> true");
    assertThat(String.join("\n", larder))
        .as("Larder's transcript differs from Caffeine's:%n%s", Run.diff(larder, caffeine))
        .isEqualTo(String.join("\n", caffeine));
  }

  /**
   * Returns the transcript with each run of consecutive notifications sorted: one operation that
   * removes several entries ({@code invalidateAll}, {@code replaceAll}) notifies them in the hash
   * table's order, which for keys hashed by identity differs from run to run. A notification stays
   * between the same steps and notes; the eviction listener's line of an entry sorts before its
   * removal listener's, as it is delivered.
   */
  static List<String> canonical(List<String> transcript) {
    List<String> result = new ArrayList<>();
    List<String> notifications = new ArrayList<>();
    for (String line : transcript) {
      if (line.startsWith("  eviction ") || line.startsWith("  removal ")) {
        notifications.add(line);
        continue;
      }
      notifications.sort(null);
      result.addAll(notifications);
      notifications.clear();
      result.add(line);
    }
    notifications.sort(null);
    result.addAll(notifications);
    return result;
  }

  /** Splits the fork's output into each scenario's Larder and Caffeine transcripts. */
  private static Map<String, List<List<String>>> parse(List<String> lines) {
    Map<String, List<List<String>>> transcripts = new LinkedHashMap<>();
    List<List<String>> current = null;
    for (String line : lines) {
      if (line.startsWith("scenario ")) {
        current = List.of(new ArrayList<>(), new ArrayList<>());
        transcripts.put(line.substring("scenario ".length()), current);
      } else if ((current != null) && line.startsWith("larder|")) {
        current.get(0).add(line.substring("larder|".length()));
      } else if ((current != null) && line.startsWith("caffeine|")) {
        current.get(1).add(line.substring("caffeine|".length()));
      }
    }
    return transcripts;
  }
}
