package io.larder.cache.internal;

import io.larder.cache.Expiry;
import io.larder.cache.Policy;
import io.larder.cache.RemovalCause;
import io.larder.cache.Ticker;
import io.larder.cache.stats.StatsCounter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The contract between a cache's storage (the hash table and its policies) and the adapters that
 * present it as a {@code Cache}, {@code LoadingCache}, {@code AsyncCache} or {@code
 * AsyncLoadingCache}.
 *
 * <p>A {@code LocalCache} is itself the {@code asMap()} view of a synchronous cache: the {@link
 * ConcurrentMap} methods behave as Caffeine's map view does (no statistics on {@code get}, the
 * listener told of every removal and replacement, {@code compute*} and {@code merge} atomic per
 * key). The extra methods below carry the flags the adapters need to count hits, misses and loads
 * as Caffeine does.
 *
 * <p>Two implementations: {@code UnboundedLocalCache} (a plain concurrent hash map, used when no
 * size, weight, memory, time or reference policy is configured) and {@code BoundedLocalCache}. An
 * asynchronous cache is a {@code LocalCache<K, CompletableFuture<V>>} created with {@code isAsync}
 * set; its weigher, expiry and listeners are adapted to futures by the factory.
 */
interface LocalCache<K, V> extends ConcurrentMap<K, V> {

  /** Returns whether this cache stores futures on behalf of an asynchronous cache. */
  boolean isAsync();

  /** Returns whether statistics are recorded. */
  boolean isRecordingStats();

  /** Returns the statistics counter (a disabled one when statistics are off). */
  StatsCounter statsCounter();

  /** Returns the time source for load timings. */
  Ticker statsTicker();

  /** Returns the executor for listeners, asynchronous loads and maintenance. */
  Executor executor();

  /** Returns the settings this cache was built with. */
  CacheSettings<K, V> settings();

  /**
   * Tells the removal listener, if any, on the executor; a listener or executor failure is logged
   * and never reaches the caller.
   */
  void notifyRemoval(@Nullable K key, @Nullable V value, RemovalCause cause);

  /**
   * Returns the reloads in flight, keyed by the key as stored (the weak-key reference in a
   * weak-keyed cache, see {@link #referenceKey}).
   */
  ConcurrentMap<Object, CompletableFuture<?>> refreshes();

  /** Returns the variable expiry, if configured. */
  @Nullable Expiry<K, V> expiry();

  /**
   * Starts the reload of a key for refresh after write: the loading cache's {@code
   * asyncReload(key, oldValue, executor)}.
   */
  @FunctionalInterface
  interface Reloader<K> {
    /**
     * Returns the reload of the key from its old value (the completed value of an asynchronous
     * cache's future), which completes with the new value or {@code null}.
     */
    CompletableFuture<?> reload(K key, Object oldValue) throws Exception;
  }

  /**
   * Registers how a loading cache reloads a key, for refresh after write; storage without refresh
   * after write ignores it.
   */
  default void setReloader(Reloader<K> reloader) {}

  /**
   * Returns whether the key's entry is present but collected or expired, about to be removed; a
   * refresh of it loads the key anew instead of joining a reload in flight.
   */
  default boolean isPendingEviction(K key) {
    return false;
  }

  /** Returns the key as stored in {@link #refreshes()}: itself, or a lookup by identity. */
  Object referenceKey(K key);

  /** Returns the number of entries, approximately (may include entries pending removal). */
  long estimatedSize();

  /**
   * Returns the value of a live entry, or {@code null}; counts a hit or a miss when {@code
   * recordStats}, and records the read in the policy.
   */
  @Nullable V getIfPresent(Object key, boolean recordStats);

  /** Returns the value of a live entry without statistics or policy side effects. */
  @Nullable V getIfPresentQuietly(Object key);

  /** Returns the present entries for the keys, counting one hit or miss per distinct key. */
  Map<K, V> getAllPresent(Iterable<? extends K> keys);

  /**
   * Replaces the value of a present entry whose value is {@code oldValue} (by identity for async
   * futures, by equality otherwise); when {@code shouldDiscardRefresh}, a reload in flight for the
   * key is discarded so that the written value wins.
   */
  boolean replace(K key, V oldValue, V newValue, boolean shouldDiscardRefresh);

  /**
   * Returns the value of the key, computing it with {@code mappingFunction} if absent; the function
   * runs at most once per key at a time. A miss is counted when {@code recordStats}; a load
   * success or failure (null result or exception) when {@code recordLoad}.
   */
  @Nullable V computeIfAbsent(
      K key,
      Function<? super K, ? extends @Nullable V> mappingFunction,
      boolean recordStats,
      boolean recordLoad);

  @Override
  default @Nullable V computeIfAbsent(
      K key, Function<? super K, ? extends @Nullable V> mappingFunction) {
    return computeIfAbsent(key, mappingFunction, /* recordStats= */ true, /* recordLoad= */ true);
  }

  /**
   * Computes a new mapping for the key; a {@code null} result removes it. Records a load success
   * or failure when {@code recordLoad}, and a failure on exception when {@code recordLoadFailure}.
   * With a variable {@code expiry}, the new entry's lifetime comes from it.
   */
  @Nullable V compute(
      K key,
      BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> remappingFunction,
      @Nullable Expiry<? super K, ? super V> expiry,
      boolean recordLoad,
      boolean recordLoadFailure);

  /**
   * As {@link #compute(Object, BiFunction, Expiry, boolean, boolean)}, for a refresh whose result
   * is discarded: a remapping function that sets {@code preserveTimestamps[0]} and returns the
   * current value leaves the entry as it is (its write, access and expiration times are not
   * touched, as Caffeine's are not), so that discarding a reload never stomps on a write. Storage
   * without timestamps ignores the flag.
   */
  default @Nullable V compute(
      K key,
      BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> remappingFunction,
      @Nullable Expiry<? super K, ? super V> expiry,
      boolean recordLoad,
      boolean recordLoadFailure,
      boolean[] preserveTimestamps) {
    return compute(key, remappingFunction, expiry, recordLoad, recordLoadFailure);
  }

  @Override
  default @Nullable V compute(
      K key, BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> remappingFunction) {
    return compute(key, remappingFunction, expiry(), true, true);
  }

  /** Discards the entries of the keys, telling the listener with cause EXPLICIT. */
  default void invalidateAll(Iterable<?> keys) {
    for (Object key : keys) {
      remove(key);
    }
  }

  /** Performs pending maintenance: drains buffers, expires, evicts, removes collected entries. */
  void cleanUp();

  /**
   * Returns the policy views of this storage, with values as stored (futures for an async
   * cache); the async adapter presents them with completed values.
   */
  Policy<K, V> policy();

  /**
   * Tells the listener that {@code oldValue} was replaced by {@code newValue} (cause REPLACED),
   * unless they are the same instance; for an async cache, once both futures have completed and
   * only if their values differ.
   */
  default void notifyOnReplace(K key, @Nullable V oldValue, V newValue) {
    if (oldValue == null || oldValue == newValue) {
      return;
    } else if (isAsync()) {
      CompletableFuture<?> oldFuture = (CompletableFuture<?>) oldValue;
      CompletableFuture<?> newFuture = (CompletableFuture<?>) newValue;
      newFuture.whenComplete(
          (nv, e) -> {
            if (e == null) {
              oldFuture.thenAccept(
                  ov -> {
                    if (nv != ov) {
                      notifyRemoval(key, oldValue, RemovalCause.REPLACED);
                    }
                  });
            } else {
              notifyRemoval(key, oldValue, RemovalCause.REPLACED);
            }
          });
    } else {
      notifyRemoval(key, oldValue, RemovalCause.REPLACED);
    }
  }

  /**
   * Wraps a mapping function so that it counts a miss, and (when {@code recordLoad}) a load
   * success or failure with its duration, as Caffeine does for {@code get(key, function)}.
   */
  default <T, R> Function<? super T, ? extends @Nullable R> statsAware(
      Function<? super T, ? extends @Nullable R> mappingFunction, boolean recordLoad) {
    if (!isRecordingStats()) {
      return mappingFunction;
    }
    return key -> {
      statsCounter().recordMisses(1);
      long startTime = statsTicker().read();
      R value;
      try {
        value = mappingFunction.apply(key);
      } catch (Throwable t) {
        // Throwable, as Caffeine: a checked exception thrown sneakily is a failed load too
        statsCounter().recordLoadFailure(statsTicker().read() - startTime);
        throw t;
      }
      long loadTime = statsTicker().read() - startTime;
      if (recordLoad) {
        if (value == null) {
          statsCounter().recordLoadFailure(loadTime);
        } else {
          statsCounter().recordLoadSuccess(loadTime);
        }
      }
      return value;
    };
  }

  /**
   * Wraps a remapping function so that it counts a load success or failure with its duration, as
   * Caffeine does for {@code compute} and {@code merge}.
   */
  default <T, U, R> BiFunction<? super T, ? super U, ? extends @Nullable R> statsAware(
      BiFunction<? super T, ? super U, ? extends @Nullable R> remappingFunction,
      boolean recordLoad,
      boolean recordLoadFailure) {
    if (!isRecordingStats()) {
      return remappingFunction;
    }
    return (t, u) -> {
      long startTime = statsTicker().read();
      R result;
      try {
        result = remappingFunction.apply(t, u);
      } catch (RuntimeException | Error e) {
        if (recordLoadFailure) {
          statsCounter().recordLoadFailure(statsTicker().read() - startTime);
        }
        throw e;
      }
      long loadTime = statsTicker().read() - startTime;
      if (recordLoad) {
        if (result == null) {
          statsCounter().recordLoadFailure(loadTime);
        } else {
          statsCounter().recordLoadSuccess(loadTime);
        }
      }
      return result;
    };
  }
}
