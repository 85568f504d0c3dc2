package io.larder.spring.autoconfigure;

import io.larder.cache.CacheLoader;
import io.larder.cache.Caffeine;
import io.larder.cache.CaffeineSpec;
import io.larder.spring.LarderCacheManager;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Auto-configures a {@link LarderCacheManager} named {@code cacheManager} when caching is enabled
 * ({@code @EnableCaching}) and the application defines no {@link CacheManager}; ordered before
 * Spring Boot's {@link CacheAutoConfiguration}, which then backs off.
 *
 * <p>It backs off when {@code spring.cache.type} names another type ({@code simple}, {@code
 * none}...), and, when the type is not set, when the application has another cache provider that
 * Spring Boot would pick (Redis, JCache, Hazelcast..., see {@link LarderCacheCondition}), which it
 * logs once; {@code spring.cache.type=larder} chooses Larder anyway. It honours {@code
 * spring.cache.cache-names} and, so that an application moving from Caffeine needs no change,
 * {@code spring.cache.caffeine.spec}, a {@link CaffeineSpec} bean, a {@code Caffeine<Object,
 * Object>} bean (in that order, as Spring Boot does for Caffeine) and a {@link CacheLoader} bean;
 * it applies every {@link CacheManagerCustomizer}. See {@link LarderCacheProperties} for Larder's
 * own settings.
 */
@AutoConfiguration(
    before = CacheAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.data.couchbase.autoconfigure.DataCouchbaseAutoConfiguration",
      "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
      "org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration"
    })
@ConditionalOnClass({CacheManager.class, Caffeine.class})
@ConditionalOnBean(CacheAspectSupport.class)
@ConditionalOnMissingBean(value = CacheManager.class, name = "cacheResolver")
@EnableConfigurationProperties(LarderCacheProperties.class)
public final class LarderCacheAutoConfiguration {
  private static final String CACHE_NAMES = "spring.cache.cache-names";

  /** Creates the auto-configuration; Spring Boot does. */
  public LarderCacheAutoConfiguration() {}

  /** Logs once that Larder backs off because Spring Boot picks another provider. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(LarderCacheCondition.BacksOffForAnotherProvider.class)
  static class BackOffNoticeConfiguration {
    @Bean
    LarderCacheBackOffNotice larderCacheBackOffNotice(
        ConfigurableListableBeanFactory beanFactory, Environment environment) {
      String provider =
          OtherCacheProviders.find(beanFactory, beanFactory.getBeanClassLoader(), environment)
              .orElse("another cache provider");
      return new LarderCacheBackOffNotice(provider);
    }
  }

  /** The manager, when Larder is the application's cache provider. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(LarderCacheCondition.class)
  static class LarderCacheManagerConfiguration {
    @Bean
    LarderCacheManager cacheManager(
        LarderCacheProperties properties,
        Environment environment,
        ObjectProvider<CacheManagerCustomizer<?>> customizers,
        ObjectProvider<CaffeineSpec> caffeineSpec,
        ObjectProvider<Caffeine<Object, Object>> caffeine,
        ObjectProvider<CacheLoader<Object, Object>> cacheLoader,
        ObjectProvider<LarderCacheManagerFactory> managerFactory) {
      Binder binder = Binder.get(environment);
      rejectRemovedProperties(binder);
      LarderCacheManager manager = newManager(binder, properties, managerFactory);

      manager.setMemoryBudget(LarderPropertyValues.memoryBudget(properties.getMemoryBudget()));
      manager.setMaxDynamicCaches(LarderPropertyValues.maxCaches(properties.getMaxCaches()));
      manager.setAllowNullValues(properties.isAllowNullValues());
      manager.setRecordStats(properties.isRecordStats());
      manager.setAsyncCacheMode(properties.isAsync());
      LarderPropertyValues.share(
          LarderPropertyValues.HEAP_AFTER_GC_DOWN,
          properties.getHealth().getHeapAfterGcDownThreshold());
      LarderPropertyValues.share(
          LarderPropertyValues.CACHE_SHARE_DOWN,
          properties.getHealth().getCacheShareDownThreshold());

      String caffeineSpecification =
          binder.bind(LarderPropertyValues.CAFFEINE_SPEC, String.class).orElse("");
      CaffeineSpec caffeineSpecBean = caffeineSpec.getIfAvailable();
      Caffeine<Object, Object> caffeineBean = caffeine.getIfAvailable();
      if (StringUtils.hasText(properties.getSpec())) {
        manager.setCacheSpecification(
            LarderPropertyValues.spec(LarderPropertyValues.SPEC, properties.getSpec()));
      } else if (StringUtils.hasText(caffeineSpecification)) {
        manager.setCacheSpecification(
            LarderPropertyValues.spec(LarderPropertyValues.CAFFEINE_SPEC, caffeineSpecification));
      } else if (caffeineSpecBean != null) {
        manager.setCaffeineSpec(caffeineSpecBean);
      } else if (caffeineBean != null) {
        manager.setCaffeine(caffeineBean);
      }
      for (Map.Entry<String, String> entry : properties.getSpecs().entrySet()) {
        String property = LarderPropertyValues.SPECS + "." + entry.getKey();
        manager.setCacheSpecification(
            entry.getKey(), LarderPropertyValues.spec(property, entry.getValue()));
      }
      cacheLoader.ifAvailable(manager::setCacheLoader);

      List<String> cacheNames =
          binder.bind(CACHE_NAMES, Bindable.listOf(String.class)).orElse(List.of());
      if (!cacheNames.isEmpty()) {
        manager.setCacheNames(cacheNames);
      }
      if (properties.getDynamic() != null) {
        manager.setDynamic(properties.getDynamic());
      }
      requireReachableSpecs(manager, properties, cacheNames);
      return new CacheManagerCustomizers(customizers.orderedStream().toList()).customize(manager);
    }
  }

  /**
   * A plain manager, or the two-level one when {@code larder.cache.redis.enabled} is true; that
   * setting without cache-redis, or with the asynchronous mode, fails start-up with the reason.
   */
  private static LarderCacheManager newManager(
      Binder binder,
      LarderCacheProperties properties,
      ObjectProvider<LarderCacheManagerFactory> managerFactory) {
    boolean twoLevel = binder.bind(LarderCacheCondition.REDIS_ENABLED, Boolean.class).orElse(false);
    if (!twoLevel) {
      return new LarderCacheManager();
    }
    LarderCacheManagerFactory factory = managerFactory.getIfAvailable();
    if (factory == null) {
      throw new InvalidConfigurationPropertyValueException(
          LarderCacheCondition.REDIS_ENABLED,
          "true",
          "needs io.larder:cache-redis (and its Lettuce client) on the class path");
    }
    if (properties.isAsync()) {
      throw new InvalidConfigurationPropertyValueException(
          "larder.cache.async",
          "true",
          "cannot be combined with "
              + LarderCacheCondition.REDIS_ENABLED
              + "=true: two-level"
              + " caches have no asynchronous form yet");
    }
    return factory.create();
  }

  /** A property whose meaning was removed fails start-up rather than being silently ignored. */
  private static void rejectRemovedProperties(Binder binder) {
    binder
        .bind(LarderPropertyValues.REMOVED_DOWN_THRESHOLD, String.class)
        .ifBound(
            value -> {
              throw new InvalidConfigurationPropertyValueException(
                  LarderPropertyValues.REMOVED_DOWN_THRESHOLD,
                  value,
                  "was removed: a full budget is healthy, so the budget no longer sets the health status;"
                      + " see larder.cache.health.heap-after-gc-down-threshold and"
                      + " larder.cache.health.cache-share-down-threshold");
            });
  }

  /** A per-cache spec for a cache that can never exist is a configuration mistake: say so. */
  private static void requireReachableSpecs(
      LarderCacheManager manager, LarderCacheProperties properties, List<String> cacheNames) {
    if (manager.isDynamic()) {
      return;
    }
    for (Map.Entry<String, String> entry : properties.getSpecs().entrySet()) {
      if (!cacheNames.contains(entry.getKey())) {
        throw new InvalidConfigurationPropertyValueException(
            LarderPropertyValues.SPECS + "." + entry.getKey(),
            entry.getValue(),
            "names a cache that is not in "
                + CACHE_NAMES
                + " while caches are not created on "
                + "demand (larder.cache.dynamic is false or the cache names are fixed)");
      }
    }
  }
}
