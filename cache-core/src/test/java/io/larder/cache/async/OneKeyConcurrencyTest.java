package io.larder.cache.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.stats.CacheStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many threads on one key of an asynchronous cache: one load, one shared future, exact counts and
 * no lost updates. The threads start together on a latch; no test waits on time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a deadlock fails the test instead of hanging it
class OneKeyConcurrencyTest {
  private static final int THREADS = 8;
  private static final int ROUNDS = 500;

  private final ExecutorService callers = Executors.newFixedThreadPool(THREADS);
  private final ExecutorService loaders = Executors.newFixedThreadPool(2);

  @AfterEach
  void shutDown() throws InterruptedException {
    callers.shutdownNow();
    loaders.shutdownNow();
    assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(loaders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  private <T> List<T> race(java.util.concurrent.Callable<T> task) throws Exception {
    var start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      futures.add(
          callers.submit(
              () -> {
                start.await();
                return task.call();
              }));
    }
    start.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get());
    }
    return results;
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void concurrentGetsShareOneLoad(Impl impl) throws Exception {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>(), loaders);
    var loads = new AtomicInteger();
    var release = new CompletableFuture<Void>();
    List<CompletableFuture<String>> results =
        race(
            () ->
                cache.get(
                    1,
                    (k, executor) -> {
                      loads.incrementAndGet();
                      return release.thenApplyAsync(ignored -> "v", executor);
                    }));
    release.complete(null);
    assertThat(loads.get()).isEqualTo(1);
    assertThat(results).allSatisfy(future -> assertThat(future).isSameAs(results.get(0)));
    assertThat(results.get(0).get()).isEqualTo("v");
    CacheStats stats = cache.synchronous().stats();
    assertThat(stats.missCount()).isEqualTo(1);
    assertThat(stats.hitCount()).isEqualTo(THREADS - 1);
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void concurrentLoadingGetsAndRefreshesSeeOneValueAtATime(Impl impl) throws Exception {
    var loads = new AtomicInteger();
    AsyncLoadingCache<Integer, Integer> cache =
        impl.newAsyncLoadingCache(
            new Removals<>(),
            loaders,
            (key, executor) -> CompletableFuture.supplyAsync(loads::incrementAndGet, executor));
    List<Integer> values =
        race(
            () -> {
              int last = 0;
              for (int i = 0; i < ROUNDS / 10; i++) {
                int value = cache.synchronous().get(1);
                assertThat(value).isPositive();
                if ((i % 5) == 0) {
                  cache.synchronous().refresh(1).get();
                }
                last = value;
              }
              return last;
            });
    assertThat(values).allSatisfy(value -> assertThat(value).isBetween(1, loads.get()));
    assertThat(cache.synchronous().policy().refreshes()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void concurrentMergesThroughTheValuesMapLoseNoUpdate(Impl impl) throws Exception {
    AsyncCache<Integer, Integer> cache = impl.newAsyncCache(new Removals<>(), loaders);
    race(
        () -> {
          for (int i = 0; i < ROUNDS; i++) {
            cache.synchronous().asMap().merge(1, 1, Integer::sum);
          }
          return null;
        });
    assertThat(cache.synchronous().getIfPresent(1)).isEqualTo(THREADS * ROUNDS);
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void conditionalWritesWaitForTheInFlightFuture(Impl impl) throws Exception {
    AsyncCache<Integer, Integer> cache = impl.newAsyncCache(new Removals<>(), loaders);
    var pending = new CompletableFuture<Integer>();
    cache.put(1, pending);
    var start = new CountDownLatch(1);
    List<Future<Integer>> writers = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      writers.add(
          callers.submit(
              () -> {
                start.await();
                return cache.synchronous().asMap().compute(1, (k, v) -> (v == null) ? 1 : v + 1);
              }));
    }
    start.countDown();
    pending.complete(100);
    List<Integer> results = new ArrayList<>();
    for (Future<Integer> writer : writers) {
      results.add(writer.get());
    }
    assertThat(results).doesNotHaveDuplicates().allSatisfy(v -> assertThat(v).isGreaterThan(100));
    assertThat(cache.synchronous().getIfPresent(1)).isEqualTo(100 + THREADS);
  }
}
