package io.larder.onedependency;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.spring.LarderCacheManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 21's "one dependency": a Spring Boot web application with exactly {@code
 * spring-boot-starter-web}, {@code -cache}, {@code -actuator}, {@code
 * micrometer-registry-prometheus} and {@code io.larder:cache-spring} shows Larder's cache meters in
 * {@code /actuator/metrics} and {@code /actuator/prometheus}, over real HTTP, for a cache made at
 * start-up and one made on demand. The demo's own application.properties is not read ({@code
 * spring.config.name}); the only settings are the endpoints' exposure, which Boot's Caffeine
 * support needs too, and the start-up cache name.
 */
@SpringBootTest(
    classes = OneDependencyApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=one-dependency-has-no-properties-file",
      "server.address=127.0.0.1",
      "management.endpoints.web.exposure.include=metrics,prometheus",
      "spring.cache.cache-names=books",
      "larder.cache.dynamic=true"
    })
class OneDependencyApplicationTest {
  /** The meters of issue 21's list, as /actuator/metrics names them. */
  private static final List<String> LARDER_METERS =
      List.of(
          "cache.gets",
          "cache.puts",
          "cache.evictions",
          "cache.size",
          "cache.memory.estimated",
          "cache.memory.max",
          "cache.loads.inflight",
          "cache.guard.warnings",
          "larder.budget.max",
          "larder.budget.estimated");

  private final HttpClient client = HttpClient.newHttpClient();
  private final ObjectMapper json = JsonMapper.builder().build();

  @LocalServerPort private int port;

  @Autowired private CacheManager cacheManager;

  @Test
  void theModuleDeclaresExactlyTheIssuesDependencies() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    String project = pom.substring(pom.indexOf("</dependencyManagement>"));
    String dependencies =
        project.substring(project.indexOf("<dependencies>"), project.indexOf("</dependencies>"));
    List<String> compile = new ArrayList<>();
    Matcher dependency =
        Pattern.compile("(?s)<dependency>(.*?)</dependency>").matcher(dependencies);
    while (dependency.find()) {
      String body = dependency.group(1);
      if (!body.contains("<scope>test</scope>")) {
        Matcher artifact = Pattern.compile("<artifactId>(.*?)</artifactId>").matcher(body);
        assertThat(artifact.find()).isTrue();
        compile.add(artifact.group(1));
      }
    }
    assertThat(compile)
        .containsExactlyInAnyOrder(
            "cache-spring",
            "spring-boot-starter-web",
            "spring-boot-starter-cache",
            "spring-boot-starter-actuator",
            "micrometer-registry-prometheus");
  }

  @Test
  void startUpAndOnDemandCachesAreMeasuredWithNoOtherDependency() throws Exception {
    assertThat(cacheManager).isInstanceOf(LarderCacheManager.class);
    assertThat(cacheManager.getCacheNames()).containsExactly("books");

    get("/books/1");
    get("/books/1");
    get("/authors/2");
    get("/authors/2");
    get("/authors/2");

    List<String> names = new ArrayList<>();
    json.readTree(get("/actuator/metrics")).get("names").forEach(n -> names.add(n.asString()));
    assertThat(names).containsAll(LARDER_METERS);

    assertThat(measurement("cache.gets?tag=cache:books&tag=result:hit")).isEqualTo(1.0);
    assertThat(measurement("cache.gets?tag=cache:books&tag=result:miss")).isEqualTo(1.0);
    assertThat(measurement("cache.gets?tag=cache:authors&tag=result:hit")).isEqualTo(2.0);
    assertThat(measurement("cache.gets?tag=cache:authors&tag=result:miss")).isEqualTo(1.0);
    assertThat(measurement("cache.size?tag=cache:authors")).isEqualTo(1.0);
    assertThat(measurement("cache.memory.estimated?tag=cache:authors")).isPositive();

    String scrape = get("/actuator/prometheus");
    assertThat(scrape)
        .containsPattern("cache_gets_total\\{[^}]*cache=\"books\"[^}]*result=\"hit\"[^}]*\\} 1\\.0")
        .containsPattern(
            "cache_gets_total\\{[^}]*cache=\"authors\"[^}]*result=\"hit\"[^}]*\\} 2\\.0")
        .containsPattern("cache_memory_estimated_bytes\\{[^}]*cache=\"authors\"")
        .containsPattern("cache_guard_warnings_total\\{[^}]*cache=\"books\"")
        .containsPattern("larder_budget_max_bytes\\{[^}]*cache_manager=\"cacheManager\"")
        .contains("larder_memory_alerts_active{");
  }

  private double measurement(String query) throws IOException, InterruptedException {
    return json.readTree(get("/actuator/metrics/" + query))
        .get("measurements")
        .get(0)
        .get("value")
        .asDouble();
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
