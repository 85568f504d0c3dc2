package io.larder.cache.testing;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Cache;
import io.larder.cache.CacheLoader;
import io.larder.cache.Expiry;
import io.larder.cache.LoadingCache;
import io.larder.cache.RemovalListener;
import io.larder.cache.Ticker;
import io.larder.cache.Weigher;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one scenario's cache, built the same way with Larder or with Caffeine 3.2.4 (the
 * reference, presented through Larder's interfaces by {@link AdaptedCache} and its nested kinds),
 * so that a scenario is written once against Larder's API and its observations compared. Settings
 * are given in Larder's types and applied through the library's {@link TestBuilder} (see {@link
 * Library}), which converts them for Caffeine with {@link CaffeineConversions}. What is
 * not set is left at the library's default, except the executor, which is a same-thread one unless
 * a scenario sets another, so that maintenance, notifications and reloads happen before the call
 * that caused them returns.
 */
public final class ScenarioSettings<K, V> {
  private long maximumSize = -1;
  private long maximumWeight = -1;
  private @Nullable Weigher<? super K, ? super V> weigher;
  private @Nullable Duration expireAfterWrite;
  private @Nullable Duration expireAfterAccess;
  private @Nullable Duration refreshAfterWrite;
  private @Nullable Expiry<? super K, ? super V> expiry;
  private boolean weakKeys;
  private boolean weakValues;
  private boolean recordStats;
  private Executor executor = Runnable::run;
  private @Nullable Ticker ticker;
  private @Nullable RemovalListener<? super K, ? super V> removalListener;
  private @Nullable RemovalListener<? super K, ? super V> evictionListener;
  private @Nullable AsyncCacheLoader<K, V> loader;

  /** Bounds the cache to this many entries. */
  public ScenarioSettings<K, V> maximumSize(long maximumSize) {
    this.maximumSize = maximumSize;
    return this;
  }

  /** Bounds the cache to this total weight (with a {@link #weigher}). */
  public ScenarioSettings<K, V> maximumWeight(long maximumWeight) {
    this.maximumWeight = maximumWeight;
    return this;
  }

  /** Weighs the entries of a weight-bounded cache. */
  public ScenarioSettings<K, V> weigher(Weigher<? super K, ? super V> weigher) {
    this.weigher = weigher;
    return this;
  }

  /** Expires entries this long after they were written. */
  public ScenarioSettings<K, V> expireAfterWrite(Duration duration) {
    this.expireAfterWrite = duration;
    return this;
  }

  /** Expires entries this long after they were last read or written. */
  public ScenarioSettings<K, V> expireAfterAccess(Duration duration) {
    this.expireAfterAccess = duration;
    return this;
  }

  /** Reloads entries read this long after they were written (needs a {@link #loader}). */
  public ScenarioSettings<K, V> refreshAfterWrite(Duration duration) {
    this.refreshAfterWrite = duration;
    return this;
  }

  /** Gives each entry its own lifetime, by this expiry. */
  public ScenarioSettings<K, V> expireAfter(Expiry<? super K, ? super V> expiry) {
    this.expiry = expiry;
    return this;
  }

  /** Holds keys weakly (compared by identity). */
  public ScenarioSettings<K, V> weakKeys() {
    this.weakKeys = true;
    return this;
  }

  /** Holds values weakly (a synchronous cache only, in both libraries). */
  public ScenarioSettings<K, V> weakValues() {
    this.weakValues = true;
    return this;
  }

  /** Records statistics. */
  public ScenarioSettings<K, V> recordStats() {
    this.recordStats = true;
    return this;
  }

  /** Runs maintenance, notifications and reloads on this executor instead of the caller. */
  public ScenarioSettings<K, V> executor(Executor executor) {
    this.executor = executor;
    return this;
  }

  /** Reads time from this ticker (usually a {@link ManualTicker}). */
  public ScenarioSettings<K, V> ticker(Ticker ticker) {
    this.ticker = ticker;
    return this;
  }

  /** Notifies this listener of every removal. */
  public ScenarioSettings<K, V> removalListener(RemovalListener<? super K, ? super V> listener) {
    this.removalListener = listener;
    return this;
  }

  /** Notifies this listener of every eviction, within the operation that evicts. */
  public ScenarioSettings<K, V> evictionListener(RemovalListener<? super K, ? super V> listener) {
    this.evictionListener = listener;
    return this;
  }

  /**
   * The loader that {@link #build(Library)} and {@link #buildAsync(Library)} build a loading cache
   * with; {@link #build(Library)} needs a synchronous {@link CacheLoader}.
   */
  public ScenarioSettings<K, V> loader(AsyncCacheLoader<K, V> loader) {
    this.loader = loader;
    return this;
  }

  /** Builds a cache of the library: a loading cache if a loader is set, else a manual one. */
  public Cache<K, V> build(Library library) {
    if (loader == null) {
      return configure(library).build();
    } else if (loader instanceof CacheLoader<K, V> sync) {
      return build(library, sync);
    }
    throw new IllegalStateException("a synchronous cache needs a CacheLoader: " + loader);
  }

  /** Builds a loading cache of the library with the given loader. */
  public LoadingCache<K, V> build(Library library, CacheLoader<K, V> loader) {
    return configure(library).buildLoading(loader);
  }

  /** Builds an asynchronous cache of the library: a loading one if a loader is set. */
  public AsyncCache<K, V> buildAsync(Library library) {
    if (loader != null) {
      return buildAsync(library, loader);
    }
    return configure(library).buildAsync();
  }

  /** Builds an asynchronous loading cache of the library with the given loader. */
  public AsyncLoadingCache<K, V> buildAsync(Library library, AsyncCacheLoader<K, V> loader) {
    return configure(library).buildAsyncLoading(loader);
  }

  /**
   * Returns the library's builder with these settings applied, in one order for both libraries:
   * executor, ticker, statistics, bounds, lifetimes, reference strengths, weigher, expiry,
   * listeners.
   */
  @SuppressWarnings("unchecked")
  private TestBuilder configure(Library library) {
    TestBuilder builder = library.builder(null, null).executor(executor);
    if (ticker != null) {
      builder.ticker(ticker);
    }
    if (recordStats) {
      builder.recordStats();
    }
    if (maximumSize >= 0) {
      builder.maximumSize(maximumSize);
    }
    if (maximumWeight >= 0) {
      builder.maximumWeight(maximumWeight);
    }
    if (expireAfterWrite != null) {
      builder.expireAfterWrite(expireAfterWrite);
    }
    if (expireAfterAccess != null) {
      builder.expireAfterAccess(expireAfterAccess);
    }
    if (refreshAfterWrite != null) {
      builder.refreshAfterWrite(refreshAfterWrite);
    }
    if (weakKeys) {
      builder.weakKeys();
    }
    if (weakValues) {
      builder.weakValues();
    }
    if (weigher != null) {
      builder.weigher((Weigher<Object, Object>) weigher);
    }
    if (expiry != null) {
      builder.expireAfter((Expiry<Object, Object>) expiry);
    }
    if (removalListener != null) {
      builder.removalListener((RemovalListener<Object, Object>) removalListener);
    }
    if (evictionListener != null) {
      builder.evictionListener((RemovalListener<Object, Object>) evictionListener);
    }
    return builder;
  }
}
