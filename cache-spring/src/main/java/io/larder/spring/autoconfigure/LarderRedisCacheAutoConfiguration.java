package io.larder.spring.autoconfigure;

import io.larder.cache.redis.RedisCacheBuilder;
import io.larder.cache.redis.TwoLevelCache;
import io.larder.spring.redis.TwoLevelCacheManager;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Makes every cache of the auto-configured {@link io.larder.spring.LarderCacheManager} two-level
 * when {@code larder.cache.redis.enabled} is true and {@code io.larder:cache-redis} is on the class
 * path: it supplies {@link LarderCacheAutoConfiguration} with a factory of {@link
 * TwoLevelCacheManager}s on the Redis server that Spring Boot's {@code spring.data.redis.*}
 * properties name ({@code url}, or {@code host}, {@code port}, {@code username}, {@code password},
 * {@code database}, {@code ssl.enabled}; or {@code cluster.nodes}). Spring Data Redis is not
 * needed. Settings of its own are in {@link LarderRedisProperties}.
 */
@AutoConfiguration(before = LarderCacheAutoConfiguration.class)
@ConditionalOnClass(name = {"io.larder.cache.redis.TwoLevelCache", "io.lettuce.core.RedisClient"})
@ConditionalOnBooleanProperty("larder.cache.redis.enabled")
@EnableConfigurationProperties(LarderRedisProperties.class)
public final class LarderRedisCacheAutoConfiguration {
  static final String ENABLED = "larder.cache.redis.enabled";
  private static final String KEY_PREFIX = "larder.cache.redis.key-prefix";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

  /** Creates the auto-configuration; Spring Boot does. */
  public LarderRedisCacheAutoConfiguration() {}

  /** The factory of the two-level manager; every setting is checked here, at start-up. */
  @Bean
  LarderCacheManagerFactory larderTwoLevelCacheManagerFactory(
      LarderRedisProperties properties,
      Environment environment,
      ConfigurableListableBeanFactory beanFactory) {
    Binder binder = Binder.get(environment);
    String application = keyPrefix(properties, binder);
    Duration ttl = positive("larder.cache.redis.time-to-live", properties.getTimeToLive());
    Duration commandTimeout =
        positive("larder.cache.redis.command-timeout", properties.getCommandTimeout());
    Duration lease = positive("larder.cache.redis.load-lease", properties.getLoadLease());
    TwoLevelCacheManager.WriteFailure writeFailure = writeFailure(properties.getWriteFailure());
    List<RedisURI> cluster = clusterNodes(binder);
    RedisURI standalone = cluster.isEmpty() ? standalone(binder) : null;
    Function<String, io.larder.cache.redis.Codec<Object>> values =
        RedisValueCodecs.of(properties, beanFactory.getBeanClassLoader());
    Function<String, RedisCacheBuilder<Object, Object>> redis =
        name -> {
          RedisCacheBuilder<Object, Object> builder =
              (standalone != null)
                  ? RedisCacheBuilder.newBuilder(standalone)
                  : RedisCacheBuilder.newClusterBuilder(cluster);
          return builder
              .namespace(application, name)
              .l2TimeToLive(ttl)
              .commandTimeout(commandTimeout)
              .loadLease(lease);
        };
    return () -> {
      TwoLevelCacheManager manager = new TwoLevelCacheManager(redis, values);
      manager.setWriteFailure(writeFailure);
      return manager;
    };
  }

  /**
   * The {@code larderRedis} health component, in a nested class so that its conditions are read
   * only when Spring Boot's health support is on the class path. Disable it with {@code
   * management.health.larder-redis.enabled=false}.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "org.springframework.boot.health.contributor.HealthIndicator",
        "org.springframework.boot.health.autoconfigure.contributor"
            + ".ConditionalOnEnabledHealthIndicator"
      })
  @ConditionalOnEnabledHealthIndicator("larder-redis")
  static class LarderRedisHealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "larderRedisHealthIndicator")
    LarderRedisHealthIndicator larderRedisHealthIndicator(
        ListableBeanFactory beanFactory, LarderRedisProperties properties) {
      return new LarderRedisHealthIndicator(
          new LarderCacheManagers(beanFactory)::find,
          cache -> ((TwoLevelCache<?, ?>) cache.getNativeCache()).isL2Connected(),
          positive("larder.cache.redis.health.down-after", properties.getHealth().getDownAfter()),
          System::nanoTime);
    }
  }

  /** Tells whether a manager's caches are two-level; for the health component. */
  static boolean isTwoLevel(Object nativeCache) {
    return nativeCache instanceof TwoLevelCache<?, ?>;
  }

  private static String keyPrefix(LarderRedisProperties properties, Binder binder) {
    String prefix = properties.getKeyPrefix();
    String property = KEY_PREFIX;
    if (!StringUtils.hasText(prefix)) {
      prefix = binder.bind("spring.application.name", String.class).orElse("");
      property = "spring.application.name";
    }
    if (!StringUtils.hasText(prefix)) {
      throw new InvalidConfigurationPropertyValueException(
          KEY_PREFIX,
          "",
          "is required when "
              + ENABLED
              + " is true (or spring.application.name): it keeps the"
              + " Redis keys of applications sharing a server apart");
    }
    if (!NAME.matcher(prefix).matches()) {
      throw new InvalidConfigurationPropertyValueException(
          property,
          prefix,
          "must be letters, digits, '_', '.' or '-' to be the application part of Redis keys"
              + (property.equals(KEY_PREFIX) ? "" : "; set " + KEY_PREFIX + " to such a name"));
    }
    return prefix;
  }

  private static TwoLevelCacheManager.WriteFailure writeFailure(String value) {
    return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "log" -> TwoLevelCacheManager.WriteFailure.LOG;
      case "throw" -> TwoLevelCacheManager.WriteFailure.THROW;
      default ->
          throw new InvalidConfigurationPropertyValueException(
              "larder.cache.redis.write-failure", value, "must be log or throw");
    };
  }

  private static Duration positive(String property, Duration value) {
    if (value.toMillis() <= 0) {
      throw new InvalidConfigurationPropertyValueException(
          property, value, "must be at least one millisecond");
    }
    return value;
  }

  private static List<RedisURI> clusterNodes(Binder binder) {
    List<String> nodes =
        binder
            .bind("spring.data.redis.cluster.nodes", Bindable.listOf(String.class))
            .orElse(List.of());
    return nodes.stream()
        .map(
            node -> {
              RedisURI.Builder builder =
                  RedisURI.builder(hostAndPort("spring.data.redis.cluster.nodes", node.strip()));
              credentials(binder, builder);
              return builder.build();
            })
        .toList();
  }

  private static RedisURI standalone(Binder binder) {
    String url = binder.bind("spring.data.redis.url", String.class).orElse("");
    if (StringUtils.hasText(url)) {
      try {
        return RedisURI.create(url.strip());
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException(
            "spring.data.redis.url", url, "is not a Redis URL (" + e.getMessage() + ")");
      }
    }
    String host = binder.bind("spring.data.redis.host", String.class).orElse("localhost");
    int port = binder.bind("spring.data.redis.port", Integer.class).orElse(6379);
    RedisURI.Builder builder =
        RedisURI.builder()
            .withHost(host)
            .withPort(port)
            .withDatabase(binder.bind("spring.data.redis.database", Integer.class).orElse(0));
    credentials(binder, builder);
    return builder.build();
  }

  private static RedisURI hostAndPort(String property, String node) {
    int colon = node.lastIndexOf(':');
    try {
      return RedisURI.create(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)));
    } catch (RuntimeException e) {
      throw new InvalidConfigurationPropertyValueException(
          property, node, "each node must be host:port");
    }
  }

  private static void credentials(Binder binder, RedisURI.Builder builder) {
    String username = binder.bind("spring.data.redis.username", String.class).orElse(null);
    String password = binder.bind("spring.data.redis.password", String.class).orElse(null);
    if (password != null) {
      if (username != null) {
        builder.withAuthentication(username, password);
      } else {
        builder.withPassword(password.toCharArray());
      }
    }
    builder.withSsl(binder.bind("spring.data.redis.ssl.enabled", Boolean.class).orElse(false));
  }
}
