package io.larder.spring.autoconfigure;

import io.larder.spring.LarderCacheManager;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures the {@code larder} health component ({@link LarderCacheHealthIndicator}) when
 * Spring Boot's health support is on the class path and the context has a {@link
 * LarderCacheManager}, auto-configured or the application's own. Disable it with {@code
 * management.health.larder.enabled=false}.
 */
@AutoConfiguration(after = LarderCacheAutoConfiguration.class)
@ConditionalOnClass(name = {
    "org.springframework.boot.health.contributor.HealthIndicator",
    "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator"})
public final class LarderCacheHealthAutoConfiguration {

  /** Creates the auto-configuration; Spring Boot does. */
  public LarderCacheHealthAutoConfiguration() {}

  /**
   * The indicator itself, in a nested class so that its health condition is only read once the
   * outer class found Spring Boot's health support on the class path.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean(LarderCacheManager.class)
  @ConditionalOnEnabledHealthIndicator("larder")
  @EnableConfigurationProperties(LarderCacheProperties.class)
  static class LarderHealthIndicatorConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "larderHealthIndicator")
    LarderCacheHealthIndicator larderHealthIndicator(
        Map<String, LarderCacheManager> cacheManagers, LarderCacheProperties properties) {
      double threshold =
          LarderPropertyValues.downThreshold(properties.getHealth().getDownThreshold());
      return new LarderCacheHealthIndicator(cacheManagers, threshold);
    }
  }
}
