package io.larder.cache.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Expiry;
import io.larder.cache.Policy;
import io.larder.cache.stats.CacheStats;
import io.larder.cache.testing.Library;
import io.larder.cache.testing.LoadFunction;
import io.larder.cache.testing.ManualTicker;
import io.larder.cache.testing.ScenarioSettings;
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
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs a time-based asynchronous scenario on the same cache built with Larder and with Caffeine
 * 3.2.4 (the reference, built by {@link ScenarioSettings}), driven by a {@link ManualTicker} and a
 * same-thread executor, with a scripted loader, a logged expiry and recorded notifications, so
 * that an expiration or refresh scenario is written once against Larder's API and its
 * observations compared.
 */
final class TimedAsyncCaches {
  private TimedAsyncCaches() {}

  /** The ticker's reading when a scenario starts: odd, as a real clock's readings may be. */
  static final long START = 1_001;

  /** Returns empty settings of an integer cache, for a scenario to fill in. */
  static ScenarioSettings<Integer, Integer> settings() {
    return new ScenarioSettings<>();
  }

  /**
   * A loader whose results a scenario scripts: by default a load gives the key times ten and a
   * reload the old value plus one. {@link #fn} may throw (the future fails) or return {@code null};
   * with {@link #deferred} the futures stay pending until the scenario completes them.
   */
  static final class ScriptedLoader implements AsyncCacheLoader<Integer, Integer> {
    LoadFunction<Integer, Integer> fn =
        (key, oldValue) -> (oldValue == null) ? key * 10 : oldValue + 1;
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
    final ManualTicker time = new ManualTicker(START);
    final ScriptedLoader loader = new ScriptedLoader();
    final List<String> expiryCalls = Collections.synchronizedList(new ArrayList<>());
    final Removals<Integer, Integer> removals = new Removals<>();
    final Removals<Integer, Integer> evictions = new Removals<>();
    final AsyncCache<Integer, Integer> cache;

    /**
     * Builds the run's cache from the settings the scenario gives for this run (which may use the
     * run's {@link #loader} and {@link #expiryCalls}), with the run's ticker, statistics and
     * listeners.
     */
    Run(Library library, Function<Run, ScenarioSettings<Integer, Integer>> settings) {
      this.library = library;
      this.cache = settings.apply(this)
          .ticker(time)
          .recordStats()
          .removalListener(removals)
          .evictionListener(evictions)
          .buildAsync(library);
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
      time.advance(duration);
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
  }

  /**
   * An expiry that logs each call (with the time relative to {@link #START} and the current
   * duration) and gives every entry {@code create} on creation and update, and leaves reads as
   * they are unless {@code read} is positive.
   */
  static Expiry<Integer, Integer> loggingExpiry(List<String> log, Duration create, Duration read) {
    return new Expiry<>() {
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
      Function<Run, ScenarioSettings<Integer, Integer>> settings,
      Function<Run, List<Object>> scenario) {
    List<Object> caffeine = scenario.apply(new Run(Library.CAFFEINE, settings));
    List<Object> larder = scenario.apply(new Run(Library.LARDER, settings));
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
