package io.larder.cache.leak;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.ForkedJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A web application's class loader is released within seconds of its caches being dropped, even
 * when they used {@code Scheduler.systemScheduler()} with expirations due hours later: the
 * scheduler's thread drops the tasks of collected caches and ends soon after it has nothing left to
 * serve (it used to live on for an idle minute, pinning the loader). Run in a JVM of its own, so
 * that no other test's caches keep a timer busy.
 */
class ClassLoaderReleaseTest {
  private static final long DEADLINE_SECONDS = 15;

  @Test
  void aLoaderThatUsedEveryFeatureIsCollectedWithinFifteenSeconds() throws Exception {
    List<String> output =
        ForkedJvm.run(
            List.of("-Xmx128m"),
            ClassLoaderReleaseMain.class,
            120,
            String.valueOf(DEADLINE_SECONDS + 5));
    assertThat(output)
        .as("the driver started the system scheduler's thread")
        .contains("scheduler threads after use: 1");
    String verdict =
        output.stream()
            .filter(line -> line.startsWith("collected") || line.startsWith("not collected"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no verdict in " + output));
    System.out.println("ClassLoaderReleaseTest: " + verdict);
    assertThat(verdict).as("%s", output).startsWith("collected after ");
    long millis = Long.parseLong(verdict.replaceAll("\\D", ""));
    assertThat(millis).as("%s", output).isLessThan(DEADLINE_SECONDS * 1_000);
    assertThat(output).contains("scheduler threads at the end: 0");
  }
}
