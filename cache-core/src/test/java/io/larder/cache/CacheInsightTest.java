package io.larder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link CacheInsight} of unbounded caches: a Larder addition, so Caffeine has no counterpart. */
class CacheInsightTest {

  @Test
  void everyCacheAndItsMapViewOfferTheSameInsight() {
    Cache<String, String> cache = Caffeine.newBuilder().name("users").build();
    LoadingCache<String, String> loading = Caffeine.newBuilder().build(key -> key);

    CacheInsight insight = CacheInsight.of(cache).orElseThrow();
    assertThat(CacheInsight.of(cache.asMap())).containsSame(insight);
    assertThat(CacheInsight.of(loading)).isPresent();
    assertThat(CacheInsight.of(loading.asMap()).orElseThrow().name())
        .isEqualTo(CacheInsight.of(loading).orElseThrow().name());
  }

  @Test
  void insightIsEmptyForOtherObjectsIncludingCaffeinesCaches() {
    assertThat(CacheInsight.of(Map.of())).isEmpty();
    assertThat(CacheInsight.of(com.github.benmanes.caffeine.cache.Caffeine.newBuilder().build()))
        .isEmpty();
    assertThat(CacheInsight.of("cache")).isEmpty();
  }

  @Test
  void nameAndCreationSiteComeFromTheBuilder() {
    Cache<String, String> named = Caffeine.newBuilder().name("users").build();
    Cache<String, String> unnamed = Caffeine.newBuilder().build();

    CacheInsight insight = CacheInsight.of(named).orElseThrow();
    assertThat(insight.name()).isEqualTo("users");
    // The site is the first frame outside io.larder.cache, which this test's package is part of,
    // so here it is the test framework's frame that called this method
    assertThat(insight.creationSite()).isNotBlank().doesNotStartWith("io.larder.cache.");
    CacheInsight unnamedInsight = CacheInsight.of(unnamed).orElseThrow();
    assertThat(unnamedInsight.name()).isEqualTo(unnamedInsight.creationSite());
  }

  @Test
  void anUnboundedCacheHasNoBoundsAndASampledEstimate() {
    Cache<String, String> cache = Caffeine.newBuilder().build();
    cache.put("a", "b");
    CacheInsight insight = CacheInsight.of(cache).orElseThrow();

    assertThat(insight.isBounded()).isFalse();
    assertThat(insight.maximum()).isEqualTo(OptionalLong.empty());
    assertThat(insight.maximumBytes()).isEqualTo(OptionalLong.empty());
    // Sampled by the unbounded-cache guard: two short strings and the table's node
    assertThat(insight.estimatedBytes()).isBetween(64L, 512L);
    assertThat(insight.guardWarnings()).isZero();
    assertThat(insight.loadsInFlight()).isZero();
  }

  @Test
  void loadsInFlightCountsReloadsInProgress() {
    CompletableFuture<String> reload = new CompletableFuture<>();
    LoadingCache<String, String> cache =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .build(
                new CacheLoader<String, String>() {
                  @Override
                  public String load(String key) {
                    return key;
                  }

                  @Override
                  public CompletableFuture<String> asyncReload(String key, String old, Executor e) {
                    return reload;
                  }
                });
    cache.put("a", "a");
    CacheInsight insight = CacheInsight.of(cache).orElseThrow();

    var unused = cache.refresh("a");
    assertThat(insight.loadsInFlight()).isEqualTo(1);
    reload.complete("b");
    assertThat(insight.loadsInFlight()).isZero();
    assertThat(cache.getIfPresent("a")).isEqualTo("b");
  }

  @Test
  void loadsInFlightCountsComputationsInProgress() throws InterruptedException {
    Cache<String, String> cache = Caffeine.newBuilder().build();
    CacheInsight insight = CacheInsight.of(cache).orElseThrow();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread loader =
        new Thread(
            () ->
                cache.get(
                    "a",
                    key -> {
                      started.countDown();
                      awaitUninterruptibly(release);
                      return "loaded";
                    }));
    loader.start();
    try {
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(insight.loadsInFlight()).isEqualTo(1);
    } finally {
      release.countDown();
      loader.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(loader.isAlive()).isFalse();
    assertThat(insight.loadsInFlight()).isZero();
    assertThat(cache.getIfPresent("a")).isEqualTo("loaded");
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void insightToStringNamesTheCache() {
    Cache<String, String> cache = Caffeine.newBuilder().name("orders").build();
    Optional<CacheInsight> insight = CacheInsight.of(cache);
    assertThat(insight.orElseThrow().toString()).contains("orders");
  }
}
