package io.larder.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.MemoryBudget;
import io.larder.metrics.HeapReader;
import io.larder.metrics.HeapUsage;
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
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
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
    runner
        .withPropertyValues("spring.cache.cache-names=books", "larder.cache.memory-budget=4MB")
        .run(
            context -> {
              assertThat(context).hasBean("larderHealthIndicator");
              context.getBean(CacheManager.class).getCache("books").put("k", "v");
              Health health =
                  context.getBean("larderHealthIndicator", HealthIndicator.class).health();

              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(health.getDetails())
                  .containsEntry(
                      "downWhen",
                      "heap after GC at least 95.0% of the maximum and"
                          + " Larder's caches at least 50.0% of it")
                  .containsEntry("guardWarnings", 0L)
                  .containsKeys("heap", "warnings");
              assertThat(child(health.getDetails(), "heap"))
                  .containsKeys("usedAfterGcBytes", "maxBytes", "cachesEstimatedBytes");
              Map<String, Object> manager =
                  child(health.getDetails(), "cacheManagers", "cacheManager");
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

  // This replaces goesDownOnlyPastTheThreshold, which asserted the old rule (DOWN past a share of
  // the budget): a full budget is the normal state of a warm cache, and DOWN made load balancers
  // restart healthy instances. DOWN now needs a nearly full heap that Larder's caches fill.
  @Test
  void fullBudgetIsHealthyAndReportedAsAWarning() {
    runner
        .withPropertyValues("larder.cache.memory-budget=64KB")
        .run(
            context -> {
              HealthIndicator indicator =
                  context.getBean("larderHealthIndicator", HealthIndicator.class);
              LarderCacheManager manager = context.getBean(LarderCacheManager.class);
              Cache cache = manager.getCache("books");
              for (int i = 0; i < 200; i++) {
                cache.put(i, new byte[1024]);
              }
              // The budget counts a write's bytes when the cache's maintenance applies it, which
              // runs
              // on the common pool: on a loaded machine it may not have run yet. cleanUp() runs it.
              ((LarderCache) cache).getNativeCache().cleanUp();
              MemoryBudget budget = manager.getMemoryBudget();
              assertThat(budget.estimatedBytes()).isGreaterThan(budget.maximumBytes() * 9 / 10);
              assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
            });
  }

  @Test
  void goesDownOnlyWhenTheHeapAfterGcIsNearlyFullAndTheCachesHoldMostOfIt() {
    LarderCacheManager manager = new LarderCacheManager("books");
    manager.setMemoryBudget(MemoryBudget.ofBytes(1 << 20));
    Cache cache = manager.getCache("books");
    for (int i = 0; i < 100; i++) {
      cache.put(i, new byte[1024]);
    }
    ((LarderCache) cache).getNativeCache().cleanUp();
    long caches = manager.getMemoryBudget().estimatedBytes();
    assertThat(caches).isPositive();
    Map<String, LarderCacheManager> managers = Map.of("cacheManager", manager);

    // Heap after GC at 96% of the maximum, and the caches hold 60% of it: DOWN.
    long used = caches * 10 / 6;
    HeapReader nearlyFull = () -> new HeapUsage(used, used * 100 / 96);
    assertThat(
            new LarderCacheHealthIndicator(() -> managers, nearlyFull, 0.95, 0.50)
                .health()
                .getStatus())
        .isEqualTo(Status.DOWN);

    // The same heap, but the caches hold 10% of it: the rest of the application fills it.
    long usedByOthers = caches * 10;
    HeapReader filledByOthers = () -> new HeapUsage(usedByOthers, usedByOthers * 100 / 96);
    assertThat(
            new LarderCacheHealthIndicator(() -> managers, filledByOthers, 0.95, 0.50)
                .health()
                .getStatus())
        .isEqualTo(Status.UP);

    // The caches hold 60% of a heap that is 80% full after GC: not yet a danger.
    HeapReader roomy = () -> new HeapUsage(used, used * 100 / 80);
    assertThat(
            new LarderCacheHealthIndicator(() -> managers, roomy, 0.95, 0.50).health().getStatus())
        .isEqualTo(Status.UP);
  }

  @Test
  void reportsTheApplicationsOwnLarderCacheManager() {
    runner
        .withUserConfiguration(OwnManagerConfiguration.class)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean("cacheManager");
              Health health =
                  context.getBean("larderHealthIndicator", HealthIndicator.class).health();
              assertThat(child(health.getDetails(), "cacheManagers", "appCacheManager", "caches"))
                  .containsKey("own");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnManagerDeclaredAsCacheManagerConfiguration {
    @Bean
    CacheManager appCacheManager() {
      return new LarderCacheManager("declared");
    }
  }

  @Test
  void reportsTheApplicationsOwnLarderCacheManagerDeclaredAsCacheManager() {
    runner
        .withUserConfiguration(OwnManagerDeclaredAsCacheManagerConfiguration.class)
        .run(
            context -> {
              Health health =
                  context.getBean("larderHealthIndicator", HealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(child(health.getDetails(), "cacheManagers", "appCacheManager", "caches"))
                  .containsKey("declared");
            });
  }

  @Test
  void canBeDisabled() {
    runner
        .withPropertyValues("management.health.larder.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("larderHealthIndicator"));
  }

  @Test
  void backsOffWithoutActuatorHealth() {
    runner
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(LarderCacheHealthIndicator.class);
              assertThat(context).hasSingleBean(LarderCacheManager.class);
            });
  }

  @Test
  void backsOffWithoutLarderCacheManager() {
    runner
        .withPropertyValues("spring.cache.type=simple")
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
