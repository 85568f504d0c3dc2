package io.larder.spring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of two-level caches, under {@code larder.cache.redis}: with {@code enabled} set and
 * {@code io.larder:cache-redis} on the class path, every cache of the auto-configured {@link
 * io.larder.spring.LarderCacheManager} is a Larder cache in this JVM in front of Redis, which the
 * application's instances share. The Redis server is Spring Boot's own {@code spring.data.redis.*}
 * (url, host, port, username, password, database, ssl.enabled, cluster.nodes).
 */
@ConfigurationProperties("larder.cache.redis")
public class LarderRedisProperties {
  /**
   * Whether every cache of Larder's manager is two-level (L1 in this JVM, L2 in Redis). Setting it
   * chooses Larder as the cache provider even where Spring Boot would pick its own Redis cache
   * manager; it needs io.larder:cache-redis on the class path.
   */
  private boolean enabled = false;

  /**
   * Application part of every Redis key and channel (larder:{prefix:cache}:...), so that
   * applications sharing a Redis never collide; letters, digits, '_', '.' or '-'. Defaults to
   * spring.application.name; one of the two is required.
   */
  private @Nullable String keyPrefix;

  /** How long a value lives in Redis after it was written. */
  private Duration timeToLive = Duration.ofHours(1);

  /**
   * How values are stored in Redis: "json" (Jackson, each cache's value type from value-types or
   * value-type; never class names read from Redis), "string" (values are Strings) or "bytes"
   * (values are byte arrays). There is no Java serialization.
   */
  private String codec = "json";

  /**
   * Value type of the caches without an entry in value-types, for the json codec: a class name or a
   * Jackson canonical type such as "java.util.List<com.example.Book>".
   */
  private @Nullable String valueType;

  /** Value type of individual caches, by cache name, for the json codec (as value-type). */
  private Map<String, String> valueTypes = new LinkedHashMap<>();

  /**
   * Time after which a Redis command is abandoned: a read then answers from L1 or the method, a
   * write fails with an L2WriteException.
   */
  private Duration commandTimeout = Duration.ofMillis(500);

  /**
   * How long instances that miss a key another instance is loading wait for its value before
   * running the method themselves; set it above the method's usual time.
   */
  private Duration loadLease = Duration.ofSeconds(2);

  /**
   * What a cache write (@CachePut, @CacheEvict, and the fill after a @Cacheable miss) does when
   * Redis cannot be written: "log" (the caller is not told; a warning once per outage per cache,
   * the cache's L2 error count, and the key deleted from Redis when the link returns) or "throw"
   * (an L2WriteException reaches the caller through Spring's CacheErrorHandler; the key is repaired
   * all the same).
   */
  private String writeFailure = "log";

  /** Health component (larderRedis) settings. */
  private final Health health = new Health();

  /** Returns whether caches are two-level. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Sets whether caches are two-level. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Returns the application part of the Redis keys, if set. */
  public @Nullable String getKeyPrefix() {
    return keyPrefix;
  }

  /** Sets the application part of the Redis keys. */
  public void setKeyPrefix(@Nullable String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  /** Returns how long a value lives in Redis. */
  public Duration getTimeToLive() {
    return timeToLive;
  }

  /** Sets how long a value lives in Redis. */
  public void setTimeToLive(Duration timeToLive) {
    this.timeToLive = timeToLive;
  }

  /** Returns how values are stored in Redis. */
  public String getCodec() {
    return codec;
  }

  /** Sets how values are stored in Redis. */
  public void setCodec(String codec) {
    this.codec = codec;
  }

  /** Returns the value type of caches without one of their own. */
  public @Nullable String getValueType() {
    return valueType;
  }

  /** Sets the value type of caches without one of their own. */
  public void setValueType(@Nullable String valueType) {
    this.valueType = valueType;
  }

  /** Returns the value types of individual caches. */
  public Map<String, String> getValueTypes() {
    return valueTypes;
  }

  /** Sets the value types of individual caches. */
  public void setValueTypes(Map<String, String> valueTypes) {
    this.valueTypes = valueTypes;
  }

  /** Returns the Redis command timeout. */
  public Duration getCommandTimeout() {
    return commandTimeout;
  }

  /** Sets the Redis command timeout. */
  public void setCommandTimeout(Duration commandTimeout) {
    this.commandTimeout = commandTimeout;
  }

  /** Returns the load lease. */
  public Duration getLoadLease() {
    return loadLease;
  }

  /** Sets the load lease. */
  public void setLoadLease(Duration loadLease) {
    this.loadLease = loadLease;
  }

  /** Returns what a cache write does when Redis cannot be written. */
  public String getWriteFailure() {
    return writeFailure;
  }

  /** Sets what a cache write does when Redis cannot be written: "log" or "throw". */
  public void setWriteFailure(String writeFailure) {
    this.writeFailure = writeFailure;
  }

  /** Returns the health component settings. */
  public Health getHealth() {
    return health;
  }

  /** Settings of the larderRedis health component. */
  public static class Health {
    /**
     * How long the link to Redis must have been seen down before the component reports DOWN;
     * shorter outages are reported UP with the link's state in the details, so that a brief blip
     * never fails a probe (reads keep answering from L1 and the methods meanwhile).
     */
    private Duration downAfter = Duration.ofSeconds(30);

    /** Returns how long the link must be down before DOWN. */
    public Duration getDownAfter() {
      return downAfter;
    }

    /** Sets how long the link must be down before DOWN. */
    public void setDownAfter(Duration downAfter) {
      this.downAfter = downAfter;
    }
  }
}
