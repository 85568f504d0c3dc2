package io.larder.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@link LeakReplay}: the incident's unique keys against a service whose cache is unbounded (caught
 * by the rule, and by the heap when the "cache" is a plain map) and against the same service with a
 * bound (passes). Each replay is limited to a few seconds.
 */
class LeakReplayTest {

  /** A service that caches what it computes for each key, like the incident's. */
  static final class ProductService {
    final Cache<String, byte[]> cache;

    ProductService(Cache<String, byte[]> cache) {
      this.cache = cache;
    }

    byte[] find(String id) {
      return cache.get(id, key -> new byte[1024]);
    }
  }

  @Test
  void anUnboundedCacheIsCaughtWithItsFigures() {
    ProductService service = new ProductService(Caffeine.newBuilder().name("products").build());
    LeakReplay.Report report =
        LeakReplay.of(service::find)
            .watching(service.cache)
            .calls(5_000)
            .duration(Duration.ofSeconds(8))
            .run();
    assertThat(report.calls()).isEqualTo(5_000);
    assertThat(report.caches())
        .singleElement()
        .satisfies(
            figures -> {
              assertThat(figures.unbounded()).isTrue();
              assertThat(figures.entries()).isEqualTo(5_000);
            });
    assertThatThrownBy(report::assertNoLeak)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("cache 'products' built at")
        .hasMessageContaining("is unbounded and holds 5000 entries after 5000 unique keys")
        .hasMessageContaining("Leak replay: 5,000 calls");
  }

  @Test
  void aBoundedCachePassesAndStaysWithinItsBound() {
    ProductService service =
        new ProductService(Caffeine.newBuilder().name("products").maximumSize(1_000).build());
    LeakReplay.Report report =
        LeakReplay.of(service::find).watching(service.cache).calls(30_000).run().assertNoLeak();
    assertThat(report.caches())
        .singleElement()
        .satisfies(
            figures -> {
              assertThat(figures.unbounded()).isFalse();
              assertThat(figures.entries()).isLessThanOrEqualTo(1_000);
            });
    assertThat(report.heapGrowth()).isLessThan(16L << 20);
  }

  @Test
  void aCacheBuiltDuringTheReplayIsCheckedWithoutBeingWatched() {
    Map<String, ProductService> lazily = new ConcurrentHashMap<>();
    LeakReplay.Report report =
        LeakReplay.of(
                key ->
                    lazily
                        .computeIfAbsent(
                            "only", k -> new ProductService(Caffeine.newBuilder().build()))
                        .find(key))
            .calls(2_000)
            .run();
    assertThat(report.caches()).hasSize(1);
    assertThatThrownBy(report::assertNoLeak).hasMessageContaining("is unbounded");
  }

  @Test
  void aPlainMapThatKeepsEveryKeyIsCaughtByTheHeap() {
    Map<String, byte[]> everything = new ConcurrentHashMap<>();
    LeakReplay.Report report =
        LeakReplay.of(key -> everything.put(key, new byte[1024]))
            .calls(40_000)
            .duration(Duration.ofSeconds(8))
            .run();
    assertThat(report.caches()).isEmpty();
    assertThat(report.heapGrowth()).isGreaterThan(16L << 20);
    assertThatThrownBy(report::assertNoLeak)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the heap after collection grew by")
        .hasMessageContaining("more than the limit of 16.0 MiB");
    assertThat(everything).hasSize(40_000);
  }

  @Test
  void settingsAreValidated() {
    LeakReplay replay = LeakReplay.of(key -> {});
    assertThatThrownBy(() -> replay.calls(0)).hasMessage("calls must be positive, was 0");
    assertThatThrownBy(() -> replay.duration(Duration.ZERO))
        .hasMessage("duration must be positive, was PT0S");
    assertThatThrownBy(() -> replay.heapGrowthAtMost(-1))
        .hasMessage("heapGrowthAtMost must not be negative, was -1");
    assertThatThrownBy(() -> replay.watching(new Object()))
        .hasMessage("not a Larder cache: java.lang.Object");
  }
}
