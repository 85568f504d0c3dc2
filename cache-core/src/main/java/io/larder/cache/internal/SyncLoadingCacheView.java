package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.LoadingCache;
import io.larder.cache.RemovalCause;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code synchronous()} view of an asynchronous loading cache: {@link SyncCacheView} plus
 * {@code get}, {@code getAll}, and {@code refresh}, as Caffeine's.
 *
 * <p>A refresh of an absent (or failed) key is a load; of a key whose load is in flight, that load;
 * of a completed key, a call to the loader's {@code asyncReload}, registered in the storage's
 * {@code refreshes()} so that concurrent refreshes share it. When the reload completes, its value
 * replaces the entry only if the entry still holds the future the reload started from: a value
 * written meanwhile wins, and the discarded reload is reported to the removal listener.
 */
final class SyncLoadingCacheView<K, V> extends SyncCacheView<K, V> implements LoadingCache<K, V> {
  private static final Logger logger = System.getLogger(SyncLoadingCacheView.class.getName());

  private final LocalAsyncLoadingCache<K, V> loadingCache;

  SyncLoadingCacheView(LocalAsyncLoadingCache<K, V> loadingCache) {
    super(loadingCache);
    this.loadingCache = loadingCache;
  }

  @Override
  public V get(K key) {
    return resolve(loadingCache.get(key));
  }

  @Override
  public Map<K, V> getAll(Iterable<? extends K> keys) {
    return resolve(loadingCache.getAll(keys));
  }

  @Override
  public CompletableFuture<V> refresh(K key) {
    requireNonNull(key);
    Object keyReference = cache().referenceKey(key);
    for (; ; ) {
      CompletableFuture<V> future = tryOptimisticRefresh(key, keyReference);
      if (future == null) {
        future = tryComputeRefresh(key, keyReference);
      }
      if (future != null) {
        return future;
      }
    }
  }

  @Override
  public CompletableFuture<Map<K, V>> refreshAll(Iterable<? extends K> keys) {
    var result = new LinkedHashMap<K, CompletableFuture<V>>();
    for (K key : keys) {
      result.computeIfAbsent(key, this::refresh);
    }
    return LocalAsyncCache.composeResult(result);
  }

  /**
   * Returns the reload in flight, or the load in flight, or a new load of an absent or failed key;
   * {@code null} if the key's value has completed and no reload runs, to take the slow path.
   */
  @SuppressWarnings("FutureReturnValueIgnored")
  private @Nullable CompletableFuture<V> tryOptimisticRefresh(K key, Object keyReference) {
    // A reload in flight is returned; a completed one not yet removed is removed to start anew
    @SuppressWarnings("unchecked")
    var lastRefresh = (CompletableFuture<V>) cache().refreshes().get(keyReference);
    if (lastRefresh != null) {
      if (FutureValues.isReady(lastRefresh) || cache().isPendingEviction(key)) {
        cache().refreshes().remove(keyReference, lastRefresh);
      } else {
        return lastRefresh;
      }
    }

    // An absent key is loaded; a load in flight is returned
    CompletableFuture<V> oldValueFuture = cache().getIfPresentQuietly(key);
    if ((oldValueFuture == null)
        || (oldValueFuture.isDone() && oldValueFuture.isCompletedExceptionally())) {
      if (oldValueFuture != null) {
        cache().remove(key, oldValueFuture);
      }
      CompletableFuture<V> future =
          loadingCache.get(key, loadingCache.mappingFunction, /* recordStats= */ false);
      @SuppressWarnings("unchecked")
      var prior = (CompletableFuture<V>) cache().refreshes().putIfAbsent(keyReference, future);
      CompletableFuture<V> result = (prior == null) ? future : prior;
      result.whenComplete((r, e) -> cache().refreshes().remove(keyReference, result));
      return result;
    } else if (!oldValueFuture.isDone()) {
      return oldValueFuture;
    }
    return null;
  }

  /** Starts a reload if the key's value has completed and no reload is in flight. */
  @SuppressWarnings("FutureReturnValueIgnored")
  private @Nullable CompletableFuture<V> tryComputeRefresh(K key, Object keyReference) {
    long[] startTime = new long[1];
    boolean[] refreshed = new boolean[1];
    @SuppressWarnings({"rawtypes", "unchecked"})
    @Nullable CompletableFuture<V>[] oldValueFuture = new CompletableFuture[1];
    CompletableFuture<?> future =
        cache()
            .refreshes()
            .computeIfAbsent(
                keyReference,
                k -> {
                  oldValueFuture[0] = cache().getIfPresentQuietly(key);
                  V oldValue = FutureValues.getIfReady(oldValueFuture[0]);
                  if (oldValue == null) {
                    return null;
                  }
                  refreshed[0] = true;
                  startTime[0] = cache().statsTicker().read();
                  var reloadFuture =
                      LoaderCalls.unchecked(
                          () ->
                              loadingCache.cacheLoader.asyncReload(
                                  key, oldValue, cache().executor()));
                  return requireNonNull(reloadFuture, "Null future");
                });

    if (future == null) {
      return null; // retry the optimistic path
    }

    @SuppressWarnings("unchecked")
    var castedFuture = (CompletableFuture<V>) future;
    if (refreshed[0]) {
      castedFuture.whenComplete(
          (newValue, error) ->
              onReloaded(
                  key,
                  keyReference,
                  oldValueFuture[0],
                  castedFuture,
                  newValue,
                  error,
                  startTime[0]));
    }
    return castedFuture;
  }

  /** Applies a completed reload unless a write replaced the value it started from. */
  private void onReloaded(
      K key,
      Object keyReference,
      @Nullable CompletableFuture<V> oldValueFuture,
      CompletableFuture<V> reloadFuture,
      @Nullable V newValue,
      @Nullable Throwable error,
      long startTime) {
    long loadTime = cache().statsTicker().read() - startTime;
    if (error != null) {
      if (!(error instanceof CancellationException) && !(error instanceof TimeoutException)) {
        logger.log(Level.WARNING, "Exception thrown during refresh", error);
      }
      cache().refreshes().remove(keyReference, reloadFuture);
      cache().statsCounter().recordLoadFailure(loadTime);
      return;
    }

    try {
      boolean[] discard = new boolean[1];
      boolean[] preserveTimestamps = new boolean[1];
      CompletableFuture<V> value =
          cache()
              .compute(
                  key,
                  (ignored, currentValue) -> {
                    boolean successful = cache().refreshes().remove(keyReference, reloadFuture);
                    if (successful && (currentValue == oldValueFuture)) {
                      if (currentValue == reloadFuture) {
                        return currentValue; // the reload returned the same future
                      } else if ((currentValue != null)
                          && (newValue == FutureValues.getIfReady(currentValue))) {
                        return currentValue; // the reload returned the same value instance
                      }
                      return (newValue == null) ? null : reloadFuture;
                    }
                    // a write replaced or removed the value: discard the reload, and leave the
                    // entry's timestamps as that write left them
                    preserveTimestamps[0] = true;
                    discard[0] = true;
                    return currentValue;
                  },
                  cache().expiry(),
                  /* recordLoad= */ false,
                  /* recordLoadFailure= */ true,
                  preserveTimestamps);

      if (discard[0] && (newValue != null)) {
        RemovalCause cause = (value == null) ? RemovalCause.EXPLICIT : RemovalCause.REPLACED;
        cache().notifyRemoval(key, reloadFuture, cause);
      }
      if (newValue == null) {
        cache().statsCounter().recordLoadFailure(loadTime);
      } else {
        cache().statsCounter().recordLoadSuccess(loadTime);
      }
    } catch (Throwable t) {
      logger.log(Level.WARNING, "Exception thrown during asynchronous load", t);
      cache().statsCounter().recordLoadFailure(loadTime);
      cache().remove(key, reloadFuture);
    }
  }
}
