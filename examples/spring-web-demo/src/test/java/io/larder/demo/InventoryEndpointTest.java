package io.larder.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The post-deployment check of issue 25, over real HTTP: one GET of {@code /actuator/larder} tells
 * that no cache is unbounded and no guard has fired, and lists each cache with its bound.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "server.address=127.0.0.1",
      "management.endpoints.web.exposure.include=health,larder"
    })
class InventoryEndpointTest {
  @LocalServerPort private int port;

  @Test
  void oneCallTellsThatNoCacheIsUnboundedAndNoGuardFired() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    client.send(request("/products/3?locale=en"), HttpResponse.BodyHandlers.ofString());
    client.send(request("/search?q=chair"), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> response =
        client.send(request("/actuator/larder"), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode inventory = JsonMapper.builder().build().readTree(response.body());
    assertThat(inventory.get("unboundedCaches").asLong()).isZero();
    assertThat(inventory.get("guardWarnings").asLong()).isZero();
    JsonNode manager = inventory.get("cacheManagers").get("cacheManager");
    assertThat(manager.get("budgetMaximumBytes").asLong()).isPositive();
    JsonNode products = manager.get("caches").get("products");
    assertThat(products.get("bounded").asBoolean()).isTrue();
    assertThat(products.get("bound").asString()).startsWith("maximumMemory");
    assertThat(products.get("entries").asLong()).isEqualTo(1);
    assertThat(products.get("estimatedBytes").asLong()).isPositive();
    assertThat(manager.get("caches").get("searches").get("bound").asString())
        .contains("expireAfterWrite 10m");
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
  }
}
