package io.larder.jcache.tck;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.cache.Caching;
import javax.cache.annotation.BeanProvider;
import javax.cache.configuration.MutableConfiguration;
import manager.CacheNameOnEachMethodBlogManagerImpl;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import manager.UsingDefaultCacheNameBlogManagerImpl;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCache;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The TCK's annotation harness: its {@code org.jsr107.tck.annotation} tests take their blog
 * managers from a {@link BeanProvider} found by the service loader. This one uses Spring's JSR-107
 * annotation support ({@code @CacheResult}, {@code @CachePut}, {@code @CacheRemove},
 * {@code @CacheRemoveAll}) as the interceptor implementation, over the default cache manager of the
 * caching provider on the class path, Larder's; caches are created on first use with a {@link
 * MutableConfiguration}, as the reference implementation's interceptors create them. The TCK's own
 * Spring harness is not published to Maven Central, hence this class.
 */
public final class SpringAnnotationBeanProvider implements BeanProvider {
  private final AnnotationConfigApplicationContext context =
      new AnnotationConfigApplicationContext(AnnotationHarness.class);

  @Override
  public <T> T getBeanByType(Class<T> type) {
    return context.getBean(type);
  }

  /** The beans: the three blog managers, proxied by Spring's JSR-107 cache interceptor. */
  @Configuration(proxyBeanMethods = false)
  @EnableCaching(proxyTargetClass = true)
  static class AnnotationHarness {
    @Bean
    CacheManager cacheManager() {
      return new CurrentJCacheManager();
    }

    @Bean
    ClassLevelCacheConfigBlogManagerImpl classLevelCacheConfigBlogManager() {
      return new ClassLevelCacheConfigBlogManagerImpl();
    }

    @Bean
    CacheNameOnEachMethodBlogManagerImpl cacheNameOnEachMethodBlogManager() {
      return new CacheNameOnEachMethodBlogManagerImpl();
    }

    @Bean
    UsingDefaultCacheNameBlogManagerImpl usingDefaultCacheNameBlogManager() {
      return new UsingDefaultCacheNameBlogManagerImpl();
    }
  }

  /**
   * A Spring cache manager over the provider's current default JCache manager, looked up on every
   * call (the other TCK tests close it between tests), that creates the caches it is asked for.
   */
  static final class CurrentJCacheManager implements CacheManager {
    @Override
    public Cache getCache(String name) {
      javax.cache.CacheManager jcache = Caching.getCachingProvider().getCacheManager();
      javax.cache.Cache<Object, Object> cache = jcache.getCache(name);
      if (cache == null) {
        cache = jcache.createCache(name, new MutableConfiguration<>());
      }
      return new JCacheCache(cache);
    }

    @Override
    public Collection<String> getCacheNames() {
      List<String> names = new ArrayList<>();
      Caching.getCachingProvider().getCacheManager().getCacheNames().forEach(names::add);
      return names;
    }
  }
}
