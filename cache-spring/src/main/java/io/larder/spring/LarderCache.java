package io.larder.spring;

import io.larder.cache.AsyncCache;
import io.larder.cache.CacheInsight;
import io.larder.cache.LoadingCache;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.support.AbstractValueAdaptingCache;

/**
 * A Spring {@link org.springframework.cache.Cache} backed by a Larder cache, with the behaviour of
 * Spring's {@code CaffeineCache}: {@code null} values stored as a marker when allowed, value
 * loaders run once per key with their exceptions wrapped in {@link ValueRetrievalException}, and
 * {@code CompletableFuture}-based {@link #retrieve(Object)} when the cache is backed by an {@link
 * AsyncCache} (so that {@code @Cacheable} methods returning {@code CompletableFuture}, {@code Mono}
 * or {@code Flux} work).
 *
 * <p>Usually created by {@link LarderCacheManager}; create one directly to adapt a cache built
 * elsewhere.
 */
public class LarderCache extends AbstractValueAdaptingCache {
  private final String name;
  private final io.larder.cache.Cache<Object, Object> cache;
  private final @Nullable AsyncCache<Object, Object> asyncCache;

  /** Creates a cache named {@code name} on {@code cache}, allowing {@code null} values. */
  public LarderCache(String name, io.larder.cache.Cache<Object, Object> cache) {
    this(name, cache, true);
  }

  /** Creates a cache named {@code name} on {@code cache}. */
  public LarderCache(
      String name, io.larder.cache.Cache<Object, Object> cache, boolean allowNullValues) {
    super(allowNullValues);
    this.name = Objects.requireNonNull(name, "name");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.asyncCache = null;
  }

  /**
   * Creates a cache named {@code name} on the asynchronous {@code cache}; such a cache also
   * supports {@link #retrieve(Object)} and {@link #retrieve(Object, Supplier)}.
   */
  public LarderCache(String name, AsyncCache<Object, Object> cache, boolean allowNullValues) {
    super(allowNullValues);
    this.name = Objects.requireNonNull(name, "name");
    this.asyncCache = Objects.requireNonNull(cache, "cache");
    this.cache = cache.synchronous();
  }

  @Override
  public final String getName() {
    return name;
  }

  /** Returns the Larder cache (a synchronous view when the cache is asynchronous). */
  @Override
  public final io.larder.cache.Cache<Object, Object> getNativeCache() {
    return cache;
  }

  /**
   * Returns the asynchronous Larder cache.
   *
   * @throws IllegalStateException if this cache was not created on an {@link AsyncCache}
   */
  public final AsyncCache<Object, Object> getAsyncCache() {
    if (asyncCache == null) {
      throw new IllegalStateException(
          "Larder cache '"
              + name
              + "' has no AsyncCache: set "
              + "LarderCacheManager.setAsyncCacheMode(true) to use CompletableFuture, Mono or Flux");
    }
    return asyncCache;
  }

  /** Returns whether this cache is backed by an {@link AsyncCache}. */
  public final boolean isAsync() {
    return asyncCache != null;
  }

  /**
   * Returns what Larder knows about the backing cache (memory estimate, bounds, guard warnings);
   * empty only if the backing cache is not one of Larder's own implementations.
   */
  public Optional<CacheInsight> getInsight() {
    return CacheInsight.of(cache);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
    return (T) fromStoreValue(cache.get(key, new LoadFunction(valueLoader)));
  }

  @Override
  public @Nullable CompletableFuture<?> retrieve(Object key) {
    CompletableFuture<?> result = getAsyncCache().getIfPresent(key);
    if (result != null && isAllowNullValues()) {
      return result.thenApply(this::toValueWrapper);
    }
    return result;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    if (isAllowNullValues()) {
      return (CompletableFuture<T>)
          getAsyncCache()
              .get(key, (k, executor) -> valueLoader.get().thenApply(this::toStoreValue))
              .thenApply(this::fromStoreValue);
    }
    return (CompletableFuture<T>) getAsyncCache().get(key, (k, executor) -> valueLoader.get());
  }

  @Override
  protected @Nullable Object lookup(Object key) {
    if (cache instanceof LoadingCache<Object, Object> loadingCache) {
      return loadingCache.get(key);
    }
    return cache.getIfPresent(key);
  }

  @Override
  public void put(Object key, @Nullable Object value) {
    cache.put(key, toStoreValue(value));
  }

  @Override
  public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
    PutIfAbsentFunction function = new PutIfAbsentFunction(value);
    Object result = cache.get(key, function);
    return function.called ? null : toValueWrapper(result);
  }

  @Override
  public void evict(Object key) {
    cache.invalidate(key);
  }

  @Override
  public boolean evictIfPresent(Object key) {
    return cache.asMap().remove(key) != null;
  }

  @Override
  public void clear() {
    cache.invalidateAll();
  }

  @Override
  public boolean invalidate() {
    boolean notEmpty = !cache.asMap().isEmpty();
    cache.invalidateAll();
    return notEmpty;
  }

  @Override
  public String toString() {
    return "LarderCache[" + name + (isAsync() ? ", async]" : "]");
  }

  /** Stores the given value when the key is absent, and remembers whether it had to. */
  private final class PutIfAbsentFunction implements Function<Object, Object> {
    private final @Nullable Object value;
    boolean called;

    PutIfAbsentFunction(@Nullable Object value) {
      this.value = value;
    }

    @Override
    public Object apply(Object key) {
      called = true;
      return toStoreValue(value);
    }
  }

  /** Runs a Spring value loader, wrapping what it throws as Spring's contract asks. */
  private final class LoadFunction implements Function<Object, Object> {
    private final Callable<?> valueLoader;

    LoadFunction(Callable<?> valueLoader) {
      this.valueLoader = Objects.requireNonNull(valueLoader, "valueLoader");
    }

    @Override
    public Object apply(Object key) {
      try {
        return toStoreValue(valueLoader.call());
      } catch (Exception e) {
        throw new ValueRetrievalException(key, valueLoader, e);
      }
    }
  }
}
