package io.larder.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.metrics.LarderCacheMetrics;
import io.larder.metrics.MemoryAlertListener;
import io.larder.metrics.MemoryMonitor;
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
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
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
    runner.withPropertyValues("spring.cache.cache-names=books").run(context -> {
      assertThat(context).hasSingleBean(LarderCacheMeterBinderProvider.class);
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      Cache books = context.getBean(CacheManager.class).getCache("books");
      books.get("1", () -> "one");
      books.get("1", () -> "one");

      assertThat(gets(registry, "books", "hit").functionCounter().count()).isEqualTo(1.0);
      assertThat(gets(registry, "books", "miss").functionCounter().count()).isEqualTo(1.0);
      assertThat(registry.find("cache.memory.estimated").tag("cache", "books").gauge())
          .isNotNull();
      assertThat(gets(registry, "books", "hit").functionCounter().getId()
          .getTag("cache.manager")).isEqualTo("cacheManager");
    });
  }

  @Test
  void bindsCachesCreatedOnDemandAfterStartUp() {
    runner.run(context -> {
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

  @Test
  void runsTheMemoryMonitorWithTheContext() {
    runner.withUserConfiguration(ListenerConfiguration.class)
        .withPropertyValues("spring.cache.cache-names=books", "larder.cache.dynamic=true")
        .run(context -> {
          LarderMemoryMonitorLifecycle lifecycle =
              context.getBean(LarderMemoryMonitorLifecycle.class);
          assertThat(lifecycle.isRunning()).isTrue();
          MemoryMonitor monitor = lifecycle.getMonitor();
          assertThat(monitor.isStarted()).isTrue();
          context.getBean(CacheManager.class).getCache("later");
          monitor.sample();
          assertThat(monitor.watchedCount()).isEqualTo(2);
          assertThat(context.getBean(MeterRegistry.class)
              .find("larder.memory.caches.estimated").gauge()).isNotNull();

          ((ConfigurableApplicationContext) context.getSourceApplicationContext()).stop();
          assertThat(lifecycle.isRunning()).isFalse();
          assertThat(monitor.isStarted()).isFalse();
        });
  }

  @Test
  void backsOffWithoutMicrometer() {
    runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(CacheMeterBinderProvider.class);
          assertThat(context).doesNotHaveBean(LarderMemoryMonitorLifecycle.class);
          assertThat(context).hasSingleBean(io.larder.spring.LarderCacheManager.class);
        });
  }

  @Test
  void backsOffWithoutLarderMetrics() {
    runner.withClassLoader(new FilteredClassLoader(LarderCacheMetrics.class))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(LarderCacheMeterBinderProvider.class);
          assertThat(context).doesNotHaveBean(LarderMemoryMonitorLifecycle.class);
        });
  }

  @Test
  void monitorIsNotConfiguredWithoutLarderCacheManager() {
    runner.withPropertyValues("spring.cache.type=simple").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(LarderMemoryMonitorLifecycle.class);
      assertThat(context).doesNotHaveBean(LarderCacheMetricsBinder.class);
    });
  }

  private static Search gets(MeterRegistry registry, String cache, String result) {
    return registry.find("cache.gets").tag("cache", cache).tag("result", result);
  }
}
