package io.larder.metrics;

import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Caffeine;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinderCompatibilityKit;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** Micrometer's compatibility kit for cache binders, run on a real Larder asynchronous cache. */
class LarderAsyncCacheMetricsCompatibilityTest
    extends CacheMeterBinderCompatibilityKit<AsyncLoadingCache<String, String>> {

  @Override
  public AsyncLoadingCache<String, String> createCache() {
    return Caffeine.newBuilder().recordStats().executor(Runnable::run).buildAsync(key -> "");
  }

  @Override
  public CacheMeterBinder<AsyncLoadingCache<String, String>> binder() {
    return new LarderCacheMetrics<>(cache, "mycache", Tags.empty());
  }

  @Override
  public void put(String key, String value) {
    cache.get(key, k -> value).join();
  }

  @Override
  public @Nullable String get(String key) {
    CompletableFuture<String> future = cache.getIfPresent(key);
    return (future == null) ? null : future.join();
  }
}
