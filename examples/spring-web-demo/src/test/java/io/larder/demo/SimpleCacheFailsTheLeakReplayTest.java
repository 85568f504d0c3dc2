package io.larder.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.test.LeakReplay;
import io.larder.test.SpringCacheLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;

/**
 * The same replay fails the demo run with Spring's {@code ConcurrentMapCacheManager} ({@code
 * spring.cache.type=simple}), the incident's configuration: the heap after GC grows with every
 * unique product. {@code @SpringCacheLeakCheck}'s check of the context names the unbounded cache.
 * Both failures are what a user's test would report; here they are asserted.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"spring.cache.type=simple", "server.address=127.0.0.1"})
class SimpleCacheFailsTheLeakReplayTest {
  @LocalServerPort private int port;

  @Autowired private CacheManager cacheManager;

  @Test
  void uniqueProductsFillTheHeapAndTheReplayFails() {
    assertThat(cacheManager).isInstanceOf(ConcurrentMapCacheManager.class);
    LeakReplay.Report report = ProductLeakReplay.replay(port);
    System.out.println(report);
    assertThat(report.heapGrowth()).isGreaterThan(ProductLeakReplay.HEAP_GROWTH_LIMIT);
    assertThatThrownBy(report::assertNoLeak)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the heap after collection grew by");
  }

  @Test
  void springCacheLeakCheckFailsATestOfThisContextNamingTheCache() {
    var results =
        EngineTestKit.engine("junit-jupiter")
            .selectors(DiscoverySelectors.selectClass(SimpleContextUnderCheck.class))
            .execute();
    assertThat(results.testEvents().started().count()).isEqualTo(1);
    Throwable failure =
        results
            .testEvents()
            .failed()
            .list()
            .get(0)
            .getPayload(TestExecutionResult.class)
            .flatMap(TestExecutionResult::getThrowable)
            .orElseThrow();
    assertThat(failure)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "[cacheManager / products] is a org.springframework.cache.concurrent.ConcurrentMapCache",
            "which nothing bounds");
  }

  /** A user's test of the same configuration, with the context check on; run by the one above. */
  @SpringBootTest(
      webEnvironment = WebEnvironment.NONE,
      properties = {"spring.cache.type=simple"})
  @SpringCacheLeakCheck
  static class SimpleContextUnderCheck {
    @Autowired private Catalogue catalogue;

    @Test
    void rendersAProduct() {
      assertThat(catalogue.product(1, "en").id()).isEqualTo(1);
    }
  }
}
