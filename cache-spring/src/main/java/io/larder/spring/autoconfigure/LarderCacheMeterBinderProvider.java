package io.larder.spring.autoconfigure;

import io.larder.metrics.LarderCacheMetrics;
import io.larder.spring.LarderCache;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;

/**
 * Gives Spring Boot's cache metrics a {@link LarderCacheMetrics} binder for each {@link
 * LarderCache}: Caffeine's meter names ({@code cache.gets}, {@code cache.size}...) and Larder's own
 * ({@code cache.memory.estimated}, {@code cache.memory.max}...).
 */
public class LarderCacheMeterBinderProvider implements CacheMeterBinderProvider<LarderCache> {

  /** Creates the provider. */
  public LarderCacheMeterBinderProvider() {}

  @Override
  public MeterBinder getMeterBinder(LarderCache cache, Iterable<Tag> tags) {
    return cache.isAsync()
        ? new LarderCacheMetrics<>(cache.getAsyncCache(), cache.getName(), tags)
        : new LarderCacheMetrics<>(cache.getNativeCache(), cache.getName(), tags);
  }
}
