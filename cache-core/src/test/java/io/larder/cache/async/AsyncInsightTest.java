package io.larder.cache.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Caffeine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * {@link CacheInsight} of asynchronous caches: <b>a Larder addition</b> that Caffeine does not
 * have, so these tests run against Larder only.
 */
class AsyncInsightTest {

  @Test
  void larderAdditionInsightIsOfferedByTheCacheAndEveryView() {
    AsyncLoadingCache<Integer, String> cache =
        Caffeine.newBuilder()
            .name("async-orders")
            .executor(Runnable::run)
            .buildAsync((Integer key, Executor executor) -> new CompletableFuture<String>());
    for (Object view :
        new Object[] {cache, cache.asMap(), cache.synchronous(), cache.synchronous().asMap()}) {
      assertThat(CacheInsight.of(view))
          .hasValueSatisfying(
              insight -> {
                assertThat(insight.name()).isEqualTo("async-orders");
                assertThat(insight.creationSite()).isNotBlank();
                assertThat(insight.isBounded()).isFalse();
                assertThat(insight.maximum()).isEmpty();
              });
    }
  }

  @Test
  void larderAdditionInsightCountsInFlightFuturesAndReloadsAsLoads() {
    AsyncCache<Integer, String> cache = Caffeine.newBuilder().executor(Runnable::run).buildAsync();
    CacheInsight insight = CacheInsight.of(cache).orElseThrow();
    var first = new CompletableFuture<String>();
    cache.put(1, first);
    cache.put(2, new CompletableFuture<>());
    cache.put(3, CompletableFuture.completedFuture("done"));
    assertThat(insight.loadsInFlight()).isEqualTo(2);
    first.complete("one");
    assertThat(insight.loadsInFlight()).isEqualTo(1);
  }
}
