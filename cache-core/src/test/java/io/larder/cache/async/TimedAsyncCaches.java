package io.larder.cache.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Caffeine;
import io.larder.cache.Expiry;
import io.larder.cache.Policy;
import io.larder.cache.stats.CacheStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Builds the same time-based asynchronous cache with Larder and with Caffeine 3.2.4 (the
 * reference, seen through Larder's interfaces by {@link CaffeineAdapters}), driven by a manual
 * ticker and a same-thread executor, so that an expiration or refresh scenario is written once
 * against Larder's API and its observations compared.
 */
final class TimedAsyncCaches {
  private TimedAsyncCaches() {}

  /** The ticker's reading when a scenario starts: odd, as a real clock's readings may be. */
  static final long START = 1_001;

  /** The two implementations under comparison. */
  enum Library {
    LARDER,
    CAFFEINE
  }

  /** A reload or load rule: {@code oldValue} is {@code null} for a load. */
  @FunctionalInterface
  interface LoadFn {
    @Nullable Integer load(Integer key, @Nullable Integer oldValue) throws Exception;
  }

  /** The settings of a scenario's cache. */
  static final class Config {
    long maximumSize = -1;
    @Nullable Duration expireAfterWrite;
    @Nullable Duration expireAfterAccess;
    @Nullable Duration refreshAfterWrite;
    @Nullable Function<List<String>, Expiry<Integer, Integer>> expiry;
    boolean loading;

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
      this.loading = true;
      return this;
    }

    /** A variable expiry made for each run, which may log its calls to the given list. */
    Config expiry(Function<List<String>, Expiry<Integer, Integer>> expiry) {
      this.expiry = expiry;
      return this;
    }

    /** Builds an {@code AsyncLoadingCache} with the run's {@link ScriptedLoader}. */
    Config loading() {
      this.loading = true;
      return this;
    }
  }

  /**
   * A loader whose results a scenario scripts: by default a load gives the key times ten and a
   * reload the old value plus one. {@link #fn} may throw (the future fails) or return {@code null};
   * with {@link #deferred} the futures stay pending until the scenario completes them.
   */
  static final class ScriptedLoader implements AsyncCacheLoader<Integer, Integer> {
    LoadFn fn = (key, oldValue) -> (oldValue == null) ? key * 10 : oldValue + 1;
    boolean deferred;
    boolean throwsOnReload;
    final List<CompletableFuture<Integer>> pending = new ArrayList<>();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    @Override
    public CompletableFuture<Integer> asyncLoad(Integer key, Executor executor) {
      calls.add("load " + key);
      return supply(key, null);
    }

    @Override
    public CompletableFuture<Integer> asyncReload(
        Integer key, Integer oldValue, Executor executor) {
      calls.add("reload " + key + " from " + oldValue);
      if (throwsOnReload) {
        throw new IllegalStateException("reload refused (expected by the test)");
      }
      return supply(key, oldValue);
    }

    private CompletableFuture<Integer> supply(Integer key, @Nullable Integer oldValue) {
      if (deferred) {
        var future = new CompletableFuture<Integer>();
        pending.add(future);
        return future;
      }
      try {
        return CompletableFuture.completedFuture(fn.load(key, oldValue));
      } catch (Exception e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    /** Returns the oldest pending future, which the scenario then completes. */
    CompletableFuture<Integer> next() {
      return pending.remove(0);
    }
  }

  /** One library's run of a scenario: the cache, its clock, loader, expiry log and listeners. */
  static final class Run {
    final Library library;
    final AtomicLong time = new AtomicLong(START);
    final ScriptedLoader loader = new ScriptedLoader();
    final List<String> expiryCalls = Collections.synchronizedList(new ArrayList<>());
    final Removals<Integer, Integer> removals = new Removals<>();
    final Removals<Integer, Integer> evictions = new Removals<>();
    final AsyncCache<Integer, Integer> cache;

    Run(Library library, Config config) {
      this.library = library;
      this.cache = (library == Library.LARDER) ? larder(config) : caffeine(config);
    }

    AsyncLoadingCache<Integer, Integer> loading() {
      return (AsyncLoadingCache<Integer, Integer>) cache;
    }

    Policy<Integer, Integer> policy() {
      return cache.synchronous().policy();
    }

    Policy.FixedExpiration<Integer, Integer> afterWrite() {
      return policy().expireAfterWrite().orElseThrow();
    }

    Policy.FixedExpiration<Integer, Integer> afterAccess() {
      return policy().expireAfterAccess().orElseThrow();
    }

    Policy.VarExpiration<Integer, Integer> variable() {
      return policy().expireVariably().orElseThrow();
    }

    Policy.FixedRefresh<Integer, Integer> refresh() {
      return policy().refreshAfterWrite().orElseThrow();
    }

    void advance(Duration duration) {
      time.addAndGet(duration.toNanos());
    }

    /** Returns the entry's snapshot, expiration and refresh times, or an empty list if absent. */
    List<Long> entryTimes(Integer key) {
      Policy.CacheEntry<Integer, Integer> entry = policy().getEntryIfPresentQuietly(key);
      return (entry == null)
          ? List.of()
          : List.of(entry.snapshotAt(), entry.expiresAt(), entry.refreshableAt());
    }

    /**
     * Returns what both libraries must agree on at this point: the futures map (keys and future
     * states), the synchronous view, the estimated size, the notifications so far, the statistics,
     * the loader's and the expiry's calls so far.
     */
    List<Object> observe() {
      List<Object> seen = new ArrayList<>();
      Map<Integer, String> futures = new TreeMap<>();
      cache.asMap().forEach((key, future) -> futures.put(key, state(future)));
      seen.add(futures);
      seen.add(new TreeMap<>(cache.synchronous().asMap()));
      seen.add(cache.synchronous().estimatedSize());
      seen.add(removals.list());
      seen.add(evictions.list());
      seen.add(stats(cache));
      seen.add(List.copyOf(loader.calls));
      seen.add(List.copyOf(expiryCalls));
      return seen;
    }

    private AsyncCache<Integer, Integer> larder(Config config) {
      Caffeine<Object, Object> builder = Caffeine.newBuilder()
          .ticker(time::get)
          .executor(Runnable::run)
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
      Caffeine<Integer, Integer> typed =
          builder.<Integer, Integer>removalListener(removals).evictionListener(evictions);
      if (config.expiry != null) {
        typed = typed.expireAfter(config.expiry.apply(expiryCalls));
      }
      return config.loading ? typed.buildAsync(loader) : typed.buildAsync();
    }

    private AsyncCache<Integer, Integer> caffeine(Config config) {
      com.github.benmanes.caffeine.cache.Caffeine<Object, Object> builder =
          com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
              .ticker(time::get)
              .executor(Runnable::run)
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
      com.github.benmanes.caffeine.cache.Caffeine<Integer, Integer> typed = builder
          .<Integer, Integer>removalListener(CaffeineAdapters.listener(removals))
          .evictionListener(CaffeineAdapters.listener(evictions));
      if (config.expiry != null) {
        typed = typed.expireAfter(caffeineExpiry(config.expiry.apply(expiryCalls)));
      }
      return config.loading
          ? new CaffeineAdapters.AsyncLoadingCacheAdapter<>(
              typed.buildAsync(CaffeineAdapters.loader(loader)))
          : new CaffeineAdapters.AsyncCacheAdapter<>(typed.buildAsync());
    }
  }

  private static com.github.benmanes.caffeine.cache.Expiry<Integer, Integer> caffeineExpiry(
      Expiry<Integer, Integer> expiry) {
    return new com.github.benmanes.caffeine.cache.Expiry<>() {
      @Override
      public long expireAfterCreate(Integer key, Integer value, long currentTime) {
        return expiry.expireAfterCreate(key, value, currentTime);
      }

      @Override
      public long expireAfterUpdate(
          Integer key, Integer value, long currentTime, long currentDuration) {
        return expiry.expireAfterUpdate(key, value, currentTime, currentDuration);
      }

      @Override
      public long expireAfterRead(
          Integer key, Integer value, long currentTime, long currentDuration) {
        return expiry.expireAfterRead(key, value, currentTime, currentDuration);
      }
    };
  }

  /**
   * An expiry that logs each call (with the time relative to {@link #START} and the current
   * duration) and gives every entry {@code create} on creation and update, and leaves reads as
   * they are unless {@code read} is positive.
   */
  static Function<List<String>, Expiry<Integer, Integer>> loggingExpiry(
      Duration create, Duration read) {
    return log -> new Expiry<>() {
      @Override
      public long expireAfterCreate(Integer key, Integer value, long currentTime) {
        log.add("create " + key + "=" + value + " at " + (currentTime - START));
        return create.toNanos();
      }

      @Override
      public long expireAfterUpdate(
          Integer key, Integer value, long currentTime, long currentDuration) {
        log.add("update " + key + "=" + value + " at " + (currentTime - START)
            + " current " + currentDuration);
        return create.toNanos();
      }

      @Override
      public long expireAfterRead(
          Integer key, Integer value, long currentTime, long currentDuration) {
        log.add("read " + key + "=" + value + " at " + (currentTime - START)
            + " current " + currentDuration);
        return read.isZero() ? currentDuration : read.toNanos();
      }
    };
  }

  /** Runs the scenario on both libraries and asserts the same observations; returns Larder's. */
  static List<Object> assertSameAsCaffeine(
      Supplier<Config> config, Function<Run, List<Object>> scenario) {
    List<Object> caffeine = scenario.apply(new Run(Library.CAFFEINE, config.get()));
    List<Object> larder = scenario.apply(new Run(Library.LARDER, config.get()));
    assertThat(larder).isEqualTo(caffeine);
    return larder;
  }

  /** Describes a future as a scenario compares it: absent, pending, its value, or its failure. */
  static String state(@Nullable CompletableFuture<?> future) {
    if (future == null) {
      return "absent";
    } else if (!future.isDone()) {
      return "pending";
    }
    try {
      return "done " + future.join();
    } catch (CancellationException e) {
      return "cancelled";
    } catch (CompletionException e) {
      Throwable cause = (e.getCause() == null) ? e : e.getCause();
      return "failed " + cause.getClass().getSimpleName();
    }
  }

  /** Returns the outcome of an action: its result, or the class of what it threw. */
  static String outcome(Supplier<?> action) {
    try {
      Object result = action.get();
      return (result instanceof CompletableFuture<?> future) ? state(future) : "" + result;
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName();
    }
  }

  /** Returns the statistics both libraries report, without timings. */
  static List<Long> stats(AsyncCache<?, ?> cache) {
    CacheStats stats = cache.synchronous().stats();
    return List.of(stats.hitCount(), stats.missCount(), stats.loadSuccessCount(),
        stats.loadFailureCount(), stats.evictionCount(), stats.evictionWeight());
  }
}
