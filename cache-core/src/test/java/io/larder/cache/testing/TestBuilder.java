package io.larder.cache.testing;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Cache;
import io.larder.cache.CacheLoader;
import io.larder.cache.Expiry;
import io.larder.cache.LoadingCache;
import io.larder.cache.RemovalListener;
import io.larder.cache.Scheduler;
import io.larder.cache.Ticker;
import io.larder.cache.Weigher;
import io.larder.cache.stats.StatsCounter;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One library's cache builder behind Larder's API types: each call goes straight to the library's
 * own builder (arguments adapted, {@code null} passed as {@code null}), so that its validation is
 * what the test sees. Get one from {@link Library#builder}; Caffeine's caches come back adapted to
 * Larder's interfaces ({@link AdaptedCache}).
 */
public interface TestBuilder {
  TestBuilder initialCapacity(int initialCapacity);

  TestBuilder maximumSize(long maximumSize);

  TestBuilder maximumWeight(long maximumWeight);

  TestBuilder weigher(@Nullable Weigher<Object, Object> weigher);

  TestBuilder weakKeys();

  TestBuilder weakValues();

  TestBuilder softValues();

  TestBuilder expireAfterWrite(long duration, @Nullable TimeUnit unit);

  TestBuilder expireAfterWrite(@Nullable Duration duration);

  TestBuilder expireAfterAccess(long duration, @Nullable TimeUnit unit);

  TestBuilder expireAfterAccess(@Nullable Duration duration);

  TestBuilder expireAfter(@Nullable Expiry<Object, Object> expiry);

  TestBuilder refreshAfterWrite(long duration, @Nullable TimeUnit unit);

  TestBuilder refreshAfterWrite(@Nullable Duration duration);

  TestBuilder ticker(@Nullable Ticker ticker);

  TestBuilder executor(@Nullable Executor executor);

  TestBuilder scheduler(@Nullable Scheduler scheduler);

  TestBuilder removalListener(@Nullable RemovalListener<Object, Object> listener);

  TestBuilder evictionListener(@Nullable RemovalListener<Object, Object> listener);

  TestBuilder recordStats();

  TestBuilder recordStats(@Nullable Supplier<? extends StatsCounter> supplier);

  /** Builds a manual cache. */
  <K, V> Cache<K, V> build();

  /** Builds a loading cache; a {@code null} loader is passed on as {@code null}. */
  <K, V> LoadingCache<K, V> build(@Nullable TestLoader<K, V> loader);

  /** Builds a loading cache with a loader given in Larder's type (converted for Caffeine). */
  <K, V> LoadingCache<K, V> buildLoading(CacheLoader<K, V> loader);

  /** Builds an asynchronous cache (a scenario may use it, or only see the builder's validation). */
  <K, V> AsyncCache<K, V> buildAsync();

  /** Builds an asynchronous loading cache with a loader given in Larder's type. */
  <K, V> AsyncLoadingCache<K, V> buildAsyncLoading(AsyncCacheLoader<K, V> loader);

  /** Builds an asynchronous loading cache, only to see the builder's validation. */
  void buildAsync(TestLoader<Object, Object> loader);

  /** Returns the builder's {@code toString()}. */
  String describe();
}
