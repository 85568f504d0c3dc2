package io.larder.cache.async;

import io.larder.cache.AsyncCache;
import io.larder.cache.stats.CacheStats;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** Helpers shared by the scenario tests. */
final class Scenarios {
  private Scenarios() {}

  /** Returns the hit, miss, load-success and load-failure counts (load times are not compared). */
  static List<Long> counts(AsyncCache<?, ?> cache) {
    CacheStats stats = cache.synchronous().stats();
    return List.of(
        stats.hitCount(), stats.missCount(), stats.loadSuccessCount(), stats.loadFailureCount());
  }

  /** Returns the expected counts, in the order of {@link #counts}. */
  static List<Long> stats(long hits, long misses, long loadSuccesses, long loadFailures) {
    return List.of(hits, misses, loadSuccesses, loadFailures);
  }

  /** A same-thread executor that counts the tasks it runs. */
  static final class CountingExecutor implements Executor {
    final AtomicInteger tasks = new AtomicInteger();

    @Override
    public void execute(Runnable command) {
      tasks.incrementAndGet();
      command.run();
    }
  }
}
