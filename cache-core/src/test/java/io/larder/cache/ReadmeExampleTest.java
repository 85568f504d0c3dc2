package io.larder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.stats.CacheStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The usage example of README.md, exactly as written there, so that it cannot rot. */
class ReadmeExampleTest {

  record Product(String id, String name) {}

  static Product loadProduct(String id) {
    return new Product(id, "product " + id);
  }

  @Test
  void readmeUsageExampleRunsAsWritten() {
    List<String> removed = new ArrayList<>();

    // --- README usage example, begin ---
    Cache<String, Product> products = Caffeine.newBuilder()
        .name("products")                      // Larder addition: names logs and metrics
        .recordStats()
        .removalListener((String id, Product product, RemovalCause cause) ->
            removed.add(id + ":" + cause))
        .executor(Runnable::run)               // run listeners on the caller, for the example
        .build();

    Product p = products.get("42", id -> loadProduct(id));   // miss: loads and caches
    products.get("42", id -> loadProduct(id));                // hit
    products.invalidate("42");                                // listener: 42:EXPLICIT
    CacheStats stats = products.stats();                      // hitCount=1, missCount=1
    // --- README usage example, end ---

    assertThat(p).isEqualTo(new Product("42", "product 42"));
    assertThat(stats.hitCount()).isEqualTo(1);
    assertThat(stats.missCount()).isEqualTo(1);
    assertThat(stats.loadSuccessCount()).isEqualTo(1);
    assertThat(removed).containsExactly("42:EXPLICIT");
    assertThat(CacheInsight.of(products).orElseThrow().name()).isEqualTo("products");
  }
}
