package io.larder.cache.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.LoadingCache;
import io.larder.cache.testing.Library;
import io.larder.cache.testing.ScenarioSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Size-bounded loading caches (same-thread executor) against Caffeine: loads, bulk loads and
 * refreshes evict and notify as Caffeine's do, with the same statistics.
 */
class BoundedLoadingCacheCompatibilityTest {

  /** The loading-cache operations a scenario uses. */
  interface Loading {
    @Nullable Integer get(Integer key);

    Map<Integer, Integer> getAll(List<Integer> keys);

    @Nullable Integer refresh(Integer key);

    Map<Integer, Integer> contents();

    List<Object> stats();

    List<String> removals();

    void cleanUp();
  }

  private static Integer load(Integer key) {
    return (key < 0) ? null : key * 10;
  }

  /** Builds the loading cache of the library, bounded to {@code maximumSize} entries. */
  private static Loading build(Library library, long maximumSize) {
    List<String> removals = Collections.synchronizedList(new ArrayList<>());
    LoadingCache<Integer, Integer> cache = new ScenarioSettings<Integer, Integer>()
        .maximumSize(maximumSize)
        .recordStats()
        .removalListener((k, v, c) -> removals.add(k + "=" + v + " " + c))
        .build(library, BoundedLoadingCacheCompatibilityTest::load);
    return new Loading() {
      @Override
      public @Nullable Integer get(Integer key) {
        return cache.get(key);
      }

      @Override
      public Map<Integer, Integer> getAll(List<Integer> keys) {
        return new TreeMap<>(cache.getAll(keys));
      }

      @Override
      public @Nullable Integer refresh(Integer key) {
        return cache.refresh(key).join();
      }

      @Override
      public Map<Integer, Integer> contents() {
        return new TreeMap<>(cache.asMap());
      }

      @Override
      public List<Object> stats() {
        var s = cache.stats();
        return List.of(s.hitCount(), s.missCount(), s.loadSuccessCount(), s.loadFailureCount(),
            s.evictionCount(), s.evictionWeight());
      }

      @Override
      public List<String> removals() {
        return List.copyOf(removals);
      }

      @Override
      public void cleanUp() {
        cache.cleanUp();
      }
    };
  }

  private static void assertSame(Function<Loading, List<Object>> scenario) {
    assertThat(scenario.apply(build(Library.LARDER, 3)))
        .isEqualTo(scenario.apply(build(Library.CAFFEINE, 3)));
  }

  @Test
  void loadsEvictBeyondTheMaximum() {
    assertSame(cache -> {
      List<Object> observed = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        observed.add(cache.get(i));
      }
      observed.add(cache.get(-1));
      cache.cleanUp();
      observed.add(cache.contents());
      observed.add(cache.stats());
      observed.add(cache.removals());
      return observed;
    });
  }

  @Test
  void bulkLoadsEvictBeyondTheMaximum() {
    assertSame(cache -> {
      List<Object> observed = new ArrayList<>();
      observed.add(cache.getAll(List.of(1, 2, 3, 4, 5)));
      cache.cleanUp();
      observed.add(cache.contents());
      observed.add(cache.stats());
      observed.add(cache.removals());
      return observed;
    });
  }

  @Test
  void refreshReplacesAndCounts() {
    assertSame(cache -> {
      List<Object> observed = new ArrayList<>();
      observed.add(cache.get(1));
      observed.add(cache.refresh(1));
      observed.add(cache.refresh(7));
      observed.add(cache.refresh(-2));
      cache.cleanUp();
      observed.add(cache.contents());
      observed.add(cache.stats());
      observed.add(cache.removals());
      return observed;
    });
  }
}
