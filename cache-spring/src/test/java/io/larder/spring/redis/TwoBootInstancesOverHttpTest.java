package io.larder.spring.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.redis.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Two Spring Boot applications, each with its own embedded web server on a loopback port and its
 * own two-level caches, share one redis-server, as two instances of a service behind a load
 * balancer do; the test talks to them over HTTP only. After a {@code @CachePut} or
 * {@code @CacheEvict} on one, the other serves the new state; both keep serving while Redis is
 * killed and started again (empty), and agree again after.
 *
 * <p>The two applications run in this JVM (each context has its own Redis clients, with their own
 * instance identities, so every invalidation goes through Redis); the map below stands for the
 * database the two instances share. Every wait is bounded by {@link #AGREE}, a deadline for a busy
 * machine, not the coherence bound itself, which PropagationTest measures in cache-redis.
 */
class TwoBootInstancesOverHttpTest {
  private static final Duration AGREE = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final Map<Long, String> DATABASE = new ConcurrentHashMap<>();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
  private RedisServer redis;

  /** The catalogue service: the cached methods, as an application writes them. */
  @Service
  public static class Titles {
    /** Read-through with sync = true: a miss while Redis is down is answered, not failed. */
    @Cacheable(value = "titles", sync = true)
    public String find(Long id) {
      return DATABASE.getOrDefault(id, "(none)");
    }

    @CachePut(value = "titles", key = "#p0")
    public String save(Long id, String title) {
      DATABASE.put(id, title);
      return title;
    }

    @CacheEvict("titles")
    public void remove(Long id) {
      DATABASE.remove(id);
    }

    @CacheEvict(value = "titles", allEntries = true)
    public void forgetAll() {}
  }

  /** The HTTP endpoints. */
  @RestController
  public static class TitleController {
    private final Titles titles;

    TitleController(Titles titles) {
      this.titles = titles;
    }

    @GetMapping("/titles/{id}")
    public String get(@PathVariable("id") Long id) {
      return titles.find(id);
    }

    @PutMapping("/titles/{id}")
    public String put(@PathVariable("id") Long id, @RequestBody String title) {
      return titles.save(id, title);
    }

    @DeleteMapping("/titles/{id}")
    public void delete(@PathVariable("id") Long id) {
      titles.remove(id);
    }

    @DeleteMapping("/titles")
    public void deleteAll() {
      titles.forgetAll();
    }
  }

  /** The application. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @EnableCaching
  @Import({Titles.class, TitleController.class})
  static class TitleApplication {}

  @BeforeEach
  void start() throws IOException {
    DATABASE.clear();
    redis = RedisServer.start();
  }

  @AfterEach
  void stop() throws IOException {
    try {
      instances.forEach(ConfigurableApplicationContext::close);
    } finally {
      redis.close();
    }
  }

  private String instance() {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(TitleApplication.class)
            .properties(
                "spring.application.name=titles",
                "server.address=127.0.0.1",
                "server.port=0",
                "spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=" + redis.port(),
                "larder.cache.redis.enabled=true",
                "larder.cache.redis.value-type=java.lang.String",
                "larder.cache.redis.command-timeout=300ms",
                "larder.monitor.enabled=false",
                "management.endpoint.health.show-details=always")
            .run();
    instances.add(context);
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return "http://127.0.0.1:" + port;
  }

  @Test
  void instancesAgreeAfterPutAndEvictAndThroughARedisRestart() throws Exception {
    Set<String> threadsBefore = LettuceThreads.names();
    String a = instance();
    String b = instance();
    DATABASE.put(1L, "Dune");

    assertThat(get(a, 1)).isEqualTo("Dune");
    assertThat(get(b, 1)).isEqualTo("Dune");

    assertThat(send(a, "PUT", "/titles/1", "Dune Messiah").statusCode()).isEqualTo(200);
    long putSeen = awaitAgreement(b, 1, "Dune Messiah");

    assertThat(send(a, "DELETE", "/titles/1", null).statusCode()).isEqualTo(200);
    DATABASE.put(1L, "Children of Dune");
    long evictSeen = awaitAgreement(b, 1, "Children of Dune");

    DATABASE.put(1L, "God Emperor of Dune");
    assertThat(get(b, 1)).as("cached until an eviction").isEqualTo("Children of Dune");
    assertThat(send(a, "DELETE", "/titles", null).statusCode()).isEqualTo(200);
    long clearSeen = awaitAgreement(b, 1, "God Emperor of Dune");
    System.out.printf(
        "Instance B served the new state %.1f ms (@CachePut), %.1f ms"
            + " (@CacheEvict), %.1f ms (allEntries) after A's response%n",
        putSeen / 1e6, evictSeen / 1e6, clearSeen / 1e6);

    assertThat(health(a)).contains("\"status\":\"UP\"", "\"link\":\"connected\"");

    // Redis crashes: both instances keep answering reads, from L1 or the method.
    redis.kill();
    for (int i = 0; i < 20; i++) {
      assertThat(get(a, 1)).isEqualTo("God Emperor of Dune");
      assertThat(get(b, 1)).isEqualTo("God Emperor of Dune");
      assertThat(get(b, 2)).isEqualTo("(none)");
    }
    // The default write-failure=log: the update is answered (the method ran, the database has
    // it), the failed Redis write is logged, counted and repaired when the link returns, and this
    // instance reads the key from the method, not from L1 or Redis, until then.
    HttpResponse<String> written = send(a, "PUT", "/titles/1", "Heretics of Dune");
    assertThat(written.statusCode()).as("a write that cannot reach Redis answers").isEqualTo(200);
    assertThat(get(a, 1)).isEqualTo("Heretics of Dune");
    assertThat(health(b))
        .as("a short outage does not fail the health probe")
        .contains("\"status\":\"UP\"", "\"link\":\"reconnecting\"");

    // Redis comes back empty: the instances reconnect by themselves and agree again.
    redis.restart();
    for (String instance : List.of(a, b)) {
      Poll.until(
          AGREE,
          instance + " reconnected to Redis",
          () -> healthQuietly(instance).contains("\"link\":\"connected\""));
    }
    DATABASE.put(1L, "Chapterhouse: Dune");
    awaitAgreement(a, 1, "Chapterhouse: Dune");
    awaitAgreement(b, 1, "Chapterhouse: Dune");
    assertThat(send(b, "PUT", "/titles/1", "Dune (restored)").statusCode()).isEqualTo(200);
    awaitAgreement(a, 1, "Dune (restored)");
    assertThat(get(b, 1)).isEqualTo("Dune (restored)");

    instances.forEach(ConfigurableApplicationContext::close);
    instances.clear();
    Poll.until(
        AGREE,
        "every Lettuce thread the two instances started has ended",
        () -> threadsBefore.containsAll(LettuceThreads.names()));
  }

  private long awaitAgreement(String instance, long id, String expected) {
    return Poll.until(
        AGREE,
        instance + " serves '" + expected + "' for " + id,
        () -> expected.equals(getQuietly(instance, id)));
  }

  /** The larderRedis health component, over HTTP. */
  private String health(String instance) throws IOException, InterruptedException {
    return send(instance, "GET", "/actuator/health/larderRedis", null).body();
  }

  private String healthQuietly(String instance) {
    try {
      return health(instance);
    } catch (IOException | InterruptedException e) {
      return "(failed: " + e + ")";
    }
  }

  private String getQuietly(String instance, long id) {
    try {
      return get(instance, id);
    } catch (IOException | InterruptedException | AssertionError e) {
      return "(failed: " + e + ")";
    }
  }

  private String get(String instance, long id) throws IOException, InterruptedException {
    HttpResponse<String> response = send(instance, "GET", "/titles/" + id, null);
    assertThat(response.statusCode()).as("GET " + instance + "/titles/" + id).isEqualTo(200);
    return response.body();
  }

  private HttpResponse<String> send(String instance, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(instance + path))
            // A bound against a hung exchange, not a latency claim: on this shared machine the
            // first request to a fresh instance once took more than 10 s at a load average of 15.
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "text/plain")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
