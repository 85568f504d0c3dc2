package io.larder.cache.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.Policy;
import io.larder.cache.RemovalCause;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Threads race mixed operations on one bounded cache whose maintenance and listeners run on a
 * thread pool. At the end (after {@code cleanUp()} and the pool's termination) the cache is within
 * its bound, its weighted size is the sum of the weights, and no notification was lost: every entry
 * created was either removed (explicitly or by size), and notified, or is still present. Bounded by
 * operation count, not time.
 */
class ConcurrentEvictionStressTest {
  private static final int THREADS = 4;
  private static final int OPERATIONS_PER_THREAD =
      "long".equals(System.getProperty("larder.stress.mode")) ? 2_000_000 : 40_000;
  private static final int KEYS = 2_000;

  private static int weigh(Integer key, Long value) {
    return (int) (value % 5); // includes zero weights
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void mixedOperationsKeepTheBoundAndLoseNoNotification(boolean weighted) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(2);
    Map<RemovalCause, LongAdder> notified = new EnumMap<>(RemovalCause.class);
    for (RemovalCause cause : RemovalCause.values()) {
      notified.put(cause, new LongAdder());
    }
    LongAdder evictionListenerCalls = new LongAdder();
    Caffeine<Object, Object> builder = Caffeine.newBuilder().executor(executor).recordStats();
    if (weighted) {
      builder.maximumWeight(1_000);
    } else {
      builder.maximumSize(500);
    }
    Caffeine<Integer, Long> typed =
        builder
            .<Integer, Long>removalListener((k, v, cause) -> notified.get(cause).increment())
            .evictionListener((k, v, cause) -> evictionListenerCalls.increment());
    if (weighted) {
      typed = typed.weigher(ConcurrentEvictionStressTest::weigh);
    }
    Cache<Integer, Long> cache = typed.build();
    ConcurrentMap<Integer, Long> map = cache.asMap();

    AtomicLong values = new AtomicLong(1_000); // unique boxed values, so every replacement notifies
    LongAdder created = new LongAdder();
    LongAdder removed = new LongAdder();
    LongAdder replaced = new LongAdder();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      SplittableRandom random = new SplittableRandom(t);
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
                    Integer key = random.nextInt(KEYS);
                    switch (random.nextInt(8)) {
                      case 0, 1 -> {
                        if (map.put(key, values.incrementAndGet()) == null) {
                          created.increment();
                        } else {
                          replaced.increment();
                        }
                      }
                      case 2 -> {
                        if (map.putIfAbsent(key, values.incrementAndGet()) == null) {
                          created.increment();
                        }
                      }
                      case 3 -> {
                        if (map.remove(key) != null) {
                          removed.increment();
                        }
                      }
                      case 4 -> {
                        if (map.replace(key, values.incrementAndGet()) != null) {
                          replaced.increment();
                        }
                      }
                      default -> cache.getIfPresent(key);
                    }
                  }
                } catch (Throwable e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures).isEmpty();

    cache.cleanUp();
    executor.shutdown();
    assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    cache.cleanUp(); // maintenance rejected during shutdown ran on the caller; settle once more

    Policy.Eviction<Integer, Long> eviction = cache.policy().eviction().orElseThrow();
    long size = cache.estimatedSize();
    if (weighted) {
      long sum = map.entrySet().stream().mapToLong(e -> weigh(e.getKey(), e.getValue())).sum();
      assertThat(eviction.weightedSize()).hasValue(sum);
      assertThat(sum).isLessThanOrEqualTo(1_000);
    } else {
      assertThat(size).isLessThanOrEqualTo(500);
    }

    long sizeEvictions = notified.get(RemovalCause.SIZE).sum();
    assertThat(notified.get(RemovalCause.EXPLICIT).sum()).isEqualTo(removed.sum());
    assertThat(notified.get(RemovalCause.REPLACED).sum()).isEqualTo(replaced.sum());
    assertThat(created.sum()).isEqualTo(removed.sum() + sizeEvictions + size);
    assertThat(evictionListenerCalls.sum()).isEqualTo(sizeEvictions);
    assertThat(cache.stats().evictionCount()).isEqualTo(sizeEvictions);
    assertThat(sizeEvictions).isPositive();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void computationsKeepTheWeightAccountingExact(boolean weighted) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(2);
    Caffeine<Object, Object> builder = Caffeine.newBuilder().executor(executor);
    if (weighted) {
      builder.maximumWeight(600);
    } else {
      builder.maximumSize(300);
    }
    Caffeine<Integer, Long> typed =
        weighted
            ? builder.<Integer, Long>weigher(ConcurrentEvictionStressTest::weigh)
            : builder.<Integer, Long>evictionListener((k, v, c) -> {});
    Cache<Integer, Long> cache = typed.build();
    ConcurrentMap<Integer, Long> map = cache.asMap();
    Policy.Eviction<Integer, Long> eviction = cache.policy().eviction().orElseThrow();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      SplittableRandom random = new SplittableRandom(100 + t);
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < OPERATIONS_PER_THREAD / 2; i++) {
                    Integer key = random.nextInt(KEYS / 2);
                    long value = random.nextInt(1_000);
                    switch (random.nextInt(7)) {
                      case 0 -> map.compute(key, (k, v) -> (v == null) ? value : v + 1);
                      case 1 -> map.computeIfAbsent(key, k -> value);
                      case 2 -> map.computeIfPresent(key, (k, v) -> ((v % 3) == 0) ? null : v + 2);
                      case 3 -> map.merge(key, value, (a, b) -> ((a + b) % 7 == 0) ? null : a + b);
                      case 4 -> cache.get(key, k -> value);
                      case 5 -> map.remove(key, value);
                      default -> {
                        if (random.nextInt(1_000) == 0) {
                          eviction.setMaximum(
                              weighted ? 300 + random.nextInt(600) : 150 + random.nextInt(300));
                        } else {
                          cache.getIfPresent(key);
                        }
                      }
                    }
                  }
                } catch (Throwable e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures).isEmpty();
    executor.shutdown();
    assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    cache.cleanUp();

    long maximum = eviction.getMaximum();
    if (weighted) {
      long sum = map.entrySet().stream().mapToLong(e -> weigh(e.getKey(), e.getValue())).sum();
      assertThat(eviction.weightedSize()).hasValue(sum);
      assertThat(sum).isLessThanOrEqualTo(maximum);
    } else {
      assertThat(cache.estimatedSize()).isLessThanOrEqualTo(maximum);
    }
  }
}
