package io.larder.metrics;

import io.larder.cache.Caffeine;
import io.larder.cache.LoadingCache;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinderCompatibilityKit;
import org.jspecify.annotations.Nullable;

/** Micrometer's compatibility kit for cache binders, run on a real Larder loading cache. */
class LarderCacheMetricsCompatibilityTest
    extends CacheMeterBinderCompatibilityKit<LoadingCache<String, String>> {

  @Override
  public LoadingCache<String, String> createCache() {
    return Caffeine.newBuilder().recordStats().executor(Runnable::run).build(key -> "");
  }

  @Override
  public CacheMeterBinder<LoadingCache<String, String>> binder() {
    return new LarderCacheMetrics<>(cache, "mycache", Tags.empty());
  }

  @Override
  public void put(String key, String value) {
    // Caffeine's statistics, and so CaffeineCacheMetrics's cache.puts, count loads, not put calls.
    cache.get(key, k -> value);
  }

  @Override
  public @Nullable String get(String key) {
    return cache.getIfPresent(key);
  }
}
