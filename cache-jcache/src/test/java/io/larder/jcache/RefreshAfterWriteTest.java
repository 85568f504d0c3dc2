package io.larder.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LarderConfiguration#setRefreshAfterWrite(Duration)}: a read after the interval returns the
 * current value and refreshes it through the JCache loader in the background.
 */
class RefreshAfterWriteTest {
  private static final AtomicInteger LOADS = new AtomicInteger();

  private final LarderCachingProvider provider = new LarderCachingProvider();

  @AfterEach
  void close() {
    provider.close();
    LOADS.set(0);
  }

  /** Loads "version-N", N counting the loads. */
  public static final class CountingLoader implements CacheLoader<String, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String load(String key) {
      return "version-" + LOADS.incrementAndGet();
    }

    @Override
    public java.util.Map<String, String> loadAll(Iterable<? extends String> keys) {
      java.util.Map<String, String> values = new java.util.HashMap<>();
      keys.forEach(key -> values.put(key, load(key)));
      return values;
    }
  }

  private CacheManager manager() {
    return provider.getCacheManager(URI.create("test:refresh"), getClass().getClassLoader());
  }

  @Test
  void aReadAfterTheIntervalReturnsTheValueAndRefreshesIt() {
    Cache<String, String> cache =
        manager()
            .createCache(
                "refreshing",
                new LarderConfiguration<String, String>()
                    .setTypes(String.class, String.class)
                    .setReadThrough(true)
                    .setCacheLoaderFactory(FactoryBuilder.factoryOf(CountingLoader.class))
                    .setRefreshAfterWrite(Duration.ofMillis(50)));
    assertThat(cache.get("key")).isEqualTo("version-1");
    long eligible = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    await().atMost(Duration.ofSeconds(30)).until(() -> System.nanoTime() - eligible > 0);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(cache.get("key")).isEqualTo("version-2"));
    assertThat(LOADS.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void refreshAfterWriteNeedsAReadThroughLoader() {
    assertThatThrownBy(
            () ->
                manager()
                    .createCache(
                        "no-loader",
                        new LarderConfiguration<String, String>()
                            .setRefreshAfterWrite(Duration.ofMinutes(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refreshAfterWrite")
        .hasMessageContaining("no-loader");
  }

  @Test
  void theSpecStringSetsIt() {
    assertThat(new LarderConfiguration<>().applySpec("refreshAfterWrite=5m").getRefreshAfterWrite())
        .isEqualTo(Duration.ofMinutes(5));
  }
}
