package io.larder.spring.autoconfigure;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Finds a cache provider other than Larder that Spring Boot's cache auto-configuration would pick
 * when {@code spring.cache.type} is not set, checking what Spring Boot checks, in its order: {@code
 * Cache} beans (generic), JCache (a provider property, a {@code javax.cache.CacheManager} bean or
 * one caching provider that is not Larder's), Hazelcast, Couchbase, Infinispan, Redis and cache2k.
 * Caffeine and the simple map are not on the list: Larder replaces them.
 */
final class OtherCacheProviders {
  private OtherCacheProviders() {}

  /** Returns what Spring Boot would pick instead of Larder, described, if anything. */
  static Optional<String> find(ConditionContext context) {
    ConfigurableListableBeanFactory beans = context.getBeanFactory();
    return (beans == null)
        ? Optional.empty()
        : find(beans, context.getClassLoader(), context.getEnvironment());
  }

  /** Returns what Spring Boot would pick instead of Larder, described, if anything. */
  static Optional<String> find(
      ConfigurableListableBeanFactory beans,
      @Nullable ClassLoader loader,
      Environment environment) {
    if (hasBean(beans, loader, "org.springframework.cache.Cache")) {
      return Optional.of("generic caching (a org.springframework.cache.Cache bean)");
    }
    if (present(
            loader, "javax.cache.Caching", "org.springframework.cache.jcache.JCacheCacheManager")
        && jcacheAvailable(environment, beans, loader)) {
      return Optional.of("JCache (a JSR-107 provider)");
    }
    if (present(loader, "com.hazelcast.spring.cache.HazelcastCacheManager")
        && hasBean(beans, loader, "com.hazelcast.core.HazelcastInstance")) {
      return Optional.of("Hazelcast (a HazelcastInstance bean)");
    }
    if (present(loader, "org.springframework.data.couchbase.cache.CouchbaseCacheManager")
        && hasBean(beans, loader, "com.couchbase.client.java.Cluster")) {
      return Optional.of("Couchbase (a Cluster bean)");
    }
    if (present(loader, "org.infinispan.spring.embedded.provider.SpringEmbeddedCacheManager")) {
      return Optional.of("Infinispan (on the class path)");
    }
    if (present(loader, "org.springframework.data.redis.cache.RedisCacheManager")
        && hasBean(
            beans, loader, "org.springframework.data.redis.connection.RedisConnectionFactory")) {
      return Optional.of("Redis (a RedisConnectionFactory bean)");
    }
    if (present(loader, "org.cache2k.extra.spring.SpringCache2kCacheManager")) {
      return Optional.of("cache2k (on the class path)");
    }
    return Optional.empty();
  }

  private static boolean jcacheAvailable(
      Environment environment,
      ConfigurableListableBeanFactory beans,
      @Nullable ClassLoader loader) {
    Binder binder = Binder.get(environment);
    if (binder.bind("spring.cache.jcache.provider", String.class).isBound()) {
      return true;
    }
    if (hasBean(beans, loader, "javax.cache.CacheManager")) {
      return true;
    }
    return JCacheProviders.onlyOneAndNotLarders(loader);
  }

  /** Reads the JSR-107 providers; a class of its own, loaded only when the API is present. */
  private static final class JCacheProviders {
    /** Spring Boot picks JCache when exactly one provider is found; Larder's own is Larder. */
    static boolean onlyOneAndNotLarders(@Nullable ClassLoader loader) {
      int others = 0;
      int all = 0;
      for (javax.cache.spi.CachingProvider provider :
          javax.cache.Caching.getCachingProviders(loader)) {
        all++;
        if (!provider.getClass().getName().startsWith("io.larder.")) {
          others++;
        }
      }
      return all == 1 && others == 1;
    }
  }

  private static boolean present(@Nullable ClassLoader loader, String... classNames) {
    for (String className : classNames) {
      if (!ClassUtils.isPresent(className, loader)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasBean(
      ConfigurableListableBeanFactory beans, @Nullable ClassLoader loader, String className) {
    if (!ClassUtils.isPresent(className, loader)) {
      return false;
    }
    Class<?> type = ClassUtils.resolveClassName(className, loader);
    return beans.getBeanNamesForType(type, true, false).length > 0;
  }
}
