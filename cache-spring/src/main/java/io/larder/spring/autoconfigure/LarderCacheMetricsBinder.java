package io.larder.spring.autoconfigure;

import io.larder.metrics.MemoryBudgetMetrics;
import io.larder.spring.LarderCache;
import io.larder.spring.LarderCacheManager;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.util.StringUtils;

/**
 * Keeps the meters of each {@link LarderCacheManager}'s caches in step with its caches. Spring Boot
 * binds only the caches that exist when its cache metrics are configured, and Micrometer returns
 * the existing meters when a meter of the same name and tags is registered again; so, once every
 * singleton exists, this binder:
 *
 * <ul>
 *   <li>binds each manager's current caches (binding one again registers nothing new), then each
 *       cache the manager creates later, with the {@code cache.manager} tag Spring Boot uses;
 *   <li>removes the meters of a cache that leaves its manager (removed, dropped by {@code
 *       resetCaches()}, or replaced by a rebuilt cache of the same name, whose meters are then
 *       registered afresh instead of the old ones, which would read {@code NaN} or stay frozen);
 *   <li>registers the gauges of each manager's shared budget ({@link MemoryBudgetMetrics}: {@code
 *       larder.budget.estimated} and {@code larder.budget.max}, bytes), tagged {@code
 *       cache.manager}, which the alert rules compare instead of one cache against the whole
 *       budget.
 * </ul>
 */
public class LarderCacheMetricsBinder implements SmartInitializingSingleton {
  /** The prefix of every meter that Larder's cache binder registers. */
  static final String CACHE_METER_PREFIX = "cache.";

  private static final String CACHE_MANAGER_SUFFIX = "cacheManager";
  private static final String MANAGER_TAG = "cache.manager";

  private final Supplier<Map<String, LarderCacheManager>> cacheManagers;
  private final ObjectProvider<CacheMetricsRegistrar> registrars;
  private final ObjectProvider<MeterRegistry> registries;

  /**
   * Creates the binder.
   *
   * @param cacheManagers finds the managers whose caches to bind, by bean name
   * @param registrars Spring Boot's registrar, which binds a cache with its binder provider; absent
   *     when Spring Boot's cache metrics are not configured, and then so is this binder
   * @param registries the registry that the registrar binds to, from which gone caches' meters go
   */
  public LarderCacheMetricsBinder(
      Supplier<Map<String, LarderCacheManager>> cacheManagers,
      ObjectProvider<CacheMetricsRegistrar> registrars,
      ObjectProvider<MeterRegistry> registries) {
    this.cacheManagers = cacheManagers;
    this.registrars = registrars;
    this.registries = registries;
  }

  @Override
  public void afterSingletonsInstantiated() {
    CacheMetricsRegistrar registrar = registrars.getIfAvailable();
    MeterRegistry registry = registries.getIfAvailable();
    if (registrar == null || registry == null) {
      return;
    }
    cacheManagers
        .get()
        .forEach(
            (beanName, manager) -> {
              String managerName = cacheManagerName(beanName);
              Tag managerTag = Tag.of(MANAGER_TAG, managerName);
              manager.addCacheRemovalListener(
                  (LarderCache cache) -> removeMeters(registry, cache, managerName));
              manager.addCacheCreationListener(
                  (LarderCache cache) -> registrar.bindCacheToRegistry(cache, managerTag));
              for (LarderCache cache : manager.getCaches()) {
                registrar.bindCacheToRegistry(cache, managerTag);
              }
              bindBudget(registry, manager, managerTag);
            });
  }

  private static void bindBudget(
      MeterRegistry registry, LarderCacheManager manager, Tag managerTag) {
    new MemoryBudgetMetrics(manager::getMemoryBudget, List.of(managerTag)).bindTo(registry);
  }

  /** Removes the meters of the cache named as {@code cache} in the manager named so. */
  private static void removeMeters(MeterRegistry registry, LarderCache cache, String managerName) {
    for (Meter meter : List.copyOf(registry.getMeters())) {
      Meter.Id id = meter.getId();
      if (id.getName().startsWith(CACHE_METER_PREFIX)
          && cache.getName().equals(id.getTag("cache"))
          && managerName.equals(id.getTag(MANAGER_TAG))) {
        registry.remove(meter);
      }
    }
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
