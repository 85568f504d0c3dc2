package io.larder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.stats.CacheStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The usage example of README.md, exactly as written there, so that it cannot rot: one test runs
 * it, the other checks that README.md still shows the same lines.
 */
class ReadmeExampleTest {

  record Product(String id, String name) {}

  static Product loadProduct(String id) {
    return new Product(id, "product " + id);
  }

  @Test
  void readmeUsageExampleRunsAsWritten() {
    List<String> removed = new ArrayList<>();

    // --- README usage example, begin ---
    Cache<String, Product> products =
        Caffeine.newBuilder()
            .name("products") // Larder addition: names logs and metrics
            .recordStats()
            .removalListener(
                (String id, Product product, RemovalCause cause) -> removed.add(id + ":" + cause))
            .executor(Runnable::run) // run listeners on the caller, for the example
            .build();

    Product p = products.get("42", id -> loadProduct(id)); // miss: loads and caches
    products.get("42", id -> loadProduct(id)); // hit
    products.invalidate("42"); // listener: 42:EXPLICIT
    CacheStats stats = products.stats(); // hitCount=1, missCount=1
    // --- README usage example, end ---

    assertThat(p).isEqualTo(new Product("42", "product 42"));
    assertThat(stats.hitCount()).isEqualTo(1);
    assertThat(stats.missCount()).isEqualTo(1);
    assertThat(stats.loadSuccessCount()).isEqualTo(1);
    assertThat(removed).containsExactly("42:EXPLICIT");
    assertThat(CacheInsight.of(products).orElseThrow().name()).isEqualTo("products");
  }

  @Test
  void readmeShowsTheLinesThisTestRuns() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String source =
        Files.readString(
            Path.of("src", "test", "java", "io", "larder", "cache", "ReadmeExampleTest.java"));

    Matcher block = Pattern.compile("```java\n(import io\\.larder[^`]*?)```").matcher(readme);
    assertThat(block.find())
        .as("README.md's usage block (```java, starting with imports)")
        .isTrue();
    String shown = block.group(1).replaceFirst("(?s)^(import [^\n]*\n)+\n", "");

    Matcher marked =
        Pattern.compile("(?s)// --- README usage example, begin ---\n(.*?)\n\\s*// --- README")
            .matcher(source);
    assertThat(marked.find()).isTrue();
    String run = marked.group(1).replaceAll("(?m)^ {4}", "") + "\n";

    assertThat(shown).isEqualTo(run);
  }
}
