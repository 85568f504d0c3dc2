package io.larder.cache.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.AsyncCache;
import io.larder.cache.testing.Library;
import io.larder.cache.testing.ScenarioSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Size- and weight-bounded asynchronous caches (same-thread executor) against Caffeine: loads in
 * flight are never evicted, completed ones are, with the same notifications and statistics.
 */
class BoundedAsyncCacheCompatibilityTest {

  /** The operations a scenario uses, on either library. */
  interface Async {
    CompletableFuture<Integer> get(Integer key, CompletableFuture<Integer> future);

    void put(Integer key, CompletableFuture<Integer> future);

    Map<Integer, Integer> synchronousContents();

    long estimatedSize();

    List<Object> stats();

    List<String> notifications();

    void cleanUp();
  }

  /** Builds the cache of the library: at most 2 entries, or a weight of 10 (weight = value). */
  private static Async build(Library library, boolean weighted) {
    List<String> notifications = Collections.synchronizedList(new ArrayList<>());
    ScenarioSettings<Integer, Integer> settings = new ScenarioSettings<Integer, Integer>()
        .recordStats()
        .evictionListener((k, v, c) -> notifications.add("evict " + k + "=" + v))
        .removalListener((k, v, c) -> notifications.add("remove " + k + "=" + v + " " + c));
    if (weighted) {
      settings.maximumWeight(10).weigher((k, v) -> v);
    } else {
      settings.maximumSize(2);
    }
    AsyncCache<Integer, Integer> cache = settings.buildAsync(library);
    return new Async() {
      @Override
      public CompletableFuture<Integer> get(Integer key, CompletableFuture<Integer> future) {
        return cache.get(key, (k, executor) -> future);
      }

      @Override
      public void put(Integer key, CompletableFuture<Integer> future) {
        cache.put(key, future);
      }

      @Override
      public Map<Integer, Integer> synchronousContents() {
        return new TreeMap<>(cache.synchronous().asMap());
      }

      @Override
      public long estimatedSize() {
        return cache.synchronous().estimatedSize();
      }

      @Override
      public List<Object> stats() {
        var s = cache.synchronous().stats();
        return List.of(s.hitCount(), s.missCount(), s.loadSuccessCount(), s.loadFailureCount(),
            s.evictionCount(), s.evictionWeight());
      }

      @Override
      public List<String> notifications() {
        return List.copyOf(notifications);
      }

      @Override
      public void cleanUp() {
        cache.synchronous().cleanUp();
      }
    };
  }

  private static void assertSame(boolean weighted, Function<Async, List<Object>> scenario) {
    assertThat(scenario.apply(build(Library.LARDER, weighted)))
        .isEqualTo(scenario.apply(build(Library.CAFFEINE, weighted)));
  }

  private static List<Object> inFlightThenCompleted(Async cache) {
    List<Object> observed = new ArrayList<>();
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      CompletableFuture<Integer> future = new CompletableFuture<>();
      futures.add(future);
      cache.get(i, future);
    }
    cache.cleanUp();
    observed.add(cache.estimatedSize()); // nothing in flight is evicted
    for (int i = 0; i < futures.size(); i++) {
      futures.get(i).complete(i + 1);
    }
    cache.cleanUp();
    observed.add(cache.estimatedSize());
    observed.add(cache.synchronousContents());
    observed.add(cache.stats());
    observed.add(cache.notifications());
    return observed;
  }

  @Test
  void sizeBoundedAsyncCacheEvictsOnlyCompletedLoads() {
    assertSame(false, BoundedAsyncCacheCompatibilityTest::inFlightThenCompleted);
  }

  @Test
  void weightBoundedAsyncCacheEvictsOnlyCompletedLoads() {
    assertSame(true, BoundedAsyncCacheCompatibilityTest::inFlightThenCompleted);
  }

  @Test
  void completedPutsEvictAsInCaffeine() {
    assertSame(false, cache -> {
      for (int i = 1; i <= 5; i++) {
        cache.put(i, CompletableFuture.completedFuture(i));
      }
      CompletableFuture<Integer> failed = new CompletableFuture<>();
      cache.put(9, failed);
      failed.completeExceptionally(new IllegalStateException());
      cache.cleanUp();
      return List.of(cache.estimatedSize(), cache.synchronousContents(), cache.stats(),
          cache.notifications());
    });
  }
}
