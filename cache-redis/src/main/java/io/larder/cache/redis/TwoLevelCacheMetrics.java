package io.larder.cache.redis;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * A Micrometer binder for a {@link TwoLevelCache} (micrometer-core is an optional dependency of
 * this module: add it to use this class). Every meter is tagged {@code cache=<name>} and the
 * caller's tags, and holds the cache weakly, so a dropped cache is still collected.
 *
 * <ul>
 *   <li>{@code cache.level.gets} (function counter), {@code level=l1} or {@code level=l2}, {@code
 *       result=hit} or {@code result=miss}: reads answered (or not) by each level;
 *   <li>{@code cache.level.loads} (function counter): calls of the loader or mapping function;
 *   <li>{@code cache.l2.latency} (function timer): Redis commands, their count and total time;
 *   <li>{@code cache.l2.errors} (function counter): Redis commands that failed or timed out;
 *   <li>{@code cache.invalidations} (function counter), {@code direction=sent} or {@code
 *       direction=received}: keys-only invalidation messages;
 *   <li>{@code cache.resyncs} (function counter): L1 emptied after the invalidation channel was
 *       interrupted (one per reconnection);
 *   <li>{@code cache.l2.connected} (gauge): 1 while both Redis connections are open, else 0;
 *   <li>{@code cache.l2.unrepaired} (gauge), {@code scope=keys}: keys whose put or invalidation
 *       could not reach Redis and that are not yet repaired (this instance loads them meanwhile;
 *       see {@link TwoLevelCache}); {@code scope=all}: 1 while the whole cache is marked (a failed
 *       {@code invalidateAll}, or more than {@value TwoLevelCache#MAX_UNREPAIRED_KEYS} keys).
 * </ul>
 *
 * <p>The names are apart from {@code cache.gets} so that this binder and {@code cache-metrics}'s
 * {@code LarderCacheMetrics} (which describes L1 through {@link TwoLevelCache#stats()}) can both be
 * bound to one cache without two meters of one name carrying different tag keys.
 */
public final class TwoLevelCacheMetrics implements MeterBinder {

  private final TwoLevelCache<?, ?> cache;
  private final Tags tags;

  /** Creates a binder of {@code cache} under {@code cacheName}, with extra {@code tags}. */
  public TwoLevelCacheMetrics(TwoLevelCache<?, ?> cache, String cacheName, Iterable<Tag> tags) {
    this.cache = requireNonNull(cache, "cache");
    this.tags = Tags.concat(tags, "cache", requireNonNull(cacheName, "cacheName"));
  }

  /** Binds the meters of {@code cache} to {@code registry} and returns the cache. */
  public static <C extends TwoLevelCache<?, ?>> C monitor(
      MeterRegistry registry, C cache, String cacheName, String... tags) {
    new TwoLevelCacheMetrics(cache, cacheName, Tags.of(tags)).bindTo(registry);
    return cache;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(
        registry,
        "cache.level.gets",
        "Reads answered by a level",
        s -> s.levelStats().l1Hits(),
        "level",
        "l1",
        "result",
        "hit");
    counter(
        registry,
        "cache.level.gets",
        "Reads not answered by a level",
        s -> s.levelStats().l1Misses(),
        "level",
        "l1",
        "result",
        "miss");
    counter(
        registry,
        "cache.level.gets",
        "Reads answered by a level",
        s -> s.levelStats().l2Hits(),
        "level",
        "l2",
        "result",
        "hit");
    counter(
        registry,
        "cache.level.gets",
        "Reads not answered by a level",
        s -> s.levelStats().l2Misses(),
        "level",
        "l2",
        "result",
        "miss");
    counter(registry, "cache.level.loads", "Calls of the loader", s -> s.levelStats().loads());
    counter(
        registry,
        "cache.l2.errors",
        "Redis commands that failed or timed out",
        s -> s.levelStats().l2Errors());
    counter(
        registry,
        "cache.invalidations",
        "Invalidation messages published",
        s -> s.levelStats().invalidationsSent(),
        "direction",
        "sent");
    counter(
        registry,
        "cache.invalidations",
        "Invalidation messages received",
        s -> s.levelStats().invalidationsReceived(),
        "direction",
        "received");
    counter(
        registry,
        "cache.resyncs",
        "L1 emptied after an interruption of the invalidations",
        s -> s.levelStats().resyncs());
    FunctionTimer.builder(
            "cache.l2.latency",
            cache,
            s -> s.levelStats().l2Calls(),
            s -> s.levelStats().l2Nanos(),
            TimeUnit.NANOSECONDS)
        .tags(tags)
        .description("Redis commands of the cache")
        .register(registry);
    Gauge.builder("cache.l2.connected", cache, s -> s.isL2Connected() ? 1 : 0)
        .tags(tags)
        .description("1 while both Redis connections are open")
        .register(registry);
    Gauge.builder("cache.l2.unrepaired", cache, TwoLevelCache::keysAwaitingRepair)
        .tags(tags)
        .tag("scope", "keys")
        .description("Keys whose write could not reach Redis, not yet repaired")
        .register(registry);
    Gauge.builder("cache.l2.unrepaired", cache, s -> s.allAwaitingRepair() ? 1 : 0)
        .tags(tags)
        .tag("scope", "all")
        .description("1 while a failed clear, or too many failed keys, awaits repair")
        .register(registry);
  }

  private void counter(
      MeterRegistry registry,
      String name,
      String description,
      ToDoubleFunction<TwoLevelCache<?, ?>> count,
      String... extraTags) {
    FunctionCounter.builder(name, cache, count)
        .tags(tags.and(extraTags))
        .description(description)
        .register(registry);
  }
}
