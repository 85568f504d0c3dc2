package io.larder.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.metrics.LarderCacheMetrics;
import io.larder.metrics.MemoryAlertListener;
import io.larder.metrics.MemoryMonitor;
import io.larder.spring.LarderCacheManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class LarderCacheMetricsAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  LarderCacheAutoConfiguration.class,
                  CacheAutoConfiguration.class,
                  LarderCacheMetricsAutoConfiguration.class,
                  CacheMetricsAutoConfiguration.class))
          .withUserConfiguration(RegistryConfiguration.class);

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class RegistryConfiguration {
    @Bean
    SimpleMeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ListenerConfiguration {
    @Bean
    MemoryAlertListener alertListener() {
      return new MemoryAlertListener() {
        @Override
        public void onAlert(io.larder.metrics.MemoryAlert alert) {}
      };
    }
  }

  @Test
  void bindsCachesThatExistAtStartUp() {
    runner
        .withPropertyValues("spring.cache.cache-names=books")
        .run(
            context -> {
              assertThat(context).hasSingleBean(LarderCacheMeterBinderProvider.class);
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              Cache books = context.getBean(CacheManager.class).getCache("books");
              books.get("1", () -> "one");
              books.get("1", () -> "one");

              assertThat(gets(registry, "books", "hit").functionCounter().count()).isEqualTo(1.0);
              assertThat(gets(registry, "books", "miss").functionCounter().count()).isEqualTo(1.0);
              assertThat(registry.find("cache.memory.estimated").tag("cache", "books").gauge())
                  .isNotNull();
              assertThat(
                      gets(registry, "books", "hit")
                          .functionCounter()
                          .getId()
                          .getTag("cache.manager"))
                  .isEqualTo("cacheManager");
            });
  }

  @Test
  void bindsCachesCreatedOnDemandAfterStartUp() {
    runner.run(
        context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.find("cache.gets").tag("cache", "late").meters()).isEmpty();

          Cache late = context.getBean(CacheManager.class).getCache("late");
          late.put("k", "v");
          late.get("k");

          assertThat(gets(registry, "late", "hit").functionCounter().count()).isEqualTo(1.0);
          assertThat(registry.find("cache.memory.max").tag("cache", "late").gauge().value())
              .isPositive();
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnLarderManagerConfiguration {
    /** Declared as a plain CacheManager, as applications often do. */
    @Bean
    CacheManager appCacheManager() {
      return new LarderCacheManager("own");
    }
  }

  @Test
  void rebuiltCacheIsMeasuredAfreshNotThroughTheOldCachesMeters() {
    runner
        .withPropertyValues("spring.cache.cache-names=books")
        .run(
            context -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              LarderCacheManager manager = context.getBean(LarderCacheManager.class);
              Cache before = manager.getCache("books");
              before.put("k", "v");
              before.get("k");
              assertThat(gets(registry, "books", "hit").functionCounter().count()).isEqualTo(1.0);

              // A setting that changes rebuilds the cache: a new Larder cache under the same name.
              manager.setCacheSpecification("books", "maximumSize=5");
              Cache after = manager.getCache("books");
              assertThat(after).isNotSameAs(before);
              after.put("a", "1");
              after.get("a");
              after.get("a");
              after.get("missing");

              assertThat(gets(registry, "books", "hit").functionCounter().count()).isEqualTo(2.0);
              assertThat(gets(registry, "books", "miss").functionCounter().count()).isEqualTo(1.0);
              assertThat(registry.find("cache.size.max").tag("cache", "books").gauge().value())
                  .isEqualTo(5.0);
              assertThat(registry.find("cache.gets").tag("cache", "books").meters()).hasSize(2);
            });
  }

  @Test
  void droppedCachesMetersAreRemoved() {
    runner.run(
        context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          LarderCacheManager manager = context.getBean(LarderCacheManager.class);
          manager.getCache("temp").put("k", "v");
          manager.getCache("other").put("k", "v");
          assertThat(registry.find("cache.memory.estimated").tag("cache", "temp").gauge())
              .isNotNull();

          manager.removeCache("temp");
          assertThat(registry.find("cache.gets").tag("cache", "temp").meters()).isEmpty();
          assertThat(registry.find("cache.memory.estimated").tag("cache", "temp").meters())
              .isEmpty();
          assertThat(registry.find("cache.memory.estimated").tag("cache", "other").gauge())
              .isNotNull();

          // resetCaches() drops the caches created on demand, and their meters with them.
          manager.resetCaches();
          assertThat(registry.find("cache.size").tag("cache", "other").meters()).isEmpty();
        });
  }

  @Test
  void measuresEachManagersSharedBudget() {
    runner
        .withPropertyValues("larder.cache.memory-budget=4MB")
        .run(
            context -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              context.getBean(CacheManager.class).getCache("books").put("k", new byte[4096]);
              ((io.larder.spring.LarderCache) context.getBean(CacheManager.class).getCache("books"))
                  .getNativeCache()
                  .cleanUp();
              assertThat(
                      registry
                          .find("larder.budget.max")
                          .tag("cache.manager", "cacheManager")
                          .gauge()
                          .value())
                  .isEqualTo(4.0 * (1 << 20));
              assertThat(
                      registry
                          .find("larder.budget.estimated")
                          .tag("cache.manager", "cacheManager")
                          .gauge()
                          .value())
                  .isGreaterThan(4096.0);
            });
  }

  @Test
  void applicationsOwnLarderManagerDeclaredAsCacheManagerGetsMetricsAndTheMonitor() {
    runner
        .withUserConfiguration(OwnLarderManagerConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(LarderCacheMetricsBinder.class);
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              LarderCacheManager manager = (LarderCacheManager) context.getBean(CacheManager.class);
              manager.getCache("own").put("k", "v");
              manager.getCache("own").get("k");
              assertThat(gets(registry, "own", "hit").functionCounter().count()).isEqualTo(1.0);
              assertThat(
                      gets(registry, "own", "hit")
                          .functionCounter()
                          .getId()
                          .getTag("cache.manager"))
                  .isEqualTo("app");
              assertThat(registry.find("larder.budget.max").tag("cache.manager", "app").gauge())
                  .isNotNull();
              MemoryMonitor monitor =
                  context.getBean(LarderMemoryMonitorLifecycle.class).getMonitor();
              monitor.sample();
              assertThat(monitor.watchedCount()).isEqualTo(1);
            });
  }

  @Test
  void monitorCanBeSwitchedOffAndTuned() {
    runner
        .withPropertyValues("larder.monitor.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(LarderMemoryMonitorLifecycle.class));
    runner
        .withPropertyValues("larder.monitor.budget-share=101%")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("larder.monitor.budget-share");
            });
    runner
        .withPropertyValues("larder.monitor.interval=0s")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("larder.monitor.interval");
            });
  }

  @Test
  void runsTheMemoryMonitorWithTheContext() {
    runner
        .withUserConfiguration(ListenerConfiguration.class)
        .withPropertyValues("spring.cache.cache-names=books", "larder.cache.dynamic=true")
        .run(
            context -> {
              LarderMemoryMonitorLifecycle lifecycle =
                  context.getBean(LarderMemoryMonitorLifecycle.class);
              assertThat(lifecycle.isRunning()).isTrue();
              MemoryMonitor monitor = lifecycle.getMonitor();
              assertThat(monitor.isStarted()).isTrue();
              context.getBean(CacheManager.class).getCache("later");
              monitor.sample();
              assertThat(monitor.watchedCount()).isEqualTo(2);
              assertThat(
                      context
                          .getBean(MeterRegistry.class)
                          .find("larder.memory.caches.estimated")
                          .gauge())
                  .isNotNull();

              ((ConfigurableApplicationContext) context.getSourceApplicationContext()).stop();
              assertThat(lifecycle.isRunning()).isFalse();
              assertThat(monitor.isStarted()).isFalse();
            });
  }

  @Test
  void backsOffWithoutMicrometer() {
    runner
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(CacheMeterBinderProvider.class);
              assertThat(context).doesNotHaveBean(LarderMemoryMonitorLifecycle.class);
              assertThat(context).hasSingleBean(io.larder.spring.LarderCacheManager.class);
            });
  }

  @Test
  void backsOffWithoutLarderMetrics() {
    runner
        .withClassLoader(new FilteredClassLoader(LarderCacheMetrics.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(LarderCacheMeterBinderProvider.class);
              assertThat(context).doesNotHaveBean(LarderMemoryMonitorLifecycle.class);
            });
  }

  @Test
  void monitorIsNotConfiguredWithoutLarderCacheManager() {
    runner
        .withPropertyValues("spring.cache.type=simple")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(LarderMemoryMonitorLifecycle.class);
              assertThat(context).doesNotHaveBean(LarderCacheMetricsBinder.class);
            });
  }

  private static Search gets(MeterRegistry registry, String cache, String result) {
    return registry.find("cache.gets").tag("cache", cache).tag("result", result);
  }
}
