package io.larder.metrics;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Caffeine;
import io.larder.cache.LoadingCache;
import io.larder.cache.stats.CacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * A Micrometer binder for a Larder {@link Cache} or {@link AsyncCache}: the meters of Micrometer's
 * {@code CaffeineCacheMetrics}, with the same names, types and tags, plus Larder's own memory,
 * bound, load and guard meters.
 *
 * <p>The meters shared with {@code CaffeineCacheMetrics}, each tagged {@code cache=<name>} and the
 * caller's tags:
 *
 * <ul>
 *   <li>{@code cache.size} (gauge): the estimated number of entries;
 *   <li>{@code cache.gets} (function counter), {@code result=hit} or {@code result=miss};
 *   <li>{@code cache.puts} (function counter): entries added by loading, that is successful and
 *       failed loads, as {@code CaffeineCacheMetrics} counts them (neither Caffeine nor Larder
 *       counts explicit {@code put} calls);
 *   <li>{@code cache.evictions} and {@code cache.eviction.weight} (function counters);
 *   <li>for loading caches, {@code cache.load} (function counter), {@code result=success} or {@code
 *       result=failure}, and {@code cache.load.duration} (time gauge): the total time spent
 *       loading.
 * </ul>
 *
 * <p>All of these except {@code cache.size} need statistics: build the cache with {@link
 * Caffeine#recordStats()}. Larder's own meters, registered whether or not statistics are recorded:
 *
 * <ul>
 *   <li>{@code cache.memory.estimated} (gauge, bytes): {@link CacheInsight#estimatedBytes()};
 *   <li>{@code cache.memory.max} (gauge, bytes), when the cache has a byte budget: {@link
 *       CacheInsight#maximumBytes()};
 *   <li>{@code cache.size.max} (gauge, entries or weight), when the cache has an entry or weight
 *       bound: {@link CacheInsight#maximum()};
 *   <li>{@code cache.loads.inflight} (gauge): {@link CacheInsight#loadsInFlight()};
 *   <li>{@code cache.guard.warnings} (function counter): {@link CacheInsight#guardWarnings()}.
 * </ul>
 *
 * <p>The binder and its meters hold the cache weakly: a cache that its application drops is
 * garbage-collected even though its meters stay registered; they then report their last count (the
 * counters) or {@code NaN} (the gauges), as {@code CaffeineCacheMetrics}'s do. An {@link
 * AsyncCache} is held as itself, not through its {@link AsyncCache#synchronous()} view, so a view
 * that is not retained by the cache cannot make the meters go blank early.
 *
 * @param <C> the type of the cache: a {@link Cache} or an {@link AsyncCache}
 */
public class LarderCacheMetrics<C> extends CacheMeterBinder<C> {

  private static final System.Logger LOGGER = System.getLogger(LarderCacheMetrics.class.getName());

  /** What {@code CacheMeterBinder} reads as "not supported" (its own constant is not visible). */
  private static final long UNSUPPORTED = -1L;

  private static final String DESCRIPTION_CACHE_LOAD =
      "The number of times cache lookup methods have successfully loaded a new value or failed to"
          + " load a new value, either because no value was found or an exception was thrown while"
          + " loading";

  /**
   * Creates a binder for a Larder cache; {@link #bindTo(MeterRegistry)} registers its meters.
   *
   * @param cache the cache to instrument: a {@link Cache} or an {@link AsyncCache} (including their
   *     loading forms); build it with {@link Caffeine#recordStats()} to have statistics
   * @param cacheName the value of the {@code cache} tag
   * @param tags the tags to add to every meter
   * @throws IllegalArgumentException if {@code cache} is neither a {@code Cache} nor an {@code
   *     AsyncCache}
   */
  public LarderCacheMetrics(C cache, String cacheName, Iterable<Tag> tags) {
    super(cache, cacheName, tags);
    if (!syncView(cache).policy().isRecordingStats()) {
      LOGGER.log(
          Level.WARNING,
          "The cache ''{0}'' is not recording statistics. No meters except ''cache.size'' and"
              + " Larder''s own will be registered. Call ''Caffeine#recordStats()'' prior to"
              + " building the cache for metrics to be recorded.",
          cacheName);
    }
  }

  /**
   * Records metrics on a Larder cache, as {@code CaffeineCacheMetrics.monitor} does for Caffeine.
   *
   * @param registry the registry to bind the meters to
   * @param cache the cache to instrument, built with {@link Caffeine#recordStats()}
   * @param cacheName the value of the {@code cache} tag
   * @param tags tags to add to every meter, as key and value pairs (an even number of strings)
   * @param <K> the type of the keys
   * @param <V> the type of the values
   * @param <C> the type of the cache
   * @return the cache, unchanged: it is neither wrapped nor proxied
   */
  public static <K, V, C extends Cache<K, V>> C monitor(
      MeterRegistry registry, C cache, String cacheName, String... tags) {
    return monitor(registry, cache, cacheName, Tags.of(tags));
  }

  /**
   * Records metrics on a Larder cache, as {@code CaffeineCacheMetrics.monitor} does for Caffeine.
   *
   * @param registry the registry to bind the meters to
   * @param cache the cache to instrument, built with {@link Caffeine#recordStats()}
   * @param cacheName the value of the {@code cache} tag
   * @param tags tags to add to every meter
   * @param <K> the type of the keys
   * @param <V> the type of the values
   * @param <C> the type of the cache
   * @return the cache, unchanged: it is neither wrapped nor proxied
   */
  public static <K, V, C extends Cache<K, V>> C monitor(
      MeterRegistry registry, C cache, String cacheName, Iterable<Tag> tags) {
    new LarderCacheMetrics<>(cache, cacheName, tags).bindTo(registry);
    return cache;
  }

  /**
   * Records metrics on a Larder asynchronous cache, as {@code CaffeineCacheMetrics.monitor} does
   * for Caffeine.
   *
   * @param registry the registry to bind the meters to
   * @param cache the cache to instrument, built with {@link Caffeine#recordStats()}
   * @param cacheName the value of the {@code cache} tag
   * @param tags tags to add to every meter, as key and value pairs (an even number of strings)
   * @param <K> the type of the keys
   * @param <V> the type of the values
   * @param <C> the type of the cache
   * @return the cache, unchanged: it is neither wrapped nor proxied
   */
  public static <K, V, C extends AsyncCache<K, V>> C monitor(
      MeterRegistry registry, C cache, String cacheName, String... tags) {
    return monitor(registry, cache, cacheName, Tags.of(tags));
  }

  /**
   * Records metrics on a Larder asynchronous cache, as {@code CaffeineCacheMetrics.monitor} does
   * for Caffeine.
   *
   * @param registry the registry to bind the meters to
   * @param cache the cache to instrument, built with {@link Caffeine#recordStats()}
   * @param cacheName the value of the {@code cache} tag
   * @param tags tags to add to every meter
   * @param <K> the type of the keys
   * @param <V> the type of the values
   * @param <C> the type of the cache
   * @return the cache, unchanged: it is neither wrapped nor proxied
   */
  public static <K, V, C extends AsyncCache<K, V>> C monitor(
      MeterRegistry registry, C cache, String cacheName, Iterable<Tag> tags) {
    new LarderCacheMetrics<>(cache, cacheName, tags).bindTo(registry);
    return cache;
  }

  @Override
  protected @Nullable Long size() {
    C cache = getCache();
    return (cache == null) ? null : syncView(cache).estimatedSize();
  }

  @Override
  protected long hitCount() {
    return statOrDefault(CacheStats::hitCount, 0L);
  }

  @Override
  protected @Nullable Long missCount() {
    return statOrNull(CacheStats::missCount);
  }

  @Override
  protected @Nullable Long evictionCount() {
    return statOrNull(CacheStats::evictionCount);
  }

  /**
   * Returns the number of loads, successful or not, as {@code CaffeineCacheMetrics} reports for
   * {@code cache.puts}: explicit {@code put} calls are not counted by Caffeine's statistics, nor by
   * Larder's.
   */
  @Override
  protected long putCount() {
    return statOrDefault(CacheStats::loadCount, 0L);
  }

  @Override
  protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
    C cache = getCache();
    if (cache == null) {
      return;
    }
    // Each meter holds the cache weakly as its state object, and no function below captures it:
    // they are static and receive the cache from the meter on each read.
    Iterable<Tag> tags = getTagsWithCacheName();
    if (syncView(cache).policy().isRecordingStats()) {
      FunctionCounter.builder("cache.eviction.weight", cache, c -> stats(c).evictionWeight())
          .tags(tags)
          .description(
              "The sum of weights of evicted entries. This total does not include manual"
                  + " invalidations.")
          .register(registry);

      if ((cache instanceof LoadingCache) || (cache instanceof AsyncLoadingCache)) {
        // dividing these gives a measure of load latency
        TimeGauge.builder(
                "cache.load.duration", cache, TimeUnit.NANOSECONDS, c -> stats(c).totalLoadTime())
            .tags(tags)
            .description("The time the cache has spent loading new values")
            .register(registry);
        FunctionCounter.builder("cache.load", cache, c -> stats(c).loadSuccessCount())
            .tags(tags)
            .tags("result", "success")
            .description(DESCRIPTION_CACHE_LOAD)
            .register(registry);
        FunctionCounter.builder("cache.load", cache, c -> stats(c).loadFailureCount())
            .tags(tags)
            .tags("result", "failure")
            .description(DESCRIPTION_CACHE_LOAD)
            .register(registry);
      }
    }
    bindLarderMetrics(registry, cache, tags);
  }

  /** Registers Larder's own meters, read from the cache's {@link CacheInsight} on each poll. */
  private static void bindLarderMetrics(MeterRegistry registry, Object cache, Iterable<Tag> tags) {
    Optional<CacheInsight> found = CacheInsight.of(cache);
    if (found.isEmpty()) {
      return; // not a Larder cache: Caffeine's meters only
    }
    // The insight holds the cache strongly: it is read here once, never captured by a meter.
    CacheInsight insight = found.get();
    Gauge.builder("cache.memory.estimated", cache, c -> insight(c, CacheInsight::estimatedBytes))
        .tags(tags)
        .baseUnit(BaseUnits.BYTES)
        .description("The estimated retained size of the cache's keys, values and entries")
        .register(registry);
    if (insight.maximumBytes().isPresent()) {
      Gauge.builder("cache.memory.max", cache, c -> optional(c, CacheInsight::maximumBytes))
          .tags(tags)
          .baseUnit(BaseUnits.BYTES)
          .description("The byte budget of the cache (its own or a shared one)")
          .register(registry);
    }
    if (insight.maximum().isPresent()) {
      Gauge.builder("cache.size.max", cache, c -> optional(c, CacheInsight::maximum))
          .tags(tags)
          .description("The maximum size of the cache: entries, or weight if it has a weigher")
          .register(registry);
    }
    Gauge.builder("cache.loads.inflight", cache, c -> insight(c, CacheInsight::loadsInFlight))
        .tags(tags)
        .description("The number of loads and reloads currently in flight")
        .register(registry);
    FunctionCounter.builder(
            "cache.guard.warnings", cache, c -> insight(c, CacheInsight::guardWarnings))
        .tags(tags)
        .description("The number of warnings Larder's leak guards have raised about the cache")
        .register(registry);
  }

  private @Nullable Long statOrNull(ToLongFunction<CacheStats> stat) {
    C cache = getCache();
    if (cache == null) {
      return null;
    }
    Cache<?, ?> view = syncView(cache);
    return view.policy().isRecordingStats() ? stat.applyAsLong(view.stats()) : null;
  }

  private long statOrDefault(ToLongFunction<CacheStats> stat, long whenCollected) {
    C cache = getCache();
    if (cache == null) {
      return whenCollected;
    }
    Cache<?, ?> view = syncView(cache);
    return view.policy().isRecordingStats() ? stat.applyAsLong(view.stats()) : UNSUPPORTED;
  }

  private static CacheStats stats(Object cache) {
    return syncView(cache).stats();
  }

  private static double insight(Object cache, ToLongFunction<CacheInsight> value) {
    return CacheInsight.of(cache).map(value::applyAsLong).map(Long::doubleValue).orElse(Double.NaN);
  }

  private static double optional(Object cache, Function<CacheInsight, OptionalLong> value) {
    OptionalLong result = CacheInsight.of(cache).map(value).orElse(OptionalLong.empty());
    return result.isPresent() ? result.getAsLong() : Double.NaN;
  }

  /** Returns the synchronous view of a Larder cache, which answers sizes and statistics. */
  private static Cache<?, ?> syncView(Object cache) {
    if (cache instanceof Cache) {
      return (Cache<?, ?>) cache;
    } else if (cache instanceof AsyncCache) {
      return ((AsyncCache<?, ?>) cache).synchronous();
    }
    throw new IllegalArgumentException(
        "cache must be an io.larder.cache.Cache or AsyncCache, but was "
            + cache.getClass().getName());
  }
}
