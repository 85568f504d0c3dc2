package io.larder.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.spring.LarderCacheManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo as a user sees it, over real HTTP on a random port: cached endpoints fill Larder's
 * caches, and the caches endpoint, metrics, Prometheus scrape and health all show them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DemoApplicationTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private final ObjectMapper json = JsonMapper.builder().build();

  @LocalServerPort private int port;

  @Autowired private CacheManager cacheManager;

  @Autowired private Catalogue catalogue;

  @Test
  void cachedEndpointsAreObservableThroughActuator() throws Exception {
    assertThat(cacheManager).isInstanceOf(LarderCacheManager.class);

    JsonNode first = json.readTree(get("/products/7?locale=fr"));
    assertThat(first.get("id").asLong()).isEqualTo(7);
    assertThat(first.get("locale").asString()).isEqualTo("fr");
    assertThat(first.get("description").asString().length()).isGreaterThan(1000);
    long renders = catalogue.renders();
    get("/products/7?locale=fr");
    get("/products/7?locale=fr");
    assertThat(catalogue.renders()).isEqualTo(renders);
    get("/products/8?locale=de");
    get("/search?q=lamp");

    JsonNode caches =
        json.readTree(get("/actuator/caches"))
            .get("cacheManagers")
            .get("cacheManager")
            .get("caches");
    assertThat(caches.has("products")).isTrue();
    assertThat(caches.has("searches")).isTrue();

    JsonNode hits =
        json.readTree(get("/actuator/metrics/cache.gets?tag=cache:products&tag=result:hit"));
    assertThat(hits.get("measurements").get(0).get("value").asDouble()).isEqualTo(2.0);
    JsonNode misses =
        json.readTree(get("/actuator/metrics/cache.gets?tag=cache:products&tag=result:miss"));
    assertThat(misses.get("measurements").get(0).get("value").asDouble()).isEqualTo(2.0);
    JsonNode bytes =
        json.readTree(get("/actuator/metrics/cache.memory.estimated?tag=cache:products"));
    assertThat(bytes.get("measurements").get(0).get("value").asDouble()).isPositive();

    String prometheus = get("/actuator/prometheus");
    assertThat(prometheus)
        .containsPattern(
            "cache_gets_total\\{[^}]*cache=\"products\"[^}]*result=\"hit\"[^}]*\\} 2\\.0")
        .contains("cache_memory_estimated_bytes{")
        .contains("cache_memory_max_bytes{");

    JsonNode larder = json.readTree(get("/actuator/health")).get("components").get("larder");
    assertThat(larder.get("status").asString()).isEqualTo("UP");
    JsonNode manager = larder.get("details").get("cacheManagers").get("cacheManager");
    assertThat(manager.get("budget").get("maximumBytes").asLong())
        .isEqualTo(((LarderCacheManager) cacheManager).getMemoryBudget().maximumBytes());
    assertThat(manager.get("caches").get("products").get("estimatedBytes").asLong()).isPositive();
  }

  private String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }
}
