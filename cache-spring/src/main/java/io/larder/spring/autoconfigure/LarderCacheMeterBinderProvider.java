package io.larder.spring.autoconfigure;

import io.larder.cache.redis.TwoLevelCache;
import io.larder.cache.redis.TwoLevelCacheMetrics;
import io.larder.metrics.LarderCacheMetrics;
import io.larder.spring.LarderCache;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.util.ClassUtils;

/**
 * Gives Spring Boot's cache metrics a {@link LarderCacheMetrics} binder for each {@link
 * LarderCache}: Caffeine's meter names ({@code cache.gets}, {@code cache.size}...) and Larder's own
 * ({@code cache.memory.estimated}, {@code cache.memory.max}...). For a two-level cache (module
 * cache-redis) those describe its L1, and the binder adds cache-redis's per-level meters ({@code
 * cache.level.gets} with {@code level=l1|l2}, {@code cache.l2.latency}, {@code
 * cache.invalidations}, {@code cache.resyncs}, {@code cache.l2.connected}...).
 */
public class LarderCacheMeterBinderProvider implements CacheMeterBinderProvider<LarderCache> {
  private static final boolean TWO_LEVEL =
      ClassUtils.isPresent(
          "io.larder.cache.redis.TwoLevelCacheMetrics",
          LarderCacheMeterBinderProvider.class.getClassLoader());

  /** Creates the provider. */
  public LarderCacheMeterBinderProvider() {}

  @Override
  public MeterBinder getMeterBinder(LarderCache cache, Iterable<Tag> tags) {
    if (cache.isAsync()) {
      return new LarderCacheMetrics<>(cache.getAsyncCache(), cache.getName(), tags);
    }
    MeterBinder l1 = new LarderCacheMetrics<>(cache.getNativeCache(), cache.getName(), tags);
    return TWO_LEVEL ? TwoLevelMeters.withLevels(l1, cache, tags) : l1;
  }

  /** The two-level part, in a class of its own: loaded only when cache-redis is present. */
  private static final class TwoLevelMeters {
    static MeterBinder withLevels(MeterBinder l1, LarderCache cache, Iterable<Tag> tags) {
      if (!(cache.getNativeCache() instanceof TwoLevelCache<?, ?> twoLevel)) {
        return l1;
      }
      MeterBinder levels = new TwoLevelCacheMetrics(twoLevel, cache.getName(), tags);
      return registry -> {
        l1.bindTo(registry);
        levels.bindTo(registry);
      };
    }
  }
}
