package io.larder.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.spring.LarderCacheManager;
import io.larder.test.LeakReplay;
import io.larder.test.SpringCacheLeakCheck;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;

/**
 * The demo, with Larder's cache manager and a 2 MB budget, passes the incident's replay over HTTP
 * (12,000 never-seen products): its caches stay within their bound and the heap after GC grows by
 * less than 8 MiB; and {@code @SpringCacheLeakCheck} finds nothing unbounded in the context.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"larder.cache.memory-budget=2MB", "server.address=127.0.0.1"})
@SpringCacheLeakCheck
class LarderPassesTheLeakReplayTest {
  @LocalServerPort private int port;

  @Autowired private CacheManager cacheManager;

  @Test
  void uniqueProductsStayWithinTheBudget() {
    assertThat(cacheManager).isInstanceOf(LarderCacheManager.class);
    cacheManager.getCache("products"); // created on first use: watch it from the start
    LeakReplay.Report report =
        ProductLeakReplay.replay(port, cacheManager.getCache("products").getNativeCache());
    System.out.println(report);
    report.assertNoLeak();
    assertThat(report.calls()).isEqualTo(ProductLeakReplay.CALLS);
    assertThat(report.caches())
        .singleElement()
        .satisfies(
            products ->
                assertThat(products.estimatedBytes()).isLessThanOrEqualTo(2_000_000L * 13 / 10));
  }
}
