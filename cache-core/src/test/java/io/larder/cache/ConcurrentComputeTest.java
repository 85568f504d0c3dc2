package io.larder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.stats.CacheStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Atomicity of {@code compute}, {@code merge} and {@code get(key, function)} on one key from many
 * threads: the final count, the statistics and the notifications are consistent.
 */
class ConcurrentComputeTest {
  private static final int THREADS = 4;
  private static final int ROUNDS = 5_000;

  /** Runs the task on several threads released together, and waits for them all. */
  private static void onThreads(Runnable task) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  task.run();
                } catch (Throwable t) {
                  synchronized (failures) {
                    failures.add(t);
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join(TimeUnit.MINUTES.toMillis(2));
      assertThat(thread.isAlive()).as("thread finished").isFalse();
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void computeAndMergeOnOneKeyCountEveryUpdate() throws InterruptedException {
    AtomicLong replaced = new AtomicLong();
    Cache<String, Integer> cache =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .recordStats()
            .removalListener(
                (String k, Integer v, RemovalCause cause) -> {
                  if (cause == RemovalCause.REPLACED) {
                    replaced.incrementAndGet();
                  }
                })
            .build();
    ConcurrentMap<String, Integer> map = cache.asMap();

    onThreads(
        () -> {
          for (int i = 0; i < ROUNDS; i++) {
            map.compute("counter", (k, v) -> (v == null) ? 1 : v + 1);
            map.merge("counter", 1, Integer::sum);
          }
        });

    int updates = THREADS * ROUNDS * 2;
    assertThat(map.get("counter")).isEqualTo(updates);
    assertThat(replaced.get()).isEqualTo(updates - 1);
    CacheStats stats = cache.stats();
    // compute counts a load even on an absent key; merge only when it remaps a present value,
    // which every merge here does, since each thread's compute ran before its first merge
    assertThat(stats.loadSuccessCount()).isEqualTo(updates);
    assertThat(stats.loadFailureCount()).isZero();
  }

  @Test
  void getWithFunctionLoadsOncePerKeyWhileOthersWait() throws InterruptedException {
    Cache<Integer, Integer> cache = Caffeine.newBuilder().recordStats().build();
    AtomicInteger loads = new AtomicInteger();

    onThreads(
        () -> {
          for (int key = 0; key < 1_000; key++) {
            int expected = key * 2;
            Integer value =
                cache.get(
                    key,
                    k -> {
                      loads.incrementAndGet();
                      return k * 2;
                    });
            assertThat(value).isEqualTo(expected);
          }
        });

    assertThat(loads.get()).isEqualTo(1_000);
    CacheStats stats = cache.stats();
    assertThat(stats.loadSuccessCount()).isEqualTo(1_000);
    assertThat(stats.missCount()).isEqualTo(1_000);
    assertThat(stats.hitCount()).isEqualTo(THREADS * 1_000L - 1_000);
  }

  @Test
  void concurrentPutsAndRemovesNotifyEveryValueOnce() throws InterruptedException {
    AtomicLong notified = new AtomicLong();
    Cache<Integer, Integer> cache =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .removalListener(
                (Integer k, Integer v, RemovalCause cause) -> notified.incrementAndGet())
            .build();
    AtomicInteger written = new AtomicInteger();

    onThreads(
        () -> {
          for (int i = 0; i < ROUNDS; i++) {
            cache.put(i % 10, written.incrementAndGet());
            cache.invalidate((i + 5) % 10);
          }
        });

    // every value written was either replaced, removed, or is still present
    assertThat(notified.get() + cache.estimatedSize()).isEqualTo(written.get());
  }
}
