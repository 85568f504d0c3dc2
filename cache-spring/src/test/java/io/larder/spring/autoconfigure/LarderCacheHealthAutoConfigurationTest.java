package io.larder.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.MemoryBudget;
import io.larder.spring.LarderCache;
import io.larder.spring.LarderCacheManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class LarderCacheHealthAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          LarderCacheAutoConfiguration.class,
          CacheAutoConfiguration.class,
          LarderCacheHealthAutoConfiguration.class))
      .withUserConfiguration(CachingConfiguration.class);

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CachingConfiguration {}

  @Configuration(proxyBeanMethods = false)
  static class OwnManagerConfiguration {
    @Bean
    LarderCacheManager appCacheManager() {
      LarderCacheManager manager = new LarderCacheManager("own");
      manager.setMemoryBudget(MemoryBudget.ofBytes(1 << 20));
      return manager;
    }
  }

  @Test
  void reportsEachCacheAgainstItsBudget() {
    runner.withPropertyValues("spring.cache.cache-names=books", "larder.cache.memory-budget=4MB")
        .run(context -> {
          assertThat(context).hasBean("larderHealthIndicator");
          context.getBean(CacheManager.class).getCache("books").put("k", "v");
          Health health = context.getBean("larderHealthIndicator", HealthIndicator.class).health();

          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails())
              .containsEntry("downThreshold", "100.0%")
              .containsEntry("guardWarnings", 0L);
          Map<String, Object> manager = child(health.getDetails(), "cacheManagers", "cacheManager");
          Map<String, Object> budget = child(manager, "budget");
          assertThat(budget).containsEntry("maximumBytes", 4L << 20).containsKey("usage");
          Map<String, Object> books = child(manager, "caches", "books");
          assertThat(books)
              .containsEntry("maximumBytes", 4L << 20)
              .containsEntry("bounded", true)
              .containsEntry("guardWarnings", 0L)
              .containsKeys("estimatedBytes", "loadsInFlight");
        });
  }

  @Test
  void goesDownOnlyPastTheThreshold() {
    runner.withPropertyValues(
            "larder.cache.memory-budget=64MB", "larder.cache.health.down-threshold=0.001%")
        .run(context -> {
          HealthIndicator indicator =
              context.getBean("larderHealthIndicator", HealthIndicator.class);
          assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
          Cache cache = context.getBean(CacheManager.class).getCache("books");
          for (int i = 0; i < 100; i++) {
            cache.put(i, new byte[1024]);
          }
          // The budget counts a write's bytes when the cache's maintenance applies it, which runs
          // on the common pool: on a loaded machine it may not have run yet. cleanUp() runs it.
          ((LarderCache) cache).getNativeCache().cleanUp();
          assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        });
  }

  @Test
  void reportsTheApplicationsOwnLarderCacheManager() {
    runner.withUserConfiguration(OwnManagerConfiguration.class).run(context -> {
      assertThat(context).doesNotHaveBean("cacheManager");
      Health health = context.getBean("larderHealthIndicator", HealthIndicator.class).health();
      assertThat(child(health.getDetails(), "cacheManagers", "appCacheManager", "caches"))
          .containsKey("own");
    });
  }

  @Test
  void canBeDisabled() {
    runner.withPropertyValues("management.health.larder.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("larderHealthIndicator"));
  }

  @Test
  void backsOffWithoutActuatorHealth() {
    runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(LarderCacheHealthIndicator.class);
          assertThat(context).hasSingleBean(LarderCacheManager.class);
        });
  }

  @Test
  void backsOffWithoutLarderCacheManager() {
    runner.withPropertyValues("spring.cache.type=simple")
        .run(context -> assertThat(context).doesNotHaveBean(LarderCacheHealthIndicator.class));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> details, String... path) {
    Map<String, Object> current = details;
    for (String key : path) {
      assertThat(current).containsKey(key);
      current = (Map<String, Object>) current.get(key);
    }
    return current;
  }
}
