package io.larder.benchmarks.redis;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.redis.Codec;
import io.larder.cache.redis.RedisCacheBuilder;
import io.larder.cache.redis.TwoLevelCache;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.StringRedisSerializer;

/**
 * A read-through cache of the two-level benchmark: read a key (loading it on a miss) or write one.
 * Three contenders: Larder's two-level cache (L1 in the JVM, Redis as L2), a Larder cache alone (L1
 * only, no Redis), and Spring Data Redis's {@code RedisCacheManager} (Redis only, no L1).
 */
public interface ReadThrough extends AutoCloseable {
  /** The contenders, by name. */
  String TWO_LEVEL = "TwoLevel";

  String L1_ONLY = "L1only";
  String SPRING_DATA_REDIS = "SpringDataRedis";

  /** Returns the value of {@code key}, loading it with {@code loader} on a miss. */
  String read(String key, Function<String, String> loader);

  /** Writes {@code value} under {@code key}. */
  void write(String key, String value);

  @Override
  void close();

  /**
   * Builds a contender; {@code port} is the Redis server's (unused by the L1-only contender).
   *
   * @param l1Entries the size of the in-JVM cache, for the two contenders that have one
   */
  static ReadThrough create(String contender, int port, int l1Entries) {
    Duration ttl = Duration.ofHours(1);
    return switch (contender) {
      case TWO_LEVEL -> {
        TwoLevelCache<String, String> cache =
            RedisCacheBuilder.newBuilder(RedisURI.create("redis://127.0.0.1:" + port))
                .namespace("bench", "reads")
                .l1(Caffeine.newBuilder().maximumSize(l1Entries))
                .l2TimeToLive(ttl)
                .build(Codec.utf8(), Codec.utf8());
        yield new ReadThrough() {
          @Override
          public String read(String key, Function<String, String> loader) {
            return Objects.requireNonNull(cache.get(key, loader));
          }

          @Override
          public void write(String key, String value) {
            cache.put(key, value);
          }

          @Override
          public void close() {
            cache.close();
          }
        };
      }
      case L1_ONLY -> {
        Cache<String, String> cache = Caffeine.newBuilder().maximumSize(l1Entries).build();
        yield new ReadThrough() {
          @Override
          public String read(String key, Function<String, String> loader) {
            return cache.get(key, loader);
          }

          @Override
          public void write(String key, String value) {
            cache.put(key, value);
          }

          @Override
          public void close() {
            cache.invalidateAll();
          }
        };
      }
      case SPRING_DATA_REDIS -> {
        LettuceConnectionFactory factory =
            new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
        factory.afterPropertiesSet();
        factory.start();
        RedisCacheManager manager =
            RedisCacheManager.builder(factory)
                .cacheDefaults(
                    RedisCacheConfiguration.defaultCacheConfig()
                        .entryTtl(ttl)
                        .serializeValuesWith(
                            RedisSerializationContext.SerializationPair.fromSerializer(
                                StringRedisSerializer.UTF_8)))
                .build();
        manager.afterPropertiesSet();
        RedisCache cache = (RedisCache) Objects.requireNonNull(manager.getCache("reads"));
        yield new ReadThrough() {
          @Override
          public String read(String key, Function<String, String> loader) {
            return Objects.requireNonNull(cache.get(key, () -> loader.apply(key)));
          }

          @Override
          public void write(String key, String value) {
            cache.put(key, value);
          }

          @Override
          public void close() {
            factory.destroy();
          }
        };
      }
      default -> throw new IllegalArgumentException("no two-level contender " + contender);
    };
  }
}
