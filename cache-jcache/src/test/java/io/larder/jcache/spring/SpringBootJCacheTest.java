package io.larder.jcache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.jcache.LarderCachingProvider;
import io.larder.metrics.LarderCacheMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Spring Boot application with {@code spring.cache.type=jcache} and Larder's provider named by
 * {@code spring.cache.jcache.provider}: {@code @Cacheable} works, Boot's JCache cache metrics are
 * present, and Larder's byte gauges are present through {@code cache-metrics} on the unwrapped
 * cache. The cache is bounded by a Larder spec in the file {@code spring.cache.jcache.config}
 * names.
 */
class SpringBootJCacheTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MetricsAutoConfiguration.class,
                  CacheAutoConfiguration.class,
                  CacheMetricsAutoConfiguration.class))
          .withUserConfiguration(BookApplication.class)
          .withPropertyValues(
              "spring.cache.type=jcache",
              "spring.cache.jcache.provider=" + LarderCachingProvider.class.getName(),
              "spring.cache.jcache.config=classpath:larder-spring.properties",
              "spring.cache.cache-names=books");

  @Test
  void cacheableCallsAreAnsweredByLarderThroughJCache() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          CacheManager cacheManager = context.getBean(CacheManager.class);
          assertThat(cacheManager).isInstanceOf(JCacheCacheManager.class);
          javax.cache.CacheManager jcache = ((JCacheCacheManager) cacheManager).getCacheManager();
          assertThat(jcache.getCachingProvider()).isInstanceOf(LarderCachingProvider.class);

          BookService books = context.getBean(BookService.class);
          assertThat(books.title(1)).isEqualTo("Book 1");
          assertThat(books.title(1)).isEqualTo("Book 1");
          assertThat(books.title(2)).isEqualTo("Book 2");
          assertThat(books.lookups()).isEqualTo(2);

          Cache cache = cacheManager.getCache("books");
          io.larder.cache.Cache<?, ?> larder = larderCacheOf(cache);
          assertThat(larder.estimatedSize()).isEqualTo(2);
          assertThat(larder.policy().eviction().orElseThrow().getMaximum()).isEqualTo(100);
        });
  }

  @Test
  void bootsJCacheMetricsAndLardersByteGaugesArePresent() {
    runner.run(
        context -> {
          BookService books = context.getBean(BookService.class);
          books.title(1);
          books.title(1);
          books.title(2);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          // Boot's JCache cache metrics (Micrometer's JCacheMetrics, read from the statistics
          // MXBean)
          assertThat(
                  registry
                      .get("cache.gets")
                      .tags("cache", "books", "cache.manager", "cacheManager", "result", "hit")
                      .functionCounter()
                      .count())
              .isEqualTo(1.0);
          assertThat(
                  registry
                      .get("cache.gets")
                      .tags("cache", "books", "cache.manager", "cacheManager", "result", "miss")
                      .functionCounter()
                      .count())
              .isEqualTo(2.0);
          assertThat(registry.get("cache.puts").tags("cache", "books").functionCounter().count())
              .isEqualTo(2.0);
          // Larder's byte gauges, bound by cache-metrics on the unwrapped Larder cache
          double bytes =
              registry
                  .get("cache.memory.estimated")
                  .tags("cache", "books", "cache.manager", "larder")
                  .gauge()
                  .value();
          assertThat(bytes).isPositive();
          assertThat(
                  registry
                      .get("cache.size.max")
                      .tags("cache", "books", "cache.manager", "larder")
                      .gauge()
                      .value())
              .isEqualTo(100.0);
          assertThat(
                  registry
                      .get("cache.guard.warnings")
                      .tags("cache", "books", "cache.manager", "larder")
                      .functionCounter()
                      .count())
              .isZero();
        });
  }

  static io.larder.cache.Cache<?, ?> larderCacheOf(Cache cache) {
    javax.cache.Cache<?, ?> jcache = (javax.cache.Cache<?, ?>) cache.getNativeCache();
    return jcache.unwrap(io.larder.cache.Cache.class);
  }

  /** The application: a cached service, a meter registry and Larder's byte gauges. */
  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class BookApplication {
    @Bean
    BookService bookService() {
      return new BookService();
    }

    @Bean
    SimpleMeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    /** Binds Larder's own meters (byte estimates, guard warnings) to every JCache cache. */
    @Bean
    MeterBinder larderCacheMeters(CacheManager cacheManager) {
      return registry -> {
        for (String name : cacheManager.getCacheNames()) {
          LarderCacheMetrics.monitor(
              registry,
              larderCacheOf(cacheManager.getCache(name)),
              name,
              Tags.of("cache.manager", "larder"));
        }
      };
    }
  }

  /** A service whose lookups are cached in {@code books}. */
  static class BookService {
    private final AtomicInteger lookups = new AtomicInteger();

    @Cacheable("books")
    public String title(int id) {
      lookups.incrementAndGet();
      return "Book " + id;
    }

    int lookups() {
      return lookups.get();
    }
  }
}
