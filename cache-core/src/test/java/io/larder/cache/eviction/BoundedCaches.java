package io.larder.cache.eviction;

import io.larder.cache.Cache;
import io.larder.cache.Policy;
import io.larder.cache.RemovalCause;
import io.larder.cache.RemovalListener;
import io.larder.cache.stats.CacheStats;
import io.larder.cache.testing.Library;
import io.larder.cache.testing.ScenarioSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Builds the same bounded cache with Larder and with Caffeine (the reference implementation, built
 * by {@link ScenarioSettings}) and presents either through one small interface, so that a scenario
 * is written once and its observations compared.
 */
final class BoundedCaches {
  private BoundedCaches() {}

  /** The settings of a scenario's cache. */
  static final class Config {
    long maximumSize = -1;
    long maximumWeight = -1;
    @Nullable WeigherFn weigher;
    boolean recordStats = true;
    boolean listeners = true;
    Executor executor = Runnable::run;

    static Config maximumSize(long maximumSize) {
      Config config = new Config();
      config.maximumSize = maximumSize;
      return config;
    }

    static Config maximumWeight(long maximumWeight, WeigherFn weigher) {
      Config config = new Config();
      config.maximumWeight = maximumWeight;
      config.weigher = weigher;
      return config;
    }

    Config executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    Config withoutListeners() {
      this.listeners = false;
      return this;
    }
  }

  /** A weigher of integer entries. */
  @FunctionalInterface
  interface WeigherFn {
    int weigh(Integer key, Integer value);
  }

  /** The statistics both libraries report, without timings. */
  record Stats(
      long hits, long misses, long loadSuccesses, long loadFailures, long evictions,
      long evictionWeight) {}

  /** A cache of either library, with the notifications it sent. */
  interface TestCache {
    @Nullable Integer getIfPresent(Integer key);

    @Nullable Integer get(Integer key, Function<Integer, @Nullable Integer> function);

    void put(Integer key, Integer value);

    void invalidate(Integer key);

    void invalidateAll();

    long estimatedSize();

    void cleanUp();

    ConcurrentMap<Integer, Integer> asMap();

    Stats stats();

    boolean isWeighted();

    OptionalInt weightOf(Integer key);

    OptionalLong weightedSize();

    long getMaximum();

    void setMaximum(long maximum);

    Map<Integer, Integer> coldest(int limit);

    Map<Integer, Integer> hottest(int limit);

    Map<Integer, Integer> coldestWeighted(long limit);

    Map<Integer, Integer> hottestWeighted(long limit);

    /** Returns "key=value/weight" of the entries, coldest first, through the stream form. */
    List<String> coldestEntries();

    /** Returns "key=value/weight" of the entries, hottest first, through the stream form. */
    List<String> hottestEntries();

    /** Returns "key=value CAUSE" for each removal notification, in order. */
    List<String> removals();

    /** Returns "key=value CAUSE" for each eviction notification, in order. */
    List<String> evictions();
  }

  /** Builds the cache of the library, with listeners that record each notification. */
  static TestCache build(Library library, Config config) {
    List<String> removals = Collections.synchronizedList(new ArrayList<>());
    List<String> evictions = Collections.synchronizedList(new ArrayList<>());
    ScenarioSettings<Integer, Integer> settings = new ScenarioSettings<Integer, Integer>()
        .executor(config.executor)
        .evictionListener(recorder(config, evictions))
        .removalListener(recorder(config, removals));
    if (config.recordStats) {
      settings.recordStats();
    }
    if (config.maximumSize >= 0) {
      settings.maximumSize(config.maximumSize);
    } else {
      settings.maximumWeight(config.maximumWeight);
    }
    WeigherFn weigher = config.weigher;
    if (weigher != null) {
      settings.weigher(weigher::weigh);
    }
    Cache<Integer, Integer> cache = settings.build(library);
    Policy.Eviction<Integer, Integer> eviction = cache.policy().eviction().orElseThrow();
    return new TestCache() {
      @Override
      public @Nullable Integer getIfPresent(Integer key) {
        return cache.getIfPresent(key);
      }

      @Override
      public @Nullable Integer get(Integer key, Function<Integer, @Nullable Integer> function) {
        return cache.get(key, function);
      }

      @Override
      public void put(Integer key, Integer value) {
        cache.put(key, value);
      }

      @Override
      public void invalidate(Integer key) {
        cache.invalidate(key);
      }

      @Override
      public void invalidateAll() {
        cache.invalidateAll();
      }

      @Override
      public long estimatedSize() {
        return cache.estimatedSize();
      }

      @Override
      public void cleanUp() {
        cache.cleanUp();
      }

      @Override
      public ConcurrentMap<Integer, Integer> asMap() {
        return cache.asMap();
      }

      @Override
      public Stats stats() {
        CacheStats s = cache.stats();
        return new Stats(s.hitCount(), s.missCount(), s.loadSuccessCount(), s.loadFailureCount(),
            s.evictionCount(), s.evictionWeight());
      }

      @Override
      public boolean isWeighted() {
        return eviction.isWeighted();
      }

      @Override
      public OptionalInt weightOf(Integer key) {
        return eviction.weightOf(key);
      }

      @Override
      public OptionalLong weightedSize() {
        return eviction.weightedSize();
      }

      @Override
      public long getMaximum() {
        return eviction.getMaximum();
      }

      @Override
      public void setMaximum(long maximum) {
        eviction.setMaximum(maximum);
      }

      @Override
      public Map<Integer, Integer> coldest(int limit) {
        return eviction.coldest(limit);
      }

      @Override
      public Map<Integer, Integer> hottest(int limit) {
        return eviction.hottest(limit);
      }

      @Override
      public Map<Integer, Integer> coldestWeighted(long limit) {
        return eviction.coldestWeighted(limit);
      }

      @Override
      public Map<Integer, Integer> hottestWeighted(long limit) {
        return eviction.hottestWeighted(limit);
      }

      @Override
      public List<String> coldestEntries() {
        return eviction.coldest(stream -> stream
            .map(e -> e.getKey() + "=" + e.getValue() + "/" + e.weight())
            .collect(Collectors.toList()));
      }

      @Override
      public List<String> hottestEntries() {
        return eviction.hottest(stream -> stream
            .map(e -> e.getKey() + "=" + e.getValue() + "/" + e.weight())
            .collect(Collectors.toList()));
      }

      @Override
      public List<String> removals() {
        return List.copyOf(removals);
      }

      @Override
      public List<String> evictions() {
        return List.copyOf(evictions);
      }
    };
  }

  /** A listener that records "key=value CAUSE" in {@code into}, unless listeners are off. */
  private static RemovalListener<Integer, Integer> recorder(Config config, List<String> into) {
    return (Integer k, Integer v, RemovalCause c) -> {
      if (config.listeners) {
        into.add(k + "=" + v + " " + c);
      }
    };
  }
}
