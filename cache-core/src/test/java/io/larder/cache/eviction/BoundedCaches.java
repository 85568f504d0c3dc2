package io.larder.cache.eviction;

import io.larder.cache.RemovalCause;
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
 * Builds the same bounded cache with Larder and with Caffeine (the reference implementation) and
 * presents both through one small interface, so that a scenario is written once and its
 * observations compared.
 */
final class BoundedCaches {
  private BoundedCaches() {}

  /** The two implementations under comparison. */
  enum Library {
    LARDER,
    CAFFEINE
  }

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

  static TestCache build(Library library, Config config) {
    return (library == Library.LARDER) ? larder(config) : caffeine(config);
  }

  private static String describe(@Nullable Object key, @Nullable Object value, Object cause) {
    return key + "=" + value + " " + cause;
  }

  static TestCache larder(Config config) {
    List<String> removals = Collections.synchronizedList(new ArrayList<>());
    List<String> evictions = Collections.synchronizedList(new ArrayList<>());
    io.larder.cache.Caffeine<Object, Object> builder =
        io.larder.cache.Caffeine.newBuilder().executor(config.executor);
    if (config.recordStats) {
      builder.recordStats();
    }
    if (config.maximumSize >= 0) {
      builder.maximumSize(config.maximumSize);
    } else {
      builder.maximumWeight(config.maximumWeight);
    }
    io.larder.cache.Caffeine<Integer, Integer> typed = builder.<Integer, Integer>evictionListener(
        (Integer k, Integer v, RemovalCause c) -> {
          if (config.listeners) {
            evictions.add(describe(k, v, c));
          }
        });
    typed = typed.removalListener((Integer k, Integer v, RemovalCause c) -> {
      if (config.listeners) {
        removals.add(describe(k, v, c));
      }
    });
    WeigherFn weigher = config.weigher;
    if (weigher != null) {
      typed = typed.weigher(weigher::weigh);
    }
    io.larder.cache.Cache<Integer, Integer> cache = typed.build();
    io.larder.cache.Policy.Eviction<Integer, Integer> eviction =
        cache.policy().eviction().orElseThrow();
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
        io.larder.cache.stats.CacheStats s = cache.stats();
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

  static TestCache caffeine(Config config) {
    List<String> removals = Collections.synchronizedList(new ArrayList<>());
    List<String> evictions = Collections.synchronizedList(new ArrayList<>());
    com.github.benmanes.caffeine.cache.Caffeine<Object, Object> builder =
        com.github.benmanes.caffeine.cache.Caffeine.newBuilder().executor(config.executor);
    if (config.recordStats) {
      builder.recordStats();
    }
    if (config.maximumSize >= 0) {
      builder.maximumSize(config.maximumSize);
    } else {
      builder.maximumWeight(config.maximumWeight);
    }
    com.github.benmanes.caffeine.cache.Caffeine<Integer, Integer> typed =
        builder.<Integer, Integer>evictionListener(
            (Integer k, Integer v, com.github.benmanes.caffeine.cache.RemovalCause c) -> {
              if (config.listeners) {
                evictions.add(describe(k, v, c));
              }
            });
    typed = typed.removalListener(
        (Integer k, Integer v, com.github.benmanes.caffeine.cache.RemovalCause c) -> {
          if (config.listeners) {
            removals.add(describe(k, v, c));
          }
        });
    WeigherFn weigher = config.weigher;
    if (weigher != null) {
      typed = typed.weigher(weigher::weigh);
    }
    com.github.benmanes.caffeine.cache.Cache<Integer, Integer> cache = typed.build();
    com.github.benmanes.caffeine.cache.Policy.Eviction<Integer, Integer> eviction =
        cache.policy().eviction().orElseThrow();
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
        com.github.benmanes.caffeine.cache.stats.CacheStats s = cache.stats();
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
}
