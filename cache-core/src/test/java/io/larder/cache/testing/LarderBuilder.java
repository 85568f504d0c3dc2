package io.larder.cache.testing;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Cache;
import io.larder.cache.CacheLoader;
import io.larder.cache.Caffeine;
import io.larder.cache.Expiry;
import io.larder.cache.LoadingCache;
import io.larder.cache.RemovalListener;
import io.larder.cache.Scheduler;
import io.larder.cache.Ticker;
import io.larder.cache.Weigher;
import io.larder.cache.stats.StatsCounter;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Larder's builder behind the test facade. */
@SuppressWarnings({"NullAway", "unchecked", "rawtypes"})
final class LarderBuilder implements TestBuilder {
  private final Caffeine<Object, Object> builder;
  private final @Nullable Executor defaultExecutor;
  private final @Nullable RemovalListener<Object, Object> defaultListener;
  private boolean executorSet;
  private boolean listenerSet;

  LarderBuilder(
      Caffeine<Object, Object> builder,
      @Nullable Executor defaultExecutor,
      @Nullable RemovalListener<Object, Object> defaultListener) {
    this.builder = builder;
    this.defaultExecutor = defaultExecutor;
    this.defaultListener = defaultListener;
  }

  @Override
  public TestBuilder initialCapacity(int initialCapacity) {
    builder.initialCapacity(initialCapacity);
    return this;
  }

  @Override
  public TestBuilder maximumSize(long maximumSize) {
    builder.maximumSize(maximumSize);
    return this;
  }

  @Override
  public TestBuilder maximumWeight(long maximumWeight) {
    builder.maximumWeight(maximumWeight);
    return this;
  }

  @Override
  public TestBuilder weigher(@Nullable Weigher<Object, Object> weigher) {
    builder.weigher(weigher);
    return this;
  }

  @Override
  public TestBuilder weakKeys() {
    builder.weakKeys();
    return this;
  }

  @Override
  public TestBuilder weakValues() {
    builder.weakValues();
    return this;
  }

  @Override
  public TestBuilder softValues() {
    builder.softValues();
    return this;
  }

  @Override
  public TestBuilder expireAfterWrite(long duration, @Nullable TimeUnit unit) {
    builder.expireAfterWrite(duration, unit);
    return this;
  }

  @Override
  public TestBuilder expireAfterWrite(@Nullable Duration duration) {
    builder.expireAfterWrite(duration);
    return this;
  }

  @Override
  public TestBuilder expireAfterAccess(long duration, @Nullable TimeUnit unit) {
    builder.expireAfterAccess(duration, unit);
    return this;
  }

  @Override
  public TestBuilder expireAfterAccess(@Nullable Duration duration) {
    builder.expireAfterAccess(duration);
    return this;
  }

  @Override
  public TestBuilder expireAfter(@Nullable Expiry<Object, Object> expiry) {
    builder.expireAfter(expiry);
    return this;
  }

  @Override
  public TestBuilder refreshAfterWrite(long duration, @Nullable TimeUnit unit) {
    builder.refreshAfterWrite(duration, unit);
    return this;
  }

  @Override
  public TestBuilder refreshAfterWrite(@Nullable Duration duration) {
    builder.refreshAfterWrite(duration);
    return this;
  }

  @Override
  public TestBuilder ticker(@Nullable Ticker ticker) {
    builder.ticker(ticker);
    return this;
  }

  @Override
  public TestBuilder executor(@Nullable Executor executor) {
    executorSet = true;
    builder.executor(executor);
    return this;
  }

  @Override
  public TestBuilder scheduler(@Nullable Scheduler scheduler) {
    builder.scheduler(scheduler);
    return this;
  }

  @Override
  public TestBuilder removalListener(@Nullable RemovalListener<Object, Object> listener) {
    listenerSet = true;
    builder.removalListener(listener);
    return this;
  }

  @Override
  public TestBuilder evictionListener(@Nullable RemovalListener<Object, Object> listener) {
    builder.evictionListener(listener);
    return this;
  }

  @Override
  public TestBuilder recordStats() {
    builder.recordStats();
    return this;
  }

  @Override
  public TestBuilder recordStats(@Nullable Supplier<? extends StatsCounter> supplier) {
    builder.recordStats(supplier);
    return this;
  }

  private void applyDefaults() {
    if (!executorSet && defaultExecutor != null) {
      executor(defaultExecutor);
    }
    if (!listenerSet && defaultListener != null) {
      removalListener(defaultListener);
    }
  }

  @Override
  public <K, V> Cache<K, V> build() {
    applyDefaults();
    return (Cache<K, V>) builder.build();
  }

  @Override
  public <K, V> LoadingCache<K, V> build(@Nullable TestLoader<K, V> loader) {
    applyDefaults();
    CacheLoader<Object, Object> native_ = (loader == null) ? null : toLoader((TestLoader) loader);
    return (LoadingCache<K, V>) (LoadingCache) builder.build(native_);
  }

  @Override
  public <K, V> LoadingCache<K, V> buildLoading(CacheLoader<K, V> loader) {
    applyDefaults();
    return (LoadingCache<K, V>) (LoadingCache) builder.build((CacheLoader) loader);
  }

  @Override
  public <K, V> AsyncCache<K, V> buildAsync() {
    applyDefaults();
    return (AsyncCache<K, V>) (AsyncCache) builder.buildAsync();
  }

  @Override
  public <K, V> AsyncLoadingCache<K, V> buildAsyncLoading(AsyncCacheLoader<K, V> loader) {
    applyDefaults();
    return (AsyncLoadingCache<K, V>) (AsyncLoadingCache) builder.buildAsync(
        (AsyncCacheLoader) loader);
  }

  @Override
  public void buildAsync(TestLoader<Object, Object> loader) {
    builder.buildAsync(toLoader(loader));
  }

  @Override
  public String describe() {
    return builder.toString();
  }

  /** Builds a Larder loader that overrides exactly what the description overrides. */
  static <K, V> CacheLoader<K, V> toLoader(TestLoader<K, V> spec) {
    if (spec.loadAll == null) {
      return new SingleLoader<>(spec);
    }
    return new BulkLoader<>(spec);
  }

  /** A loader without {@code loadAll}. */
  static class SingleLoader<K, V> implements CacheLoader<K, V> {
    final TestLoader<K, V> spec;

    SingleLoader(TestLoader<K, V> spec) {
      this.spec = spec;
    }

    @Override
    public @Nullable V load(K key) throws Exception {
      return spec.load.apply(key);
    }

    @Override
    public @Nullable V reload(K key, V oldValue) throws Exception {
      return spec.reload(key, oldValue);
    }

    @Override
    public CompletableFuture<? extends V> asyncReload(K key, V oldValue, Executor executor)
        throws Exception {
      TestLoader.AsyncReload<K, V> asyncReload = spec.asyncReload;
      return (asyncReload == null)
          ? CacheLoader.super.asyncReload(key, oldValue, executor)
          : asyncReload.apply(key, oldValue);
    }
  }

  /** A loader that overrides {@code loadAll}. */
  static final class BulkLoader<K, V> extends SingleLoader<K, V> {
    BulkLoader(TestLoader<K, V> spec) {
      super(spec);
    }

    @Override
    public Map<? extends K, ? extends V> loadAll(Set<? extends K> keys) throws Exception {
      return spec.loadAll.apply(keys);
    }
  }
}
