package io.larder.cache.leak;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/**
 * A cache dropped with its listeners, statistics, a user's scheduler and loads still pending is
 * collected: nothing in Larder (the churn guard, the loggers, the estimator's class values) keeps
 * it.
 */
class CacheCollectedTest {

  @Test
  void droppedCachesOfEveryKindAreCollected() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      List<WeakReference<Object>> refs = new ArrayList<>();
      for (Object cache : new LeakDriver(Runnable::run, scheduler).get()) {
        refs.add(new WeakReference<>(cache));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (refs.stream().anyMatch(ref -> ref.get() != null) && System.nanoTime() < deadline) {
        System.gc();
        Thread.sleep(10);
      }
      assertThat(refs).allMatch(ref -> ref.get() == null);
    } finally {
      scheduler.shutdownNow();
    }
  }
}
