package io.larder.spring.autoconfigure;

import io.larder.metrics.HeapReader;
import io.larder.spring.LarderCacheManager;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures the {@code larder} health component ({@link LarderCacheHealthIndicator}) when
 * Spring Boot's health support is on the class path and the context has a {@link
 * LarderCacheManager}: auto-configured or the application's own, even one declared as a plain
 * {@code @Bean CacheManager}. Disable it with {@code management.health.larder.enabled=false}.
 */
@AutoConfiguration(after = {LarderCacheAutoConfiguration.class, CacheAutoConfiguration.class})
@ConditionalOnClass(
    value = HeapReader.class,
    name = {
      "org.springframework.boot.health.contributor.HealthIndicator",
      "org.springframework.boot.health.autoconfigure.contributor"
          + ".ConditionalOnEnabledHealthIndicator"
    })
public final class LarderCacheHealthAutoConfiguration {

  /** Creates the auto-configuration; Spring Boot does. */
  public LarderCacheHealthAutoConfiguration() {}

  /**
   * The indicator itself, in a nested class so that its health condition is only read once the
   * outer class found Spring Boot's health support on the class path.
   */
  @Configuration(proxyBeanMethods = false)
  @Conditional(OnPossibleLarderCacheManagerCondition.class)
  @ConditionalOnEnabledHealthIndicator("larder")
  @EnableConfigurationProperties(LarderCacheProperties.class)
  static class LarderHealthIndicatorConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "larderHealthIndicator")
    LarderCacheHealthIndicator larderHealthIndicator(
        ListableBeanFactory beanFactory, LarderCacheProperties properties) {
      LarderCacheProperties.Health health = properties.getHealth();
      return new LarderCacheHealthIndicator(
          new LarderCacheManagers(beanFactory)::find,
          HeapReader.platform(),
          LarderPropertyValues.share(
              LarderPropertyValues.HEAP_AFTER_GC_DOWN, health.getHeapAfterGcDownThreshold()),
          LarderPropertyValues.share(
              LarderPropertyValues.CACHE_SHARE_DOWN, health.getCacheShareDownThreshold()));
    }
  }
}
