package io.larder.spring.autoconfigure;

import io.larder.metrics.LarderCacheMetrics;
import io.larder.metrics.MemoryAlertListener;
import io.larder.metrics.MemoryMonitor;
import io.larder.spring.LarderCacheManager;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the metrics of Larder caches when Micrometer and Larder's {@code cache-metrics}
 * are on the class path: a {@link LarderCacheMeterBinderProvider}, ordered before Spring Boot's
 * {@link CacheMetricsAutoConfiguration} so that Spring Boot binds the caches that exist at
 * start-up; a {@link LarderCacheMetricsBinder} that binds those created later; and a {@link
 * LarderMemoryMonitorLifecycle} that runs Larder's {@link MemoryMonitor} with the context.
 */
@AutoConfiguration(
    after = LarderCacheAutoConfiguration.class,
    before = CacheMetricsAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, CacheMeterBinderProvider.class, LarderCacheMetrics.class})
public final class LarderCacheMetricsAutoConfiguration {

  /** Creates the auto-configuration; Spring Boot does. */
  public LarderCacheMetricsAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  LarderCacheMeterBinderProvider larderCacheMeterBinderProvider() {
    return new LarderCacheMeterBinderProvider();
  }

  @Bean
  @ConditionalOnBean(LarderCacheManager.class)
  @ConditionalOnMissingBean
  LarderCacheMetricsBinder larderCacheMetricsBinder(
      Map<String, LarderCacheManager> cacheManagers,
      ObjectProvider<CacheMetricsRegistrar> registrar) {
    return new LarderCacheMetricsBinder(cacheManagers, registrar);
  }

  @Bean
  @ConditionalOnBean(LarderCacheManager.class)
  @ConditionalOnMissingBean
  LarderMemoryMonitorLifecycle larderMemoryMonitor(
      Map<String, LarderCacheManager> cacheManagers,
      ObjectProvider<MeterRegistry> registry,
      ObjectProvider<MemoryAlertListener> listeners) {
    return new LarderMemoryMonitorLifecycle(
        cacheManagers.values(), registry.getIfUnique(), listeners.orderedStream().toList());
  }
}
