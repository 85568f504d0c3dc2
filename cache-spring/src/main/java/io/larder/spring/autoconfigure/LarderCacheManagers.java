package io.larder.spring.autoconfigure;

import io.larder.spring.LarderCacheManager;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.cache.CacheManager;

/**
 * Finds the context's {@link LarderCacheManager}s by what the beans are, not by what their
 * {@code @Bean} methods declare: an application's {@code @Bean CacheManager} method that returns a
 * {@code LarderCacheManager} gets the same health, metrics and monitor as the auto-configured
 * manager. Bean conditions cannot see that type (they read the declared one), so the beans that
 * need the managers ask this finder once the singletons exist.
 */
final class LarderCacheManagers {
  private final ListableBeanFactory beanFactory;

  LarderCacheManagers(ListableBeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  /** Returns the Larder cache managers of the context, by bean name, in registration order. */
  Map<String, LarderCacheManager> find() {
    Map<String, LarderCacheManager> managers = new LinkedHashMap<>();
    beanFactory
        .getBeansOfType(CacheManager.class, false, false)
        .forEach(
            (name, manager) -> {
              if (manager instanceof LarderCacheManager larder) {
                managers.put(name, larder);
              }
            });
    return Collections.unmodifiableMap(managers);
  }
}
