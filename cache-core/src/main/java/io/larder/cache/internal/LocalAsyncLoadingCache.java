package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.CacheLoader;
import io.larder.cache.LoadingCache;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AsyncLoadingCache} over a storage of futures, with Caffeine's semantics: {@code get}
 * starts the loader's {@code asyncLoad} for an absent key; {@code getAll} makes a single {@code
 * asyncLoadAll} call for the absent keys when the loader overrides it (or, for a {@link
 * CacheLoader}, {@code loadAll}), and otherwise one {@code get} per key.
 */
final class LocalAsyncLoadingCache<K, V> extends LocalAsyncCache<K, V>
    implements AsyncLoadingCache<K, V> {
  private static final Logger logger = System.getLogger(LocalAsyncLoadingCache.class.getName());

  final AsyncCacheLoader<K, V> cacheLoader;
  final BiFunction<K, Executor, CompletableFuture<? extends V>> mappingFunction;
  final @Nullable BiFunction<
          Set<? extends K>, Executor, CompletableFuture<? extends Map<? extends K, ? extends V>>>
      bulkMappingFunction;

  private @Nullable LoadingCache<K, V> loadingView;

  /** Creates an asynchronous loading cache over the storage of futures. */
  @SuppressWarnings("unchecked")
  public LocalAsyncLoadingCache(
      LocalCache<K, CompletableFuture<V>> cache, AsyncCacheLoader<? super K, V> cacheLoader) {
    super(cache);
    this.cacheLoader = (AsyncCacheLoader<K, V>) requireNonNull(cacheLoader);
    this.mappingFunction = newMappingFunction(this.cacheLoader);
    this.bulkMappingFunction =
        canBulkLoad(cacheLoader) ? newBulkMappingFunction(this.cacheLoader) : null;
    // refreshAfterWrite: a read past the interval reloads with the loader's asyncReload, from the
    // completed value of the entry's future (see RefreshAfterWrite)
    AsyncCacheLoader<K, V> reloadingLoader = this.cacheLoader;
    cache.setReloader((key, oldValue) -> {
      @SuppressWarnings("unchecked") // the storage passes the completed value of the future
      V value = (V) oldValue;
      return reloadingLoader.asyncReload(key, value, cache.executor());
    });
  }

  private static <K, V> BiFunction<K, Executor, CompletableFuture<? extends V>> newMappingFunction(
      AsyncCacheLoader<K, V> cacheLoader) {
    return (key, executor) -> {
      try {
        return cacheLoader.asyncLoad(key, executor);
      } catch (RuntimeException e) {
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CompletionException(e);
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    };
  }

  private static <K, V>
      BiFunction<
              Set<? extends K>,
              Executor,
              CompletableFuture<? extends Map<? extends K, ? extends V>>>
          newBulkMappingFunction(AsyncCacheLoader<K, V> cacheLoader) {
    return (keysToLoad, executor) -> {
      try {
        return cacheLoader.asyncLoadAll(keysToLoad, executor);
      } catch (RuntimeException e) {
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CompletionException(e);
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    };
  }

  /** Returns whether the loader overrides a bulk method, as Caffeine decides it. */
  static boolean canBulkLoad(AsyncCacheLoader<?, ?> loader) {
    Class<?> defaultLoaderClass = AsyncCacheLoader.class;
    if (loader instanceof CacheLoader<?, ?>) {
      defaultLoaderClass = CacheLoader.class;
      if (hasMethodOverride(defaultLoaderClass, loader, "loadAll", Set.class)) {
        return true;
      }
    }
    return hasMethodOverride(
        defaultLoaderClass, loader, "asyncLoadAll", Set.class, Executor.class);
  }

  private static boolean hasMethodOverride(
      Class<?> clazz, Object instance, String methodName, Class<?>... parameterTypes) {
    try {
      Method instanceMethod = instance.getClass().getMethod(methodName, parameterTypes);
      Method classMethod = clazz.getMethod(methodName, parameterTypes);
      return !instanceMethod.equals(classMethod);
    } catch (NoSuchMethodException | SecurityException e) {
      logger.log(
          Level.WARNING,
          "Cannot determine if {0} overrides {1}({2})",
          instance.getClass().getSimpleName(),
          methodName,
          Arrays.toString(parameterTypes),
          e);
      return false;
    }
  }

  @Override
  public CompletableFuture<V> get(K key) {
    return get(key, mappingFunction);
  }

  @Override
  public CompletableFuture<Map<K, V>> getAll(Iterable<? extends K> keys) {
    var bulk = bulkMappingFunction;
    if (bulk != null) {
      return getAll(keys, bulk);
    }
    var result = new LinkedHashMap<K, CompletableFuture<V>>();
    for (K key : keys) {
      result.computeIfAbsent(key, this::get);
    }
    return composeResult(result);
  }

  @Override
  public LoadingCache<K, V> synchronous() {
    LoadingCache<K, V> view = loadingView;
    if (view == null) {
      view = new SyncLoadingCacheView<>(this);
      loadingView = view;
    }
    return view;
  }
}
