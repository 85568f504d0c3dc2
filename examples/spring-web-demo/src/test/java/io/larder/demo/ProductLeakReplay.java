package io.larder.demo;

import io.larder.test.LeakReplay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The incident against the demo over HTTP, as a user writes it with {@code cache-test}: requests
 * for products never asked for before ({@code /products/{n}} with a new {@code n} each time), then
 * every cache checked and the heap after GC compared. Shared by the Larder and the {@code
 * spring.cache.type=simple} runs, which differ only in configuration.
 */
final class ProductLeakReplay {
  /** Enough unique products (about 1.5 KB each) to outgrow the heap limit below if all are kept. */
  static final int CALLS = 12_000;

  /** The most the heap after GC may grow: well above the 2 MB budget of the Larder run. */
  static final long HEAP_GROWTH_LIMIT = 8L << 20;

  private ProductLeakReplay() {}

  /** Replays unique product requests against the demo on {@code port}; returns the report. */
  static LeakReplay.Report replay(int port, Object... larderCaches) {
    HttpClient client = HttpClient.newHttpClient();
    for (int i = 0; i < 300; i++) {
      get(client, port, "/products/" + (1_000_000 + i)); // warms the server up before measuring
    }
    return LeakReplay.of(
            key ->
                get(
                    client,
                    port,
                    "/products/" + Long.parseLong(key.substring("product-".length()))))
        .keyPrefix("product-")
        .watching(larderCaches)
        .calls(CALLS)
        .duration(Duration.ofSeconds(60))
        .heapGrowthAtMost(HEAP_GROWTH_LIMIT)
        .run();
  }

  private static void get(HttpClient client, int port, String path) {
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + response.statusCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
