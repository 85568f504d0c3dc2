package io.larder.cache.leak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Larder starts no thread of its own: every kind of cache, built and used with the executor
 * replaced by {@code Runnable::run} and a scheduler the test owns but never starts, leaves the
 * JVM's threads as they were.
 */
class NoThreadStartedTest {

  @Test
  void usingEveryKindOfCacheStartsNoThread() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    ScheduledThreadPoolExecutor unstarted = new ScheduledThreadPoolExecutor(0);
    try {
      List<Object> caches = new LeakDriver(Runnable::run, unstarted).get();
      assertThat(caches).isNotEmpty();
      Set<String> started =
          Thread.getAllStackTraces().keySet().stream()
              .filter(thread -> !before.contains(thread))
              .map(Thread::getName)
              .collect(Collectors.toSet());
      assertThat(started).noneMatch(name -> name.toLowerCase().contains("larder"));
      assertThat(started).isEmpty();
    } finally {
      unstarted.shutdownNow();
    }
  }
}
