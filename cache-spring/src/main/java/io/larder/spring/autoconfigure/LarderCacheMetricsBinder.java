package io.larder.spring.autoconfigure;

import io.larder.spring.LarderCache;
import io.larder.spring.LarderCacheManager;
import io.micrometer.core.instrument.Tag;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.util.StringUtils;

/**
 * Binds the metrics of caches that a {@link LarderCacheManager} creates after start-up (Spring Boot
 * binds only the caches that exist when its cache metrics are configured). Once every singleton
 * exists, it binds each manager's current caches (binding a cache again registers nothing new) and
 * then each cache the manager creates, with the {@code cache.manager} tag that Spring Boot uses.
 */
public class LarderCacheMetricsBinder implements SmartInitializingSingleton {
  private static final String CACHE_MANAGER_SUFFIX = "cacheManager";

  private final Map<String, LarderCacheManager> cacheManagers;
  private final ObjectProvider<CacheMetricsRegistrar> registrar;

  /**
   * Creates the binder.
   *
   * @param cacheManagers the managers whose caches to bind, by bean name
   * @param registrar Spring Boot's registrar, absent when cache metrics are not configured
   */
  public LarderCacheMetricsBinder(
      Map<String, LarderCacheManager> cacheManagers,
      ObjectProvider<CacheMetricsRegistrar> registrar) {
    this.cacheManagers = Map.copyOf(cacheManagers);
    this.registrar = registrar;
  }

  @Override
  public void afterSingletonsInstantiated() {
    CacheMetricsRegistrar metricsRegistrar = registrar.getIfAvailable();
    if (metricsRegistrar == null) {
      return;
    }
    cacheManagers.forEach((beanName, manager) -> {
      Tag managerTag = Tag.of("cache.manager", cacheManagerName(beanName));
      manager.addCacheCreationListener(
          (LarderCache cache) -> metricsRegistrar.bindCacheToRegistry(cache, managerTag));
      for (LarderCache cache : manager.getCaches()) {
        metricsRegistrar.bindCacheToRegistry(cache, managerTag);
      }
    });
  }

  /** Returns the tag value Spring Boot derives from a cache manager's bean name. */
  static String cacheManagerName(String beanName) {
    if (beanName.length() > CACHE_MANAGER_SUFFIX.length()
        && StringUtils.endsWithIgnoreCase(beanName, CACHE_MANAGER_SUFFIX)) {
      return beanName.substring(0, beanName.length() - CACHE_MANAGER_SUFFIX.length());
    }
    return beanName;
  }
}
