package io.larder.cache.testing;

import static io.larder.cache.testing.CaffeineConversions.toCaffeine;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Cache;
import io.larder.cache.CacheLoader;
import io.larder.cache.Caffeine;
import io.larder.cache.Expiry;
import io.larder.cache.LoadingCache;
import io.larder.cache.RemovalListener;
import io.larder.cache.Ticker;
import io.larder.cache.Weigher;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one scenario's cache, built the same way with Larder or with Caffeine 3.2.4 (the
 * reference, presented through Larder's interfaces by {@link AdaptedCache} and its nested kinds),
 * so that a scenario is written once against Larder's API and its observations compared. Settings
 * are given in Larder's types and converted for Caffeine by {@link CaffeineConversions}. What is
 * not set is left at the library's default, except the executor, which is a same-thread one unless
 * a scenario sets another, so that maintenance, notifications and reloads happen before the call
 * that caused them returns.
 */
public final class CacheSettings<K, V> {
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
  public CacheSettings<K, V> maximumSize(long maximumSize) {
    this.maximumSize = maximumSize;
    return this;
  }

  /** Bounds the cache to this total weight (with a {@link #weigher}). */
  public CacheSettings<K, V> maximumWeight(long maximumWeight) {
    this.maximumWeight = maximumWeight;
    return this;
  }

  /** Weighs the entries of a weight-bounded cache. */
  public CacheSettings<K, V> weigher(Weigher<? super K, ? super V> weigher) {
    this.weigher = weigher;
    return this;
  }

  /** Expires entries this long after they were written. */
  public CacheSettings<K, V> expireAfterWrite(Duration duration) {
    this.expireAfterWrite = duration;
    return this;
  }

  /** Expires entries this long after they were last read or written. */
  public CacheSettings<K, V> expireAfterAccess(Duration duration) {
    this.expireAfterAccess = duration;
    return this;
  }

  /** Reloads entries read this long after they were written (needs a {@link #loader}). */
  public CacheSettings<K, V> refreshAfterWrite(Duration duration) {
    this.refreshAfterWrite = duration;
    return this;
  }

  /** Gives each entry its own lifetime, by this expiry. */
  public CacheSettings<K, V> expireAfter(Expiry<? super K, ? super V> expiry) {
    this.expiry = expiry;
    return this;
  }

  /** Holds keys weakly (compared by identity). */
  public CacheSettings<K, V> weakKeys() {
    this.weakKeys = true;
    return this;
  }

  /** Holds values weakly (a synchronous cache only, in both libraries). */
  public CacheSettings<K, V> weakValues() {
    this.weakValues = true;
    return this;
  }

  /** Records statistics. */
  public CacheSettings<K, V> recordStats() {
    this.recordStats = true;
    return this;
  }

  /** Runs maintenance, notifications and reloads on this executor instead of the caller. */
  public CacheSettings<K, V> executor(Executor executor) {
    this.executor = executor;
    return this;
  }

  /** Reads time from this ticker (usually a {@link ManualTicker}). */
  public CacheSettings<K, V> ticker(Ticker ticker) {
    this.ticker = ticker;
    return this;
  }

  /** Notifies this listener of every removal. */
  public CacheSettings<K, V> removalListener(RemovalListener<? super K, ? super V> listener) {
    this.removalListener = listener;
    return this;
  }

  /** Notifies this listener of every eviction, within the operation that evicts. */
  public CacheSettings<K, V> evictionListener(RemovalListener<? super K, ? super V> listener) {
    this.evictionListener = listener;
    return this;
  }

  /**
   * The loader that {@link #build(Library)} and {@link #buildAsync(Library)} build a loading cache
   * with; {@link #build(Library)} needs a synchronous {@link CacheLoader}.
   */
  public CacheSettings<K, V> loader(AsyncCacheLoader<K, V> loader) {
    this.loader = loader;
    return this;
  }

  /** Builds a cache of the library: a loading cache if a loader is set, else a manual one. */
  public Cache<K, V> build(Library library) {
    if (loader == null) {
      return (library == Library.LARDER)
          ? larder().build()
          : new AdaptedCache<>(caffeine().build());
    } else if (loader instanceof CacheLoader<K, V> sync) {
      return build(library, sync);
    }
    throw new IllegalStateException("a synchronous cache needs a CacheLoader: " + loader);
  }

  /** Builds a loading cache of the library with the given loader. */
  public LoadingCache<K, V> build(Library library, CacheLoader<K, V> loader) {
    return (library == Library.LARDER)
        ? larder().build(loader)
        : new AdaptedCache.Loading<>(caffeine().build(toCaffeine(loader)));
  }

  /** Builds an asynchronous cache of the library: a loading one if a loader is set. */
  public AsyncCache<K, V> buildAsync(Library library) {
    if (loader != null) {
      return buildAsync(library, loader);
    }
    return (library == Library.LARDER)
        ? larder().buildAsync()
        : new AdaptedCache.Async<>(caffeine().buildAsync());
  }

  /** Builds an asynchronous loading cache of the library with the given loader. */
  public AsyncLoadingCache<K, V> buildAsync(Library library, AsyncCacheLoader<K, V> loader) {
    return (library == Library.LARDER)
        ? larder().buildAsync(loader)
        : new AdaptedCache.AsyncLoading<>(caffeine().buildAsync(toCaffeine(loader)));
  }

  @SuppressWarnings("unchecked")
  private Caffeine<K, V> larder() {
    Caffeine<Object, Object> builder = Caffeine.newBuilder().executor(executor);
    if (ticker != null) {
      builder.ticker(ticker);
    }
    applyUnconverted(builder::maximumSize, builder::maximumWeight, builder::expireAfterWrite,
        builder::expireAfterAccess, builder::refreshAfterWrite, builder::weakKeys,
        builder::weakValues, builder::recordStats);
    Caffeine<K, V> typed = (Caffeine<K, V>) (Caffeine<?, ?>) builder;
    if (weigher != null) {
      typed = typed.weigher(weigher);
    }
    if (expiry != null) {
      typed = typed.expireAfter(expiry);
    }
    if (removalListener != null) {
      typed = typed.removalListener(removalListener);
    }
    if (evictionListener != null) {
      typed = typed.evictionListener(evictionListener);
    }
    return typed;
  }

  @SuppressWarnings("unchecked")
  private com.github.benmanes.caffeine.cache.Caffeine<K, V> caffeine() {
    com.github.benmanes.caffeine.cache.Caffeine<Object, Object> builder =
        com.github.benmanes.caffeine.cache.Caffeine.newBuilder().executor(executor);
    if (ticker != null) {
      builder.ticker(toCaffeine(ticker));
    }
    applyUnconverted(builder::maximumSize, builder::maximumWeight, builder::expireAfterWrite,
        builder::expireAfterAccess, builder::refreshAfterWrite, builder::weakKeys,
        builder::weakValues, builder::recordStats);
    var typed = (com.github.benmanes.caffeine.cache.Caffeine<K, V>)
        (com.github.benmanes.caffeine.cache.Caffeine<?, ?>) builder;
    if (weigher != null) {
      typed = typed.weigher(CaffeineConversions.<K, V>toCaffeine(weigher));
    }
    if (expiry != null) {
      typed = typed.expireAfter(CaffeineConversions.<K, V>toCaffeine(expiry));
    }
    if (removalListener != null) {
      typed = typed.removalListener(CaffeineConversions.<K, V>toCaffeine(removalListener));
    }
    if (evictionListener != null) {
      typed = typed.evictionListener(CaffeineConversions.<K, V>toCaffeine(evictionListener));
    }
    return typed;
  }

  /** Applies the settings both builders take as they are, through one builder's methods. */
  private void applyUnconverted(LongConsumer maximumSize, LongConsumer maximumWeight,
      Consumer<Duration> expireAfterWrite, Consumer<Duration> expireAfterAccess,
      Consumer<Duration> refreshAfterWrite, Runnable weakKeys, Runnable weakValues,
      Runnable recordStats) {
    if (this.recordStats) {
      recordStats.run();
    }
    if (this.maximumSize >= 0) {
      maximumSize.accept(this.maximumSize);
    }
    if (this.maximumWeight >= 0) {
      maximumWeight.accept(this.maximumWeight);
    }
    if (this.expireAfterWrite != null) {
      expireAfterWrite.accept(this.expireAfterWrite);
    }
    if (this.expireAfterAccess != null) {
      expireAfterAccess.accept(this.expireAfterAccess);
    }
    if (this.refreshAfterWrite != null) {
      refreshAfterWrite.accept(this.refreshAfterWrite);
    }
    if (this.weakKeys) {
      weakKeys.run();
    }
    if (this.weakValues) {
      weakValues.run();
    }
  }
}
