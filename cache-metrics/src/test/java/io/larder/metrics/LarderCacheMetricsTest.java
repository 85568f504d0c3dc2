package io.larder.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Caffeine;
import io.larder.cache.LoadingCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The binder registers Micrometer's {@code CaffeineCacheMetrics} meters, with the same names,
 * types, tags and values as that binder on a real Caffeine cache given the same operations, plus
 * Larder's own; and it never keeps a cache alive.
 */
class LarderCacheMetricsTest {
  private static final Set<String> LARDER_METERS =
      Set.of(
          "cache.memory.estimated",
          "cache.memory.max",
          "cache.size.max",
          "cache.loads.inflight",
          "cache.guard.warnings");

  /** The same operations on either library's loading cache, given as get and getIfPresent. */
  private static void exercise(Function<String, String> get, Consumer<String> getIfPresent) {
    get.apply("a"); // miss, load
    get.apply("a"); // hit
    get.apply("b"); // miss, load
    get.apply("c"); // miss, load
    getIfPresent.accept("absent"); // miss
  }

  @Test
  void registersCaffeineCacheMetricsMetersWithTheSameNamesTypesTagsAndValues() {
    MeterRegistry caffeineRegistry = new SimpleMeterRegistry();
    com.github.benmanes.caffeine.cache.LoadingCache<String, String> caffeine =
        com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
            .recordStats()
            .executor(Runnable::run)
            .build(key -> key.toUpperCase());
    CaffeineCacheMetrics.monitor(caffeineRegistry, caffeine, "books", "region", "eu");
    exercise(caffeine::get, caffeine::getIfPresent);
    caffeine.cleanUp();

    MeterRegistry larderRegistry = new SimpleMeterRegistry();
    LoadingCache<String, String> larder =
        Caffeine.newBuilder().recordStats().executor(Runnable::run).build(key -> key.toUpperCase());
    LarderCacheMetrics.monitor(larderRegistry, larder, "books", "region", "eu");
    exercise(larder::get, larder::getIfPresent);
    larder.cleanUp();

    Map<String, Meter> expected = byId(caffeineRegistry);
    Map<String, Meter> actual = byId(larderRegistry);
    assertThat(expected.keySet())
        .contains(
            "cache.size{cache=books,region=eu}",
            "cache.gets{cache=books,region=eu,result=hit}",
            "cache.gets{cache=books,region=eu,result=miss}",
            "cache.puts{cache=books,region=eu}",
            "cache.evictions{cache=books,region=eu}",
            "cache.eviction.weight{cache=books,region=eu}",
            "cache.load{cache=books,region=eu,result=success}",
            "cache.load{cache=books,region=eu,result=failure}",
            "cache.load.duration{cache=books,region=eu}");
    assertThat(actual.keySet()).containsAll(expected.keySet());
    for (Map.Entry<String, Meter> entry : expected.entrySet()) {
      Meter caffeineMeter = entry.getValue();
      Meter larderMeter = actual.get(entry.getKey());
      assertThat(larderMeter.getId().getType())
          .as(entry.getKey())
          .isEqualTo(caffeineMeter.getId().getType());
      assertThat(kind(larderMeter)).as(entry.getKey()).isEqualTo(kind(caffeineMeter));
      assertThat(larderMeter.getId().getBaseUnit())
          .as(entry.getKey())
          .isEqualTo(caffeineMeter.getId().getBaseUnit());
      if (!entry.getKey().startsWith("cache.load.duration")) { // a time, not a count
        assertThat(value(larderMeter)).as(entry.getKey()).isEqualTo(value(caffeineMeter));
      }
    }
    assertThat(actual.keySet())
        .allSatisfy(
            id -> {
              if (!expected.containsKey(id)) {
                assertThat(LARDER_METERS).contains(id.substring(0, id.indexOf('{')));
              }
            });
    CacheStats stats = caffeine.stats();
    assertThat(value(actual.get("cache.puts{cache=books,region=eu}")))
        .as("cache.puts counts loads, as CaffeineCacheMetrics does")
        .isEqualTo(stats.loadCount())
        .isEqualTo(3.0);
  }

  @Test
  void reportsLarderMetersWithUnitsAndOnlyTheBoundsACacheHas() {
    MeterRegistry registry = new SimpleMeterRegistry();
    Cache<String, String> unbounded = Caffeine.newBuilder().executor(Runnable::run).build();
    Cache<String, String> sized =
        Caffeine.newBuilder().maximumSize(100).executor(Runnable::run).build();
    Cache<String, String> budgeted =
        Caffeine.newBuilder().maximumMemory(1 << 20).executor(Runnable::run).build();
    LarderCacheMetrics.monitor(registry, sized, "sized");
    LarderCacheMetrics.monitor(registry, budgeted, "budgeted");
    LarderCacheMetrics.monitor(registry, unbounded, "unbounded");
    for (Cache<String, String> cache : List.of(sized, budgeted, unbounded)) {
      for (int i = 0; i < 10; i++) {
        cache.put("key" + i, "value" + i);
      }
      cache.cleanUp();
    }

    assertThat(registry.get("cache.size.max").tag("cache", "sized").gauge().value()).isEqualTo(100);
    assertThat(registry.find("cache.size.max").tag("cache", "unbounded").gauge()).isNull();

    Gauge budget = registry.get("cache.memory.max").tag("cache", "budgeted").gauge();
    assertThat(budget.value()).isEqualTo(1 << 20);
    assertThat(budget.getId().getBaseUnit()).isEqualTo("bytes");
    assertThat(registry.find("cache.memory.max").tag("cache", "sized").gauge()).isNull();
    assertThat(registry.find("cache.memory.max").tag("cache", "unbounded").gauge()).isNull();

    double budgetedBytes =
        registry.get("cache.memory.estimated").tag("cache", "budgeted").gauge().value();
    assertThat(budgetedBytes)
        .isEqualTo(CacheInsight.of(budgeted).orElseThrow().estimatedBytes())
        .isEqualTo(budgeted.policy().eviction().orElseThrow().weightedSize().getAsLong())
        .isGreaterThan(10 * 2 * 40); // ten entries of two short strings, at least
    budgeted.put("big", "x".repeat(10_000)); // read on each poll
    assertThat(registry.get("cache.memory.estimated").tag("cache", "budgeted").gauge().value())
        .isGreaterThan(budgetedBytes + 10_000);
    for (String name : List.of("sized", "unbounded")) {
      assertThat(registry.get("cache.memory.estimated").tag("cache", name).gauge().value())
          .as(name)
          .isGreaterThan(10 * 2 * 40);
    }
    assertThat(registry.get("cache.size").tag("cache", "sized").gauge().value()).isEqualTo(10);
    for (String name : List.of("sized", "budgeted", "unbounded")) {
      Gauge estimated = registry.get("cache.memory.estimated").tag("cache", name).gauge();
      assertThat(estimated.getId().getBaseUnit()).isEqualTo("bytes");
      assertThat(registry.get("cache.loads.inflight").tag("cache", name).gauge().value()).isZero();
      assertThat(registry.get("cache.guard.warnings").tag("cache", name).functionCounter().count())
          .isZero();
    }
  }

  @Test
  void aCacheWithoutStatisticsGetsOnlySizeAndLarderMeters() {
    MeterRegistry registry = new SimpleMeterRegistry();
    Cache<String, String> cache = Caffeine.newBuilder().executor(Runnable::run).build();
    cache.put("k", "v");
    LarderCacheMetrics.monitor(registry, cache, "plain");

    Set<String> names = new TreeSet<>();
    registry.getMeters().forEach(meter -> names.add(meter.getId().getName()));
    assertThat(names)
        .containsExactlyInAnyOrder(
            "cache.size", "cache.memory.estimated", "cache.loads.inflight", "cache.guard.warnings");
    assertThat(registry.get("cache.size").gauge().value()).isEqualTo(1);
  }

  @Test
  void monitorsAnAsyncCacheWithLoadMeters() {
    MeterRegistry registry = new SimpleMeterRegistry();
    AsyncLoadingCache<String, String> cache =
        Caffeine.newBuilder().recordStats().executor(Runnable::run).buildAsync(key -> "v");
    assertThat(LarderCacheMetrics.monitor(registry, cache, "async", Tags.of("a", "b")))
        .isSameAs(cache);
    cache.get("k").join();
    cache.get("k").join();

    assertThat(
            registry
                .get("cache.gets")
                .tags("cache", "async", "a", "b", "result", "hit")
                .functionCounter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("cache.load").tags("result", "success").functionCounter().count())
        .isEqualTo(1);
    assertThat(registry.get("cache.size").gauge().value()).isEqualTo(1);
  }

  @Test
  void aDroppedCacheIsGarbageCollectedWhileItsMetersStayRegistered() {
    MeterRegistry registry = new SimpleMeterRegistry();
    WeakReference<Object> ref = bindAndForget(registry, false);

    assertThat(GarbageCollection.awaitCleared(ref, Duration.ofSeconds(30))).isTrue();
    assertThat(registry.get("cache.size").gauge().value()).isNaN();
    assertThat(registry.get("cache.memory.estimated").gauge().value()).isNaN();
    assertThat(registry.get("cache.gets").tag("result", "hit").functionCounter().count())
        .as("a counter keeps its last count")
        .isEqualTo(1);
  }

  @Test
  void aDroppedAsyncCacheIsGarbageCollectedWhileItsMetersStayRegistered() {
    MeterRegistry registry = new SimpleMeterRegistry();
    WeakReference<Object> ref = bindAndForget(registry, true);

    assertThat(GarbageCollection.awaitCleared(ref, Duration.ofSeconds(30))).isTrue();
    assertThat(registry.get("cache.size").gauge().value()).isNaN();
  }

  private static WeakReference<Object> bindAndForget(MeterRegistry registry, boolean async) {
    Caffeine<Object, Object> builder = Caffeine.newBuilder().recordStats().executor(Runnable::run);
    Object cache;
    if (async) {
      AsyncLoadingCache<String, String> asyncCache = builder.buildAsync(key -> "v");
      LarderCacheMetrics.monitor(registry, asyncCache, "dropped");
      asyncCache.get("k").join();
      asyncCache.get("k").join();
      cache = asyncCache;
    } else {
      LoadingCache<String, String> syncCache = builder.build(key -> "v");
      LarderCacheMetrics.monitor(registry, syncCache, "dropped");
      syncCache.get("k");
      syncCache.get("k");
      cache = syncCache;
    }
    // Read every meter once, as a scrape would, before the cache is dropped.
    registry.getMeters().forEach(meter -> meter.measure().forEach(Measurement::getValue));
    assertThat(registry.get("cache.size").gauge().value()).isEqualTo(1);
    return new WeakReference<>(cache);
  }

  @Test
  void rejectsAnObjectThatIsNotALarderCache() {
    assertThatThrownBy(() -> new LarderCacheMetrics<>("not a cache", "x", Tags.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String");
  }

  private static Map<String, Meter> byId(MeterRegistry registry) {
    Map<String, Meter> meters = new TreeMap<>();
    for (Meter meter : registry.getMeters()) {
      StringBuilder id = new StringBuilder(meter.getId().getName()).append('{');
      meter
          .getId()
          .getTags()
          .forEach(tag -> id.append(tag.getKey()).append('=').append(tag.getValue()).append(','));
      id.setCharAt(id.length() - 1, '}');
      meters.put(id.toString(), meter);
    }
    return meters;
  }

  private static String kind(Meter meter) {
    if (meter instanceof TimeGauge) {
      return "TimeGauge";
    } else if (meter instanceof Gauge) {
      return "Gauge";
    } else if (meter instanceof FunctionCounter) {
      return "FunctionCounter";
    }
    return meter.getClass().getName();
  }

  private static double value(Meter meter) {
    return meter.measure().iterator().next().getValue();
  }
}
