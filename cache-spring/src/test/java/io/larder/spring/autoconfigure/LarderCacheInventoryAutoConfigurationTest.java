package io.larder.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Caffeine;
import io.larder.spring.LarderCacheManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The inventory of Larder's caches: one start-up log line per cache manager with each cache's
 * bound, and the {@code larder} endpoint's totals, for the auto-configured manager and for an
 * application's own {@code @Bean CacheManager} holding an unbounded cache.
 */
@ExtendWith(OutputCaptureExtension.class)
class LarderCacheInventoryAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  LarderCacheAutoConfiguration.class,
                  CacheAutoConfiguration.class,
                  LarderCacheInventoryAutoConfiguration.class,
                  EndpointAutoConfiguration.class))
          .withUserConfiguration(CachingConfiguration.class);

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CachingConfiguration {}

  /** An application's own manager, with one cache built from an unbounded Caffeine builder. */
  @Configuration(proxyBeanMethods = false)
  static class UnboundedManagerConfiguration {
    @Bean
    CacheManager cacheManager() {
      LarderCacheManager manager = new LarderCacheManager("sessions");
      manager.setCaffeine(Caffeine.newBuilder());
      return manager;
    }
  }

  @Test
  void logsOneLinePerManagerWithEachCachesBound(CapturedOutput output) {
    runner
        .withPropertyValues(
            "spring.cache.cache-names=products,searches",
            "larder.cache.memory-budget=8MB",
            "larder.cache.specs.searches=maximumSize=500,expireAfterWrite=10m")
        .run(
            context -> {
              assertThat(context).hasSingleBean(LarderInventoryLogger.class);
              assertThat(output)
                  .contains(
                      "Larder cache manager 'cacheManager': budget 8.0 MiB, "
                          + "2 caches: products (maximumMemory 8.0 MiB), searches (maximumSize 500, "
                          + "expireAfterWrite 10m)");
            });
  }

  @Test
  void theEndpointCountsUnboundedCachesAndGuardWarnings() {
    runner
        .withUserConfiguration(UnboundedManagerConfiguration.class)
        .withPropertyValues("management.endpoints.web.exposure.include=larder")
        .run(
            context -> {
              LarderInventoryEndpoint endpoint = context.getBean(LarderInventoryEndpoint.class);
              Map<String, Object> inventory = endpoint.inventory();
              assertThat(inventory)
                  .containsEntry("unboundedCaches", 1L)
                  .containsEntry("guardWarnings", 0L);
              assertThat(inventory.get("cacheManagers").toString())
                  .contains("sessions={bounded=false, bound=unbounded, entries=0");
            });
  }

  @Test
  void withoutActuatorOnlyTheLogIsConfigured() {
    new ApplicationContextRunner()
        .withUserConfiguration(CachingConfiguration.class)
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
        .withPropertyValues("management.endpoints.web.exposure.include=larder")
        .withConfiguration(
            AutoConfigurations.of(
                LarderCacheAutoConfiguration.class,
                CacheAutoConfiguration.class,
                LarderCacheInventoryAutoConfiguration.class))
        .run(
            context -> {
              assertThat(context).hasSingleBean(LarderInventoryLogger.class);
              assertThat(context).doesNotHaveBean(LarderInventoryEndpoint.class);
            });
  }
}
