package io.larder.cache.expiry;

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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Builds the same time-based cache with Larder and with Caffeine (the reference), driven by a
 * manual ticker and a same-thread executor, and presents both through one interface, so that an
 * expiration or refresh scenario is written once and its observations compared.
 */
final class TimedCaches {
  private TimedCaches() {}

  /** The two implementations under comparison. */
  enum Library {
    LARDER,
    CAFFEINE
  }

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

  /** A loader: {@code oldValue} is {@code null} for a load, the current value for a reload. */
  @FunctionalInterface
  interface Loader {
    @Nullable Integer load(Integer key, @Nullable Integer oldValue) throws Exception;
  }

  /** The settings of a scenario's cache. */
  static final class Config {
    long maximumSize = -1;
    @Nullable Duration expireAfterWrite;
    @Nullable Duration expireAfterAccess;
    @Nullable Duration refreshAfterWrite;
    @Nullable ExpiryFn expiry;
    @Nullable Loader loader;
    boolean weakKeys;

    Config maximumSize(long size) {
      this.maximumSize = size;
      return this;
    }

    Config expireAfterWrite(Duration duration) {
      this.expireAfterWrite = duration;
      return this;
    }

    Config expireAfterAccess(Duration duration) {
      this.expireAfterAccess = duration;
      return this;
    }

    Config refreshAfterWrite(Duration duration) {
      this.refreshAfterWrite = duration;
      return this;
    }

    Config expiry(ExpiryFn expiry) {
      this.expiry = expiry;
      return this;
    }

    Config loader(Loader loader) {
      this.loader = loader;
      return this;
    }

    /** Holds keys weakly (the scenarios use small integers, which stay strongly reachable). */
    Config weakKeys() {
      this.weakKeys = true;
      return this;
    }
  }

  /** A cache of either library, seen through the operations the scenarios use. */
  interface TimedCache {
    @Nullable Integer getIfPresent(Integer key);

    @Nullable Integer get(Integer key);

    @Nullable Integer put(Integer key, Integer value);

    @Nullable Integer putIfAbsent(Integer key, Integer value);

    @Nullable Integer replace(Integer key, Integer value);

    boolean replace(Integer key, Integer oldValue, Integer newValue);

    /** Refreshes the key (a loading cache); returns the refresh's outcome if done, else "pending". */
    String refresh(Integer key);

    @Nullable Integer remove(Integer key);

    @Nullable Integer compute(Integer key, BiFunction<Integer, @Nullable Integer, @Nullable Integer> fn);

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

  /** Builds the cache of the library, reading time from {@code time} (nanoseconds). */
  static TimedCache build(Library library, Config config, AtomicLong time) {
    return (library == Library.LARDER) ? larder(config, time) : caffeine(config, time);
  }

  private static TimedCache larder(Config config, AtomicLong time) {
    List<String> removals = Collections.synchronizedList(new ArrayList<>());
    List<String> evictions = Collections.synchronizedList(new ArrayList<>());
    io.larder.cache.Caffeine<Object, Object> builder = io.larder.cache.Caffeine.newBuilder()
        .executor(Runnable::run)
        .ticker(time::get)
        .recordStats();
    if (config.maximumSize >= 0) {
      builder.maximumSize(config.maximumSize);
    }
    if (config.expireAfterWrite != null) {
      builder.expireAfterWrite(config.expireAfterWrite);
    }
    if (config.expireAfterAccess != null) {
      builder.expireAfterAccess(config.expireAfterAccess);
    }
    if (config.refreshAfterWrite != null) {
      builder.refreshAfterWrite(config.refreshAfterWrite);
    }
    if (config.weakKeys) {
      builder.weakKeys();
    }
    io.larder.cache.Caffeine<Integer, Integer> typed = builder
        .<Integer, Integer>removalListener((k, v, cause) -> removals.add(k + "=" + v + " " + cause))
        .evictionListener((k, v, cause) -> evictions.add(k + "=" + v + " " + cause));
    ExpiryFn fn = config.expiry;
    if (fn != null) {
      typed = typed.expireAfter(new io.larder.cache.Expiry<Integer, Integer>() {
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
      });
    }
    io.larder.cache.Cache<Integer, Integer> cache;
    Loader loader = config.loader;
    if (loader == null) {
      cache = typed.build();
    } else {
      cache = typed.build(new io.larder.cache.CacheLoader<Integer, Integer>() {
        @Override
        public @Nullable Integer load(Integer key) throws Exception {
          return loader.load(key, null);
        }

        @Override
        public @Nullable Integer reload(Integer key, Integer oldValue) throws Exception {
          return loader.load(key, oldValue);
        }
      });
    }
    io.larder.cache.Policy<Integer, Integer> policy = cache.policy();
    return new TimedCache() {
      private io.larder.cache.Policy.FixedExpiration<Integer, Integer> fixed(String name) {
        return (name.equals("access") ? policy.expireAfterAccess() : policy.expireAfterWrite())
            .orElseThrow();
      }

      @Override
      public @Nullable Integer getIfPresent(Integer key) {
        return cache.getIfPresent(key);
      }

      @Override
      public @Nullable Integer get(Integer key) {
        return ((io.larder.cache.LoadingCache<Integer, Integer>) cache).get(key);
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
        return describe(((io.larder.cache.LoadingCache<Integer, Integer>) cache).refresh(key));
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

  private static TimedCache caffeine(Config config, AtomicLong time) {
    List<String> removals = Collections.synchronizedList(new ArrayList<>());
    List<String> evictions = Collections.synchronizedList(new ArrayList<>());
    com.github.benmanes.caffeine.cache.Caffeine<Object, Object> builder = com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
        .executor(Runnable::run)
        .ticker(time::get)
        .recordStats();
    if (config.maximumSize >= 0) {
      builder.maximumSize(config.maximumSize);
    }
    if (config.expireAfterWrite != null) {
      builder.expireAfterWrite(config.expireAfterWrite);
    }
    if (config.expireAfterAccess != null) {
      builder.expireAfterAccess(config.expireAfterAccess);
    }
    if (config.refreshAfterWrite != null) {
      builder.refreshAfterWrite(config.refreshAfterWrite);
    }
    if (config.weakKeys) {
      builder.weakKeys();
    }
    com.github.benmanes.caffeine.cache.Caffeine<Integer, Integer> typed = builder
        .<Integer, Integer>removalListener((k, v, cause) -> removals.add(k + "=" + v + " " + cause))
        .evictionListener((k, v, cause) -> evictions.add(k + "=" + v + " " + cause));
    ExpiryFn fn = config.expiry;
    if (fn != null) {
      typed = typed.expireAfter(new com.github.benmanes.caffeine.cache.Expiry<Integer, Integer>() {
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
      });
    }
    com.github.benmanes.caffeine.cache.Cache<Integer, Integer> cache;
    Loader loader = config.loader;
    if (loader == null) {
      cache = typed.build();
    } else {
      cache = typed.build(new com.github.benmanes.caffeine.cache.CacheLoader<Integer, Integer>() {
        @Override
        public @Nullable Integer load(Integer key) throws Exception {
          return loader.load(key, null);
        }

        @Override
        public @Nullable Integer reload(Integer key, Integer oldValue) throws Exception {
          return loader.load(key, oldValue);
        }
      });
    }
    com.github.benmanes.caffeine.cache.Policy<Integer, Integer> policy = cache.policy();
    return new TimedCache() {
      private com.github.benmanes.caffeine.cache.Policy.FixedExpiration<Integer, Integer> fixed(String name) {
        return (name.equals("access") ? policy.expireAfterAccess() : policy.expireAfterWrite())
            .orElseThrow();
      }

      @Override
      public @Nullable Integer getIfPresent(Integer key) {
        return cache.getIfPresent(key);
      }

      @Override
      public @Nullable Integer get(Integer key) {
        return ((com.github.benmanes.caffeine.cache.LoadingCache<Integer, Integer>) cache).get(key);
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
        return describe(((com.github.benmanes.caffeine.cache.LoadingCache<Integer, Integer>) cache).refresh(key));
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
