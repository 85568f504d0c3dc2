package io.larder.spring.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The inventory of the context's Larder caches: logged at start-up (one line per cache manager)
 * and, with Spring Boot's Actuator, served by the {@code larder} endpoint. Active when the context
 * has (or may have) a {@code LarderCacheManager}, auto-configured or the application's own.
 */
@AutoConfiguration(after = {LarderCacheAutoConfiguration.class, CacheAutoConfiguration.class})
@Conditional(OnPossibleLarderCacheManagerCondition.class)
public final class LarderCacheInventoryAutoConfiguration {

  /** Creates the auto-configuration; Spring Boot does. */
  public LarderCacheInventoryAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  static LarderInventoryLogger larderInventoryLogger(ListableBeanFactory beanFactory) {
    return new LarderInventoryLogger(new LarderCacheManagers(beanFactory));
  }

  /** The endpoint, when Actuator is on the class path and the endpoint is available. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name =
          "org.springframework.boot.actuate.autoconfigure.endpoint.condition"
              + ".ConditionalOnAvailableEndpoint")
  static class EndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    LarderInventoryEndpoint larderInventoryEndpoint(ListableBeanFactory beanFactory) {
      return new LarderInventoryEndpoint(new LarderCacheManagers(beanFactory));
    }
  }
}
