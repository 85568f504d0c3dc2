package io.larder.cache.testing;

import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.CacheLoader;
import io.larder.cache.Expiry;
import io.larder.cache.RemovalCause;
import io.larder.cache.RemovalListener;
import io.larder.cache.Scheduler;
import io.larder.cache.Ticker;
import io.larder.cache.Weigher;
import io.larder.cache.stats.CacheStats;
import io.larder.cache.stats.StatsCounter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Converts between Caffeine 3.2.4's small types (statistics, causes, listeners, weighers, tickers,
 * schedulers, expiries, statistics counters, loaders) and Larder's same-named ones, so that
 * settings written with Larder's types can configure Caffeine's builder. Each conversion only
 * forwards, and {@code null} stays {@code null} so that Caffeine's own null checks are what a test
 * sees. A converted loader overrides what the original overrides and no more: a synchronous loader
 * forwards {@code load} and {@code reload} (and {@code loadAll} only if the original declares it,
 * because Caffeine loads one key at a time when {@code loadAll} is not overridden), an asynchronous
 * one its asynchronous methods; what is not forwarded is Caffeine's own default.
 */
@SuppressWarnings("NullAway")
public final class CaffeineConversions {
  private CaffeineConversions() {}

  /** Caffeine's statistics as Larder's. */
  public static CacheStats toLarder(com.github.benmanes.caffeine.cache.stats.CacheStats stats) {
    return CacheStats.of(
        stats.hitCount(),
        stats.missCount(),
        stats.loadSuccessCount(),
        stats.loadFailureCount(),
        stats.totalLoadTime(),
        stats.evictionCount(),
        stats.evictionWeight());
  }

  /** Larder's statistics as Caffeine's. */
  public static com.github.benmanes.caffeine.cache.stats.CacheStats toCaffeine(CacheStats stats) {
    return com.github.benmanes.caffeine.cache.stats.CacheStats.of(
        stats.hitCount(),
        stats.missCount(),
        stats.loadSuccessCount(),
        stats.loadFailureCount(),
        stats.totalLoadTime(),
        stats.evictionCount(),
        stats.evictionWeight());
  }

  /** Caffeine's removal cause as Larder's. */
  public static RemovalCause toLarder(com.github.benmanes.caffeine.cache.RemovalCause cause) {
    return RemovalCause.valueOf(cause.name());
  }

  /** Larder's removal cause as Caffeine's. */
  public static com.github.benmanes.caffeine.cache.RemovalCause toCaffeine(RemovalCause cause) {
    return com.github.benmanes.caffeine.cache.RemovalCause.valueOf(cause.name());
  }

  /** A Larder weigher as Caffeine's. */
  public static <K, V> com.github.benmanes.caffeine.cache.@Nullable Weigher<K, V> toCaffeine(
      @Nullable Weigher<? super K, ? super V> weigher) {
    return (weigher == null) ? null : weigher::weigh;
  }

  /** A Larder ticker as Caffeine's. */
  public static com.github.benmanes.caffeine.cache.@Nullable Ticker toCaffeine(
      @Nullable Ticker ticker) {
    return (ticker == null) ? null : ticker::read;
  }

  /** A Larder scheduler as Caffeine's. */
  public static com.github.benmanes.caffeine.cache.@Nullable Scheduler toCaffeine(
      @Nullable Scheduler scheduler) {
    return (scheduler == null) ? null : scheduler::schedule;
  }

  /** A Larder removal listener as Caffeine's: the cause is translated by name. */
  public static <K, V>
      com.github.benmanes.caffeine.cache.@Nullable RemovalListener<K, V> toCaffeine(
          @Nullable RemovalListener<? super K, ? super V> listener) {
    return (listener == null)
        ? null
        : (key, value, cause) -> listener.onRemoval(key, value, toLarder(cause));
  }

  /** A Larder expiry as Caffeine's. */
  public static <K, V> com.github.benmanes.caffeine.cache.@Nullable Expiry<K, V> toCaffeine(
      @Nullable Expiry<? super K, ? super V> expiry) {
    if (expiry == null) {
      return null;
    }
    return new com.github.benmanes.caffeine.cache.Expiry<>() {
      @Override
      public long expireAfterCreate(K key, V value, long currentTime) {
        return expiry.expireAfterCreate(key, value, currentTime);
      }

      @Override
      public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
        return expiry.expireAfterUpdate(key, value, currentTime, currentDuration);
      }

      @Override
      public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
        return expiry.expireAfterRead(key, value, currentTime, currentDuration);
      }
    };
  }

  /** A supplier of Larder statistics counters as one of Caffeine's. */
  public static @Nullable Supplier<com.github.benmanes.caffeine.cache.stats.StatsCounter>
      toCaffeine(@Nullable Supplier<? extends StatsCounter> supplier) {
    if (supplier == null) {
      return null;
    }
    return () -> {
      StatsCounter counter = supplier.get();
      return new com.github.benmanes.caffeine.cache.stats.StatsCounter() {
        @Override
        public void recordHits(int count) {
          counter.recordHits(count);
        }

        @Override
        public void recordMisses(int count) {
          counter.recordMisses(count);
        }

        @Override
        public void recordLoadSuccess(long loadTime) {
          counter.recordLoadSuccess(loadTime);
        }

        @Override
        public void recordLoadFailure(long loadTime) {
          counter.recordLoadFailure(loadTime);
        }

        @Override
        public void recordEviction(
            int weight, com.github.benmanes.caffeine.cache.RemovalCause cause) {
          counter.recordEviction(weight, toLarder(cause));
        }

        @Override
        public com.github.benmanes.caffeine.cache.stats.CacheStats snapshot() {
          return toCaffeine(counter.snapshot());
        }
      };
    };
  }

  /** A Larder loader as Caffeine's synchronous loader. */
  public static <K, V> com.github.benmanes.caffeine.cache.CacheLoader<K, V> toCaffeine(
      CacheLoader<K, V> loader) {
    return overridesBulk(loader) ? new BulkSyncLoader<>(loader) : new SyncLoader<>(loader);
  }

  /** A Larder asynchronous loader (or a synchronous one) as Caffeine's asynchronous loader. */
  public static <K, V> com.github.benmanes.caffeine.cache.AsyncCacheLoader<K, V> toCaffeine(
      AsyncCacheLoader<K, V> loader) {
    if (loader instanceof CacheLoader<K, V> sync) {
      return toCaffeine(sync);
    }
    return overridesBulk(loader) ? new BulkAsyncLoader<>(loader) : new AsyncLoader<>(loader);
  }

  /** Returns whether the loader declares its own bulk load (not the interfaces' default). */
  static boolean overridesBulk(AsyncCacheLoader<?, ?> loader) {
    try {
      if (loader instanceof CacheLoader<?, ?>
          && !loader
              .getClass()
              .getMethod("loadAll", Set.class)
              .getDeclaringClass()
              .equals(CacheLoader.class)) {
        return true;
      }
      Class<?> declaring =
          loader
              .getClass()
              .getMethod("asyncLoadAll", Set.class, Executor.class)
              .getDeclaringClass();
      return !declaring.equals(CacheLoader.class) && !declaring.equals(AsyncCacheLoader.class);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  private static class SyncLoader<K, V>
      implements com.github.benmanes.caffeine.cache.CacheLoader<K, V> {
    final CacheLoader<K, V> delegate;

    SyncLoader(CacheLoader<K, V> delegate) {
      this.delegate = delegate;
    }

    @Override
    public V load(K key) throws Exception {
      return delegate.load(key);
    }

    @Override
    public V reload(K key, V oldValue) throws Exception {
      return delegate.reload(key, oldValue);
    }
  }

  private static final class BulkSyncLoader<K, V> extends SyncLoader<K, V> {
    BulkSyncLoader(CacheLoader<K, V> delegate) {
      super(delegate);
    }

    @Override
    public Map<? extends K, ? extends V> loadAll(Set<? extends K> keys) throws Exception {
      return delegate.loadAll(keys);
    }
  }

  private static class AsyncLoader<K, V>
      implements com.github.benmanes.caffeine.cache.AsyncCacheLoader<K, V> {
    final AsyncCacheLoader<K, V> delegate;

    AsyncLoader(AsyncCacheLoader<K, V> delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableFuture<? extends V> asyncLoad(K key, Executor executor) throws Exception {
      return delegate.asyncLoad(key, executor);
    }

    @Override
    public CompletableFuture<? extends V> asyncReload(K key, V oldValue, Executor executor)
        throws Exception {
      return delegate.asyncReload(key, oldValue, executor);
    }
  }

  private static final class BulkAsyncLoader<K, V> extends AsyncLoader<K, V> {
    BulkAsyncLoader(AsyncCacheLoader<K, V> delegate) {
      super(delegate);
    }

    @Override
    public CompletableFuture<? extends Map<? extends K, ? extends V>> asyncLoadAll(
        Set<? extends K> keys, Executor executor) throws Exception {
      return delegate.asyncLoadAll(keys, executor);
    }
  }
}
