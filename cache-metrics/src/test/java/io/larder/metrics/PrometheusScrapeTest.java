package io.larder.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Caffeine;
import io.larder.cache.LoadingCache;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real Prometheus scrape after a known sequence of operations on real Larder caches. */
class PrometheusScrapeTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void scrapeHasCaffeineCompatibleAndLarderMetersWithExpectedValues() {
    LoadingCache<String, String> books =
        Caffeine.newBuilder()
            .name("books")
            .recordStats()
            .executor(Runnable::run)
            .build(key -> "title of " + key);
    LarderCacheMetrics.monitor(registry, books, "books", "app", "library");
    books.get("a"); // miss, load
    books.get("a"); // hit
    books.get("a"); // hit
    books.get("b"); // miss, load
    books.get("c"); // miss, load
    books.getIfPresent("absent"); // miss
    books.cleanUp();

    Scrape scrape = new Scrape(registry.scrape());
    String[] tags = {"cache", "books", "app", "library"};
    assertThat(scrape.value("cache_gets_total", concat(tags, "result", "hit"))).isEqualTo(2);
    assertThat(scrape.value("cache_gets_total", concat(tags, "result", "miss"))).isEqualTo(4);
    assertThat(scrape.value("cache_puts_total", tags)).isEqualTo(3);
    assertThat(scrape.value("cache_evictions_total", tags)).isZero(); // no bound, no eviction
    assertThat(scrape.value("cache_eviction_weight_total", tags)).isZero();
    assertThat(scrape.value("cache_size", tags)).isEqualTo(3);
    assertThat(scrape.value("cache_load_total", concat(tags, "result", "success"))).isEqualTo(3);
    assertThat(scrape.value("cache_load_total", concat(tags, "result", "failure"))).isZero();
    assertThat(scrape.value("cache_load_duration_seconds", tags)).isPositive();
    assertThat(scrape.find("cache_size_max", tags)).isEmpty();
    assertThat(scrape.value("cache_memory_estimated_bytes", tags))
        .isEqualTo(CacheInsight.of(books).orElseThrow().estimatedBytes());
    assertThat(scrape.value("cache_loads_inflight", tags)).isZero();
    assertThat(scrape.value("cache_guard_warnings_total", tags)).isZero();
    assertThat(scrape.find("cache_memory_max_bytes", tags)).isEmpty();
  }

  @Test
  void scrapeHasTheBudgetAndEstimateOfAMemoryBoundedCache() {
    Cache<String, String> pages =
        Caffeine.newBuilder().maximumMemory(4L << 20).recordStats().executor(Runnable::run).build();
    LarderCacheMetrics.monitor(registry, pages, "pages");
    for (int i = 0; i < 100; i++) {
      pages.put("page" + i, "x".repeat(100));
    }
    pages.cleanUp();

    Scrape scrape = new Scrape(registry.scrape());
    long weightedBytes = pages.policy().eviction().orElseThrow().weightedSize().getAsLong();
    assertThat(scrape.value("cache_memory_max_bytes", "cache", "pages")).isEqualTo(4L << 20);
    assertThat(scrape.value("cache_memory_estimated_bytes", "cache", "pages"))
        .isEqualTo(weightedBytes)
        .isGreaterThan(100 * 100); // a hundred values of a hundred characters, at least
    assertThat(scrape.value("cache_size", "cache", "pages")).isEqualTo(100);
    assertThat(scrape.value("cache_size_max", "cache", "pages")).isEqualTo(4L << 20);
  }

  @Test
  void scrapeHasTheMemoryMonitorsMeters() {
    try (MemoryMonitor monitor = MemoryMonitor.builder().registry(registry).build()) {
      Cache<String, String> cache = Caffeine.newBuilder().executor(Runnable::run).build();
      cache.put("k", "v");
      monitor.watch(cache).sample();

      Scrape scrape = new Scrape(registry.scrape());
      assertThat(scrape.value("larder_memory_alerts_total", "alert", "cache-near-budget")).isZero();
      assertThat(scrape.value("larder_memory_alerts_total", "alert", "unbounded-growth")).isZero();
      assertThat(scrape.value("larder_memory_alerts_total", "alert", "heap-after-gc")).isZero();
      assertThat(scrape.value("larder_memory_caches_estimated_bytes"))
          .isEqualTo(CacheInsight.of(cache).orElseThrow().estimatedBytes());
    }
    assertThat(new Scrape(registry.scrape()).names()).noneMatch(name -> name.startsWith("larder_"));
  }

  private static String[] concat(String[] tags, String... more) {
    String[] all = new String[tags.length + more.length];
    System.arraycopy(tags, 0, all, 0, tags.length);
    System.arraycopy(more, 0, all, tags.length, more.length);
    return all;
  }
}
