package io.larder.onedependency;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.spring.LarderCacheManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.Cache;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 21's health test: while concurrent writers drive the shared budget to 100% and beyond,
 * {@code /actuator/health} answers 200 every time, over real HTTP. A full budget is the normal
 * state of a warm cache, and a 503 there would make a load balancer restart a healthy instance.
 */
@SpringBootTest(
    classes = OneDependencyApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=one-dependency-has-no-properties-file",
      "server.address=127.0.0.1",
      "larder.cache.memory-budget=256KB",
      "management.endpoint.health.show-details=always",
      "management.endpoint.health.show-components=always"
    })
class HealthUnderFullBudgetTest {
  private static final int WRITERS = 4;
  private static final int MAX_POLLS = 3_000;
  private static final int FULL_POLLS_WANTED = 20;

  private final HttpClient client = HttpClient.newHttpClient();
  private final ObjectMapper json = JsonMapper.builder().build();

  @LocalServerPort private int port;

  @Autowired private LarderCacheManager cacheManager;

  @Test
  void healthStaysUpWhileConcurrentWritersKeepTheBudgetFull() throws Exception {
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      done.add(
          writers.submit(
              () -> {
                Cache cache = cacheManager.getCache("writes" + (writer % 2));
                for (long i = 0; writing.get() && i < 10_000_000L; i++) {
                  cache.put(writer + ":" + i, new byte[8 * 1024]);
                }
              }));
    }
    int polls = 0;
    int fullPolls = 0;
    double highest = 0.0;
    List<Integer> statuses = new ArrayList<>();
    try {
      while (polls < MAX_POLLS && fullPolls < FULL_POLLS_WANTED) {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        polls++;
        statuses.add(response.statusCode());
        JsonNode budget =
            json.readTree(response.body())
                .get("components")
                .get("larder")
                .get("details")
                .get("cacheManagers")
                .get("cacheManager")
                .get("budget");
        double usage =
            budget.get("estimatedBytes").asDouble() / budget.get("maximumBytes").asDouble();
        highest = Math.max(highest, usage);
        if (usage >= 1.0) {
          fullPolls++;
        }
      }
    } finally {
      writing.set(false);
      writers.shutdown();
      assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    for (Future<?> writer : done) {
      writer.get();
    }

    assertThat(statuses).as("every /actuator/health answer").containsOnly(200);
    assertThat(fullPolls)
        .as(
            "answers with the budget at or over 100%% (highest %.1f%%, in %d polls)",
            highest * 100, polls)
        .isEqualTo(FULL_POLLS_WANTED);
    System.out.printf(
        "health: %d polls, %d with the budget at or over 100%%, highest %.1f%%%n",
        polls, fullPolls, highest * 100);
  }
}
