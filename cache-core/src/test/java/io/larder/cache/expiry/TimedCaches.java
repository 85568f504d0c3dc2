package io.larder.cache.expiry;

import io.larder.cache.Cache;
import io.larder.cache.CacheLoader;
import io.larder.cache.Expiry;
import io.larder.cache.LoadingCache;
import io.larder.cache.Policy;
import io.larder.cache.testing.Library;
import io.larder.cache.testing.LoadFunction;
import io.larder.cache.testing.ManualTicker;
import io.larder.cache.testing.ScenarioSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Builds the same time-based cache with Larder and with Caffeine (the reference, built by {@link
 * ScenarioSettings}), driven by a {@link ManualTicker} and a same-thread executor, and presents
 * either through the operations the expiration and refresh scenarios use, so that a scenario is
 * written once and its observations compared.
 */
final class TimedCaches {
  private TimedCaches() {}

  /** A variable expiry given as durations in nanoseconds. */
  interface ExpiryFn {
    long create(Integer key, Integer value);

    default long update(Integer key, Integer value, long currentDuration) {
      return create(key, value);
    }

    default long read(Integer key, Integer value, long currentDuration) {
      return currentDuration;
    }
  }

  /** Returns empty settings of an integer cache, for a scenario to fill in. */
  static ScenarioSettings<Integer, Integer> settings() {
    return new ScenarioSettings<>();
  }

  /** Returns the variable expiry that {@code fn} describes. */
  static Expiry<Integer, Integer> expiry(ExpiryFn fn) {
    return new Expiry<>() {
      @Override
      public long expireAfterCreate(Integer key, Integer value, long currentTime) {
        return fn.create(key, value);
      }

      @Override
      public long expireAfterUpdate(
          Integer key, Integer value, long currentTime, long currentDuration) {
        return fn.update(key, value, currentDuration);
      }

      @Override
      public long expireAfterRead(
          Integer key, Integer value, long currentTime, long currentDuration) {
        return fn.read(key, value, currentDuration);
      }
    };
  }

  /** Returns a loader that loads and reloads by {@code rule}. */
  static CacheLoader<Integer, Integer> loaderOf(LoadFunction<Integer, Integer> rule) {
    return rule.toCacheLoader();
  }

  /** A cache of either library, seen through the operations the scenarios use. */
  interface TimedCache {
    @Nullable Integer getIfPresent(Integer key);

    @Nullable Integer get(Integer key);

    @Nullable Integer put(Integer key, Integer value);

    @Nullable Integer putIfAbsent(Integer key, Integer value);

    @Nullable Integer replace(Integer key, Integer value);

    boolean replace(Integer key, Integer oldValue, Integer newValue);

    /** Refreshes the key (a loading cache); returns the refresh's outcome, or "pending". */
    String refresh(Integer key);

    @Nullable Integer remove(Integer key);

    @Nullable Integer compute(
        Integer key, BiFunction<Integer, @Nullable Integer, @Nullable Integer> fn);

    @Nullable Integer computeIfAbsent(Integer key, Function<Integer, Integer> fn);

    boolean containsKey(Integer key);

    Map<Integer, Integer> snapshot();

    long estimatedSize();

    void cleanUp();

    void invalidateAll();

    List<String> removals();

    List<String> evictions();

    List<Long> stats();

    Optional<Duration> ageOf(String policy, Integer key);

    Duration getExpiresAfter(String policy);

    void setExpiresAfter(String policy, Duration duration);

    List<Integer> oldest(String policy, int limit);

    List<Integer> youngest(String policy, int limit);

    Optional<Duration> varExpiresAfter(Integer key);

    void varSetExpiresAfter(Integer key, Duration duration);

    @Nullable Integer varPut(Integer key, Integer value, Duration duration);

    @Nullable Integer varPutIfAbsent(Integer key, Integer value, Duration duration);

    @Nullable Integer varCompute(Integer key, Integer value, Duration duration);

    List<Long> entryTimes(Integer key);

    Set<Integer> refreshes();

    List<Boolean> policies();
  }

  /** Describes a future: pending, its value, or the class of its failure. */
  static String describe(CompletableFuture<?> future) {
    if (!future.isDone()) {
      return "pending";
    }
    try {
      return "done " + future.join();
    } catch (CompletionException e) {
      Throwable cause = (e.getCause() == null) ? e : e.getCause();
      return "failed " + cause.getClass().getSimpleName();
    }
  }

  /**
   * Builds the cache of the library from the settings, reading time from {@code time}, with
   * statistics and listeners that record each notification as {@code "key=value CAUSE"}.
   */
  static TimedCache build(Library library, ScenarioSettings<Integer, Integer> settings,
      ManualTicker time) {
    List<String> removals = Collections.synchronizedList(new ArrayList<>());
    List<String> evictions = Collections.synchronizedList(new ArrayList<>());
    Cache<Integer, Integer> cache = settings
        .ticker(time)
        .recordStats()
        .removalListener((k, v, cause) -> removals.add(k + "=" + v + " " + cause))
        .evictionListener((k, v, cause) -> evictions.add(k + "=" + v + " " + cause))
        .build(library);
    Policy<Integer, Integer> policy = cache.policy();
    return new TimedCache() {
      private Policy.FixedExpiration<Integer, Integer> fixed(String name) {
        return (name.equals("access") ? policy.expireAfterAccess() : policy.expireAfterWrite())
            .orElseThrow();
      }

      @Override
      public @Nullable Integer getIfPresent(Integer key) {
        return cache.getIfPresent(key);
      }

      @Override
      public @Nullable Integer get(Integer key) {
        return ((LoadingCache<Integer, Integer>) cache).get(key);
      }

      @Override
      public @Nullable Integer put(Integer key, Integer value) {
        return cache.asMap().put(key, value);
      }

      @Override
      public @Nullable Integer putIfAbsent(Integer key, Integer value) {
        return cache.asMap().putIfAbsent(key, value);
      }

      @Override
      public @Nullable Integer replace(Integer key, Integer value) {
        return cache.asMap().replace(key, value);
      }

      @Override
      public boolean replace(Integer key, Integer oldValue, Integer newValue) {
        return cache.asMap().replace(key, oldValue, newValue);
      }

      @Override
      public String refresh(Integer key) {
        return describe(((LoadingCache<Integer, Integer>) cache).refresh(key));
      }

      @Override
      public @Nullable Integer remove(Integer key) {
        return cache.asMap().remove(key);
      }

      @Override
      public @Nullable Integer compute(
          Integer key, BiFunction<Integer, @Nullable Integer, @Nullable Integer> function) {
        return cache.asMap().compute(key, function);
      }

      @Override
      public @Nullable Integer computeIfAbsent(Integer key, Function<Integer, Integer> function) {
        return cache.get(key, function);
      }

      @Override
      public boolean containsKey(Integer key) {
        return cache.asMap().containsKey(key);
      }

      @Override
      public Map<Integer, Integer> snapshot() {
        return new TreeMap<>(cache.asMap());
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
      public void invalidateAll() {
        cache.invalidateAll();
      }

      @Override
      public List<String> removals() {
        return List.copyOf(removals);
      }

      @Override
      public List<String> evictions() {
        return List.copyOf(evictions);
      }

      @Override
      public List<Long> stats() {
        var stats = cache.stats();
        return List.of(stats.hitCount(), stats.missCount(), stats.loadSuccessCount(),
            stats.loadFailureCount(), stats.evictionCount(), stats.evictionWeight());
      }

      @Override
      public Optional<Duration> ageOf(String name, Integer key) {
        return name.equals("refresh")
            ? policy.refreshAfterWrite().orElseThrow().ageOf(key)
            : fixed(name).ageOf(key);
      }

      @Override
      public Duration getExpiresAfter(String name) {
        return name.equals("refresh")
            ? policy.refreshAfterWrite().orElseThrow().getRefreshesAfter()
            : fixed(name).getExpiresAfter();
      }

      @Override
      public void setExpiresAfter(String name, Duration duration) {
        if (name.equals("refresh")) {
          policy.refreshAfterWrite().orElseThrow().setRefreshesAfter(duration);
        } else {
          fixed(name).setExpiresAfter(duration);
        }
      }

      @Override
      public List<Integer> oldest(String name, int limit) {
        return List.copyOf((name.equals("variable")
            ? policy.expireVariably().orElseThrow().oldest(limit)
            : fixed(name).oldest(limit)).keySet());
      }

      @Override
      public List<Integer> youngest(String name, int limit) {
        return List.copyOf((name.equals("variable")
            ? policy.expireVariably().orElseThrow().youngest(limit)
            : fixed(name).youngest(limit)).keySet());
      }

      @Override
      public Optional<Duration> varExpiresAfter(Integer key) {
        return policy.expireVariably().orElseThrow().getExpiresAfter(key);
      }

      @Override
      public void varSetExpiresAfter(Integer key, Duration duration) {
        policy.expireVariably().orElseThrow().setExpiresAfter(key, duration);
      }

      @Override
      public @Nullable Integer varPut(Integer key, Integer value, Duration duration) {
        return policy.expireVariably().orElseThrow().put(key, value, duration);
      }

      @Override
      public @Nullable Integer varPutIfAbsent(Integer key, Integer value, Duration duration) {
        return policy.expireVariably().orElseThrow().putIfAbsent(key, value, duration);
      }

      @Override
      public @Nullable Integer varCompute(Integer key, Integer value, Duration duration) {
        return policy.expireVariably().orElseThrow().compute(key, (k, v) -> value, duration);
      }

      @Override
      public List<Long> entryTimes(Integer key) {
        var entry = policy.getEntryIfPresentQuietly(key);
        return (entry == null)
            ? List.of()
            : List.of(entry.snapshotAt(), entry.expiresAt(), entry.refreshableAt());
      }

      @Override
      public Set<Integer> refreshes() {
        return new TreeSet<>(policy.refreshes().keySet());
      }

      @Override
      public List<Boolean> policies() {
        return List.of(policy.eviction().isPresent(), policy.expireAfterAccess().isPresent(),
            policy.expireAfterWrite().isPresent(), policy.expireVariably().isPresent(),
            policy.refreshAfterWrite().isPresent());
      }
    };
  }
}
