package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.AsyncCache;
import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Policy;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AsyncCache} over a storage of futures ({@code LocalCache<K, CompletableFuture<V>>},
 * bounded or not), with Caffeine's semantics.
 *
 * <p>A future is stored as soon as it is created and is visible to other callers for the same key,
 * so that a load runs at most once. When it completes, the adapter either replaces the entry with
 * itself (so that the storage re-weighs it and restarts its expiration with the value known) and
 * records a load success, or, if it failed or completed with {@code null}, removes it and records a
 * load failure. Statistics of loads are therefore taken when the future completes, with the time
 * from the call to the completion.
 */
class LocalAsyncCache<K, V> implements AsyncCache<K, V>, CacheInsight.InsightSource {
  static final Logger logger = System.getLogger(LocalAsyncCache.class.getName());

  final LocalCache<K, CompletableFuture<V>> cache;

  private @Nullable AsyncMapView<K, V> asMapView;
  private @Nullable Cache<K, V> cacheView;
  private @Nullable AsyncPolicy<K, V> policy;
  private @Nullable CacheInsight insight;

  /** Creates an asynchronous cache over the storage of futures. */
  public LocalAsyncCache(LocalCache<K, CompletableFuture<V>> cache) {
    this.cache = requireNonNull(cache);
  }

  /** Returns the storage of futures. */
  final LocalCache<K, CompletableFuture<V>> cache() {
    return cache;
  }

  @Override
  public @Nullable CompletableFuture<V> getIfPresent(K key) {
    return cache.getIfPresent(key, /* recordStats= */ true);
  }

  @Override
  public CompletableFuture<V> get(K key, Function<? super K, ? extends V> mappingFunction) {
    requireNonNull(mappingFunction);
    return get(
        key,
        (k, executor) -> CompletableFuture.supplyAsync(() -> mappingFunction.apply(k), executor));
  }

  @Override
  public CompletableFuture<V> get(
      K key,
      BiFunction<? super K, ? super Executor, ? extends CompletableFuture<? extends V>>
          mappingFunction) {
    return get(key, mappingFunction, /* recordStats= */ true);
  }

  /**
   * Returns the future of the key, starting a load with {@code mappingFunction} if absent; counts a
   * hit or miss when {@code recordStats}, and the load's outcome when its future completes.
   */
  final CompletableFuture<V> get(
      K key,
      BiFunction<? super K, ? super Executor, ? extends CompletableFuture<? extends V>>
          mappingFunction,
      boolean recordStats) {
    requireNonNull(mappingFunction);
    long startTime = cache.statsTicker().read();
    @SuppressWarnings({"rawtypes", "unchecked"})
    CompletableFuture<V>[] created = new CompletableFuture[1];
    CompletableFuture<V> future =
        cache.computeIfAbsent(
            key,
            k -> {
              @SuppressWarnings("unchecked")
              CompletableFuture<V> loading =
                  (CompletableFuture<V>) mappingFunction.apply(key, cache.executor());
              created[0] = requireNonNull(loading);
              return loading;
            },
            recordStats,
            /* recordLoad= */ false);
    if (created[0] != null) {
      handleCompletion(key, created[0], startTime, /* recordMiss= */ false);
    }
    return requireNonNull(future);
  }

  @Override
  public CompletableFuture<Map<K, V>> getAll(
      Iterable<? extends K> keys,
      Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>>
          mappingFunction) {
    requireNonNull(mappingFunction);
    return getAll(
        keys,
        (keysToLoad, executor) ->
            CompletableFuture.supplyAsync(() -> mappingFunction.apply(keysToLoad), executor));
  }

  @Override
  public CompletableFuture<Map<K, V>> getAll(
      Iterable<? extends K> keys,
      BiFunction<
              ? super Set<? extends K>,
              ? super Executor,
              ? extends CompletableFuture<? extends Map<? extends K, ? extends V>>>
          mappingFunction) {
    requireNonNull(mappingFunction);
    requireNonNull(keys);

    var futures = new LinkedHashMap<K, CompletableFuture<V>>();
    var proxies = new LinkedHashMap<K, CompletableFuture<V>>();
    for (K key : keys) {
      if (futures.containsKey(key)) {
        continue;
      }
      CompletableFuture<V> future = cache.getIfPresent(key, /* recordStats= */ false);
      if (future == null) {
        var proxy = new CompletableFuture<V>();
        future = cache.putIfAbsent(key, proxy);
        if (future == null) {
          future = proxy;
          proxies.put(key, proxy);
        }
      }
      futures.put(key, future);
    }
    cache.statsCounter().recordMisses(proxies.size());
    cache.statsCounter().recordHits(futures.size() - proxies.size());
    if (proxies.isEmpty()) {
      return composeResult(futures);
    }

    var completer = new AsyncBulkCompleter<>(cache, proxies);
    try {
      // A null future fails here, inside the try, so that the placeholders are failed and removed
      CompletableFuture<? extends Map<? extends K, ? extends V>> loader =
          mappingFunction.apply(Collections.unmodifiableSet(proxies.keySet()), cache.executor());
      return loader.handle(completer).thenCompose(ignored -> composeResult(futures));
    } catch (Throwable t) {
      throw completer.error(t);
    }
  }

  /**
   * Returns a future of the values of all the futures once they have all completed, leaving out
   * those that completed with {@code null}; it fails if any of them fails.
   */
  static <K, V> CompletableFuture<Map<K, V>> composeResult(
      Map<K, ? extends CompletableFuture<? extends @Nullable V>> futures) {
    if (futures.isEmpty()) {
      return CompletableFuture.completedFuture(Collections.unmodifiableMap(Collections.emptyMap()));
    }
    CompletableFuture<?>[] array = futures.values().toArray(new CompletableFuture<?>[0]);
    return CompletableFuture.allOf(array)
        .thenApply(
            ignored -> {
              var result = new LinkedHashMap<K, V>();
              futures.forEach(
                  (key, future) -> {
                    V value = future.getNow(null);
                    if (value != null) {
                      result.put(key, value);
                    }
                  });
              return Collections.unmodifiableMap(result);
            });
  }

  @Override
  public void put(K key, CompletableFuture<? extends V> valueFuture) {
    if (valueFuture.isDone() && (FutureValues.getWhenSuccessful(valueFuture) == null)) {
      cache.statsCounter().recordLoadFailure(0L);
      cache.remove(key);
      return;
    }
    long startTime = cache.statsTicker().read();

    @SuppressWarnings("unchecked")
    var castedFuture = (CompletableFuture<V>) valueFuture;
    CompletableFuture<V> prior = cache.put(key, castedFuture);
    if (prior != castedFuture) {
      handleCompletion(key, castedFuture, startTime, /* recordMiss= */ false);
    }
  }

  /**
   * When the future completes, records the load's outcome and either updates the entry (so that
   * the storage re-weighs it and sets its expiration from the value) or removes it if it failed or
   * completed with {@code null}; with {@code recordMiss}, also counts a miss.
   */
  @SuppressWarnings("FutureReturnValueIgnored")
  final void handleCompletion(
      K key, CompletableFuture<? extends V> valueFuture, long startTime, boolean recordMiss) {
    valueFuture.whenComplete(
        (value, error) -> {
          long loadTime = cache.statsTicker().read() - startTime;
          if (value == null) {
            if ((error != null)
                && !(error instanceof CancellationException)
                && !(error instanceof TimeoutException)) {
              logger.log(Level.WARNING, "Exception thrown during asynchronous load", error);
            }
            cache.statsCounter().recordLoadFailure(loadTime);
            cache.remove(key, valueFuture);
          } else if (!FutureValues.isReady(valueFuture)) {
            logger.log(
                Level.ERROR,
                String.format(
                    Locale.US,
                    "The future of key %s completed its dependent action with a value but is "
                        + "itself in flight or failed; a custom future that does not abide by the "
                        + "CompletableFuture contract? (future: %s)",
                    key,
                    valueFuture),
                new IllegalStateException());
            cache.statsCounter().recordLoadFailure(loadTime);
            cache.remove(key, valueFuture);
          } else {
            @SuppressWarnings("unchecked")
            var castedFuture = (CompletableFuture<V>) valueFuture;
            try {
              // update the weight and expiration timestamps
              cache.replace(key, castedFuture, castedFuture, /* shouldDiscardRefresh= */ false);
              cache.statsCounter().recordLoadSuccess(loadTime);
            } catch (Throwable t) {
              logger.log(Level.WARNING, "Exception thrown during asynchronous load", t);
              cache.statsCounter().recordLoadFailure(loadTime);
              cache.remove(key, valueFuture);
            }
          }
          if (recordMiss) {
            cache.statsCounter().recordMisses(1);
          }
        });
  }

  @Override
  public ConcurrentMap<K, CompletableFuture<V>> asMap() {
    AsyncMapView<K, V> view = asMapView;
    if (view == null) {
      view = new AsyncMapView<>(this);
      asMapView = view;
    }
    return view;
  }

  @Override
  public Cache<K, V> synchronous() {
    Cache<K, V> view = cacheView;
    if (view == null) {
      view = new SyncCacheView<>(this);
      cacheView = view;
    }
    return view;
  }

  /** Returns the policy, with values presented as the futures' completed values. */
  final Policy<K, V> policy() {
    AsyncPolicy<K, V> view = policy;
    if (view == null) {
      view = new AsyncPolicy<>(cache);
      policy = view;
    }
    return view;
  }

  @Override
  public CacheInsight insight() {
    CacheInsight view = insight;
    if (view == null) {
      view = new AsyncInsight(cache);
      insight = view;
    }
    return view;
  }

  /** Returns the number of futures in the storage that have not completed. */
  static long incompleteFutures(Collection<? extends CompletableFuture<?>> futures) {
    long count = 0;
    for (CompletableFuture<?> future : futures) {
      if (!future.isDone()) {
        count++;
      }
    }
    return count;
  }
}
