package io.larder.spring.autoconfigure;

import io.larder.metrics.LarderCacheMetrics;
import io.larder.metrics.MemoryAlertListener;
import io.larder.metrics.MemoryMonitor;
import io.larder.spring.LarderCacheManager;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configures the metrics of Larder caches when Micrometer is on the class path (Larder's
 * {@code cache-metrics} comes with {@code cache-spring}): a {@link LarderCacheMeterBinderProvider},
 * ordered before Spring Boot's {@link CacheMetricsAutoConfiguration} so that Spring Boot binds the
 * caches that exist at start-up; a {@link LarderCacheMetricsBinder} that binds those created later,
 * removes the meters of caches that are gone and measures each manager's shared budget; and a
 * {@link LarderMemoryMonitorLifecycle} that runs Larder's {@link MemoryMonitor} with the context
 * ({@code larder.monitor.enabled=false} turns it off, see {@link LarderMonitorProperties}).
 *
 * <p>They serve every {@link LarderCacheManager} of the context, the auto-configured one or the
 * application's own, even one declared as a plain {@code @Bean CacheManager}.
 */
@AutoConfiguration(
    after = {LarderCacheAutoConfiguration.class, CacheAutoConfiguration.class},
    before = CacheMetricsAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, CacheMeterBinderProvider.class, LarderCacheMetrics.class})
@EnableConfigurationProperties(LarderMonitorProperties.class)
public final class LarderCacheMetricsAutoConfiguration {

  /** Creates the auto-configuration; Spring Boot does. */
  public LarderCacheMetricsAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  LarderCacheMeterBinderProvider larderCacheMeterBinderProvider() {
    return new LarderCacheMeterBinderProvider();
  }

  @Bean
  @Conditional(OnPossibleLarderCacheManagerCondition.class)
  @ConditionalOnMissingBean
  LarderCacheMetricsBinder larderCacheMetricsBinder(
      ListableBeanFactory beanFactory,
      ObjectProvider<CacheMetricsRegistrar> registrar,
      ObjectProvider<MeterRegistry> registry) {
    return new LarderCacheMetricsBinder(
        new LarderCacheManagers(beanFactory)::find, registrar, registry);
  }

  @Bean
  @Conditional(OnPossibleLarderCacheManagerCondition.class)
  @ConditionalOnProperty(name = "larder.monitor.enabled", matchIfMissing = true)
  @ConditionalOnMissingBean
  LarderMemoryMonitorLifecycle larderMemoryMonitor(
      ListableBeanFactory beanFactory,
      LarderMonitorProperties properties,
      ObjectProvider<MeterRegistry> registry,
      ObjectProvider<MemoryAlertListener> listeners) {
    Supplier<MemoryMonitor.Builder> builders = monitorBuilders(properties);
    LarderCacheManagers managers = new LarderCacheManagers(beanFactory);
    return new LarderMemoryMonitorLifecycle(
        () -> managers.find().values(),
        builders,
        registry.getIfUnique(),
        listeners.orderedStream().toList());
  }

  /** Checks the monitor's properties now, so that a bad one fails start-up naming it. */
  private static Supplier<MemoryMonitor.Builder> monitorBuilders(
      LarderMonitorProperties properties) {
    String prefix = LarderPropertyValues.MONITOR;
    Duration interval = properties.getInterval();
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new InvalidConfigurationPropertyValueException(
          prefix + "interval", interval, "must be a positive duration, such as 30s");
    }
    if (properties.getGrowthSamples() < 2) {
      throw new InvalidConfigurationPropertyValueException(
          prefix + "growth-samples", properties.getGrowthSamples(), "must be at least 2");
    }
    double budgetShare =
        LarderPropertyValues.share(prefix + "budget-share", properties.getBudgetShare());
    double heapAfterGcShare =
        LarderPropertyValues.share(
            prefix + "heap-after-gc-share", properties.getHeapAfterGcShare());
    double cacheShareOfHeap =
        LarderPropertyValues.share(
            prefix + "cache-share-of-heap", properties.getCacheShareOfHeap());
    double growthRatio =
        LarderPropertyValues.growth(prefix + "growth-ratio", properties.getGrowthRatio());
    int growthSamples = properties.getGrowthSamples();
    return () ->
        MemoryMonitor.builder()
            .interval(interval)
            .budgetShare(budgetShare)
            .heapAfterGcShare(heapAfterGcShare)
            .cacheShareOfHeap(cacheShareOfHeap)
            .growthRatio(growthRatio)
            .growthSamples(growthSamples);
  }
}
