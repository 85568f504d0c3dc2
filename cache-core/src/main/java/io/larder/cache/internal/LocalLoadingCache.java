package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.CacheLoader;
import io.larder.cache.LoadingCache;
import io.larder.cache.RemovalCause;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LoadingCache} over any {@link LocalCache} storage, with Caffeine's semantics.
 *
 * <p>Loads run on the caller's thread through the storage's {@code computeIfAbsent}, so a key is
 * loaded at most once at a time. A checked exception from the loader is wrapped in a {@link
 * CompletionException}; an {@link InterruptedException} also restores the thread's interrupt flag.
 * {@link #getAll} calls {@link CacheLoader#loadAll} once for the absent keys if the loader
 * overrides it (detected by reflection, as Caffeine does), and loads the keys one by one otherwise.
 *
 * <p>A refresh runs {@code asyncReload} (or {@code asyncLoad} for an absent key) on the executor
 * and registers its future in {@link LocalCache#refreshes()}; concurrent refreshes of one key share
 * it. When it completes, its value is installed only if the reload is still registered (no write
 * has discarded it) and the entry still holds the value it reloaded; otherwise the value written in
 * the meantime wins, and the reloaded value is reported to the listener as discarded.
 */
final class LocalLoadingCache<K, V> extends LocalManualCache<K, V> implements LoadingCache<K, V> {
  private static final Logger logger = System.getLogger(LocalLoadingCache.class.getName());

  private final CacheLoader<? super K, V> loader;
  private final Function<K, @Nullable V> mappingFunction;
  private final @Nullable Function<Set<? extends K>, Map<K, V>> bulkMappingFunction;

  /**
   * Creates the adapter over the storage, loading with {@code loader}; the storage's refresh after
   * write reloads through the loader's {@code asyncReload}.
   */
  LocalLoadingCache(LocalCache<K, V> cache, CacheLoader<? super K, V> loader) {
    super(cache);
    this.loader = requireNonNull(loader, "loader");
    this.mappingFunction = key -> loadOne(loader, key);
    this.bulkMappingFunction = overridesLoadAll(loader) ? keys -> loadAll(loader, keys) : null;
    cache.setReloader(newReloader(loader, cache.executor()));
  }

  /** Returns the reload of refresh after write: the loader's {@code asyncReload}. */
  private static <K, V> LocalCache.Reloader<K> newReloader(
      CacheLoader<? super K, V> loader, Executor executor) {
    return (key, oldValue) -> {
      @SuppressWarnings("unchecked") // the storage passes the entry's value
      V value = (V) oldValue;
      return loader.asyncReload(key, value, executor);
    };
  }

  @Override
  public @Nullable V get(K key) {
    return cache.computeIfAbsent(key, mappingFunction);
  }

  @Override
  public Map<K, V> getAll(Iterable<? extends K> keys) {
    Function<Set<? extends K>, Map<K, V>> bulk = bulkMappingFunction;
    return (bulk == null) ? loadSequentially(keys) : getAll(keys, bulk);
  }

  /**
   * Loads the absent keys one by one; if a load fails, the keys not yet reached are counted as
   * misses before the exception propagates, as Caffeine does.
   */
  private Map<K, V> loadSequentially(Iterable<? extends K> keys) {
    Map<K, @Nullable V> result = new LinkedHashMap<>();
    for (K key : keys) {
      result.put(key, null);
    }
    int count = 0;
    int size = result.size();
    try {
      var iterator = result.entrySet().iterator();
      while (iterator.hasNext()) {
        Map.Entry<K, @Nullable V> entry = iterator.next();
        count++;
        V value = get(entry.getKey());
        if (value == null) {
          iterator.remove();
        } else {
          entry.setValue(value);
        }
      }
    } catch (Throwable t) {
      cache.statsCounter().recordMisses(size - count);
      throw t;
    }
    @SuppressWarnings("NullAway") // the keys that did not load were removed
    Map<K, V> loaded = Collections.unmodifiableMap(result);
    return loaded;
  }

  @Override
  @SuppressWarnings("FutureReturnValueIgnored") // the reload's own future is what the caller gets
  public CompletableFuture<V> refresh(K key) {
    requireNonNull(key);
    Object keyReference = cache.referenceKey(key);
    ReloadStart<V> start = new ReloadStart<>();
    CompletableFuture<?> future =
        cache
            .refreshes()
            .compute(
                keyReference,
                (k, existing) -> {
                  if ((existing != null) && !isReady(existing) && !cache.isPendingEviction(key)) {
                    return existing;
                  }
                  start.startTime = cache.statsTicker().read();
                  V oldValue = cache.getIfPresentQuietly(key);
                  start.oldValue = oldValue;
                  CompletableFuture<? extends V> reloading = startReload(key, oldValue);
                  start.reloading = reloading;
                  return reloading;
                });
    CompletableFuture<? extends V> reloading = start.reloading;
    if (reloading != null) {
      reloading.whenComplete(
          (newValue, error) -> onReloaded(key, keyReference, start, reloading, newValue, error));
    }
    @SuppressWarnings("unchecked") // the future registered for this key loads a V
    CompletableFuture<V> result = (CompletableFuture<V>) future;
    return result;
  }

  /** Starts the load or reload of a key, wrapping checked exceptions as a load does. */
  private CompletableFuture<? extends V> startReload(K key, @Nullable V oldValue) {
    CompletableFuture<? extends V> reloading =
        LoaderCalls.unchecked(
            () ->
                (oldValue == null)
                    ? loader.asyncLoad(key, cache.executor())
                    : loader.asyncReload(key, oldValue, cache.executor()));
    return requireNonNull(reloading, "Null future");
  }

  /**
   * Installs a reloaded value if no write happened meanwhile, counts the load, and reports a
   * discarded value to the listener (REPLACED if the key still has a value, EXPLICIT if not). A
   * discarded reload leaves the entry's timestamps as the write left them, as in Caffeine.
   */
  private void onReloaded(
      K key,
      Object keyReference,
      ReloadStart<V> start,
      CompletableFuture<? extends V> reloading,
      @Nullable V newValue,
      @Nullable Throwable error) {
    long loadTime = cache.statsTicker().read() - start.startTime;
    if (error != null) {
      if (!(error instanceof CancellationException) && !(error instanceof TimeoutException)) {
        logger.log(Level.WARNING, "Exception thrown during refresh", error);
      }
      cache.refreshes().remove(keyReference, reloading);
      cache.statsCounter().recordLoadFailure(loadTime);
      return;
    }
    boolean[] discarded = new boolean[1];
    boolean[] preserveTimestamps = new boolean[1];
    V oldValue = start.oldValue;
    V value =
        cache.compute(
            key,
            (k, currentValue) -> {
              boolean stillRegistered = cache.refreshes().remove(keyReference, reloading);
              if (stillRegistered && currentValue == oldValue) {
                return (currentValue == null && newValue == null) ? null : newValue;
              }
              discarded[0] = (currentValue != newValue);
              preserveTimestamps[0] = true;
              return currentValue;
            },
            cache.expiry(),
            /* recordLoad= */ false,
            /* recordLoadFailure= */ true,
            preserveTimestamps);
    if (discarded[0] && newValue != null) {
      cache.notifyRemoval(
          key, newValue, (value == null) ? RemovalCause.EXPLICIT : RemovalCause.REPLACED);
    }
    if (newValue == null) {
      cache.statsCounter().recordLoadFailure(loadTime);
    } else {
      cache.statsCounter().recordLoadSuccess(loadTime);
    }
  }

  @Override
  public CompletableFuture<Map<K, V>> refreshAll(Iterable<? extends K> keys) {
    Map<K, CompletableFuture<V>> futures = new LinkedHashMap<>();
    for (K key : keys) {
      futures.computeIfAbsent(key, this::refresh);
    }
    return composeResult(futures);
  }

  /** Returns a future of the non-null values of the futures, once all of them have completed. */
  private static <K, V> CompletableFuture<Map<K, V>> composeResult(
      Map<K, CompletableFuture<V>> futures) {
    if (futures.isEmpty()) {
      return CompletableFuture.completedFuture(Collections.emptyMap());
    }
    CompletableFuture<?>[] all = futures.values().toArray(new CompletableFuture<?>[0]);
    return CompletableFuture.allOf(all)
        .thenApply(
            ignored -> {
              Map<K, V> result = new LinkedHashMap<>();
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

  /** Returns whether a future has completed successfully with a value. */
  private static boolean isReady(CompletableFuture<?> future) {
    return future.isDone() && !future.isCompletedExceptionally() && (future.join() != null);
  }

  /** What a refresh captured when it started its reload. */
  private static final class ReloadStart<V> {
    long startTime;
    @Nullable V oldValue;
    @Nullable CompletableFuture<? extends V> reloading;
  }

  private static <K, V> @Nullable V loadOne(CacheLoader<? super K, V> loader, K key) {
    return LoaderCalls.unchecked(() -> loader.load(key));
  }

  @SuppressWarnings("unchecked") // the loader returns entries of its own key and value types
  private static <K, V> Map<K, V> loadAll(CacheLoader<? super K, V> loader, Set<? extends K> keys) {
    return LoaderCalls.unchecked(() -> (Map<K, V>) loader.loadAll(keys));
  }

  /**
   * Returns whether the loader's class overrides {@link CacheLoader#loadAll}: the default throws
   * {@link UnsupportedOperationException}, and then the keys are loaded one by one instead.
   */
  static boolean overridesLoadAll(CacheLoader<?, ?> loader) {
    try {
      Method declared = loader.getClass().getMethod("loadAll", Set.class);
      Method inherited = CacheLoader.class.getMethod("loadAll", Set.class);
      return !declared.equals(inherited);
    } catch (NoSuchMethodException | SecurityException e) {
      logger.log(
          Level.WARNING,
          "Cannot determine if " + loader.getClass().getName() + " overrides loadAll(Set)",
          e);
      return false;
    }
  }
}
