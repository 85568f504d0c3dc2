package io.larder.cache.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.RemovalCause;
import io.larder.cache.Scheduler;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * With a scheduler, expired entries are removed and the listener told without further calls on the
 * cache; the scheduled task holds the cache weakly, so a dropped cache with timers pending is
 * collected, and the scheduler's thread pins no application class loader. Waits are on conditions
 * with deadlines, never fixed sleeps.
 */
class PromptCleanupTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Test
  void expiredEntriesAreRemovedWithoutFurtherActivity() {
    List<RemovalCause> causes = new CopyOnWriteArrayList<>();
    Cache<Integer, Integer> cache =
        Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(1))
            .scheduler(Scheduler.systemScheduler())
            .removalListener((Integer k, Integer v, RemovalCause cause) -> causes.add(cause))
            .build();
    for (int i = 0; i < 1_000; i++) {
      cache.put(i, i);
    }
    await().atMost(DEADLINE).until(() -> causes.size() == 1_000);
    assertThat(causes).containsOnly(RemovalCause.EXPIRED);
    assertThat(cache.estimatedSize()).isZero();
  }

  @Test
  void variableExpirationIsCleanedUpPromptly() {
    List<Integer> removed = new CopyOnWriteArrayList<>();
    Cache<Integer, Integer> cache =
        Caffeine.newBuilder()
            .expireAfter(
                io.larder.cache.Expiry.<Integer, Integer>creating(
                    (k, v) -> Duration.ofMillis(500 + k)))
            .scheduler(Scheduler.systemScheduler())
            .removalListener((Integer k, Integer v, RemovalCause cause) -> removed.add(k))
            .build();
    for (int i = 0; i < 100; i++) {
      cache.put(i, i);
    }
    await().atMost(DEADLINE).until(() -> removed.size() == 100);
    assertThat(cache.estimatedSize()).isZero();
  }

  @Test
  void aDroppedCacheWithAPendingCleanUpIsCollected() {
    WeakReference<Cache<Integer, Integer>> reference = newCacheWithPendingCleanUp();
    awaitCollected(reference);
  }

  private static WeakReference<Cache<Integer, Integer>> newCacheWithPendingCleanUp() {
    Cache<Integer, Integer> cache =
        Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(1))
            .scheduler(Scheduler.systemScheduler())
            .executor(Runnable::run)
            .build();
    cache.put(1, 1);
    cache.cleanUp();
    return new WeakReference<>(cache);
  }

  @Test
  void theSchedulerPinsNoApplicationClassLoader() throws Exception {
    AtomicReference<WeakReference<ClassLoader>> loaderReference = new AtomicReference<>();
    AtomicReference<WeakReference<Object>> cacheReference = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              URLClassLoader loader = new URLClassLoader(new URL[0], getClass().getClassLoader());
              Thread.currentThread().setContextClassLoader(loader);
              Cache<Integer, Integer> cache =
                  Caffeine.newBuilder()
                      .expireAfterWrite(Duration.ofMinutes(10))
                      .scheduler(Scheduler.systemScheduler())
                      .executor(Runnable::run)
                      .build();
              cache.put(1, 1);
              cache.cleanUp(); // schedules the next cleanup from this thread
              loaderReference.set(new WeakReference<>(loader));
              cacheReference.set(new WeakReference<>(cache));
            });
    thread.start();
    thread.join();
    thread = null;
    awaitCollected(cacheReference.get());
    awaitCollected(loaderReference.get());
  }

  private static void awaitCollected(WeakReference<?> reference) {
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              System.gc();
              return reference.get() == null;
            });
  }
}
