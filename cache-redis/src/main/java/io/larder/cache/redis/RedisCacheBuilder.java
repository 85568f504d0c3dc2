package io.larder.cache.redis;

import static java.util.Objects.requireNonNull;

import io.larder.cache.CacheLoader;
import io.larder.cache.Caffeine;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A builder of two-level caches: a Larder cache in each JVM (L1) in front of Redis (L2).
 *
 * <pre>{@code
 * TwoLevelLoadingCache<String, String> users = RedisCacheBuilder
 *     .newBuilder(RedisURI.create("redis://127.0.0.1:6379"))
 *     .namespace("shop", "users")                       // keys: larder:{shop:users}:...
 *     .l1(Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)))
 *     .l2TimeToLive(Duration.ofHours(1))
 *     .build(Codec.utf8(), Codec.utf8(), id -> loadUser(id));
 * }</pre>
 *
 * <p>The {@link RedisURI} carries AUTH (user and password) and TLS ({@code rediss://}) to Lettuce
 * unchanged. Settings are validated eagerly, with messages that name the setting and the value.
 *
 * @param <K> the key type the L1 builder accepts
 * @param <V> the value type the L1 builder accepts
 */
public final class RedisCacheBuilder<K, V> {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

  private final List<RedisURI> redisUris;
  private final boolean cluster;
  private Caffeine<K, V> l1;
  private @Nullable String namespace;
  private Duration l2TimeToLive = Duration.ofHours(1);
  private Duration loadLease = Duration.ofSeconds(2);
  private Duration commandTimeout = Duration.ofMillis(500);
  private Duration connectTimeout = Duration.ofSeconds(10);
  private Duration maxReconnectDelay = Duration.ofSeconds(1);
  private int l1MaxValueBytes = Integer.MAX_VALUE;
  private Executor executor = ForkJoinPool.commonPool();

  private RedisCacheBuilder(List<RedisURI> redisUris, boolean cluster, Caffeine<K, V> l1) {
    this.redisUris = redisUris;
    this.cluster = cluster;
    this.l1 = l1;
  }

  /** Returns a builder of caches on the Redis server at {@code redisUri}. */
  public static RedisCacheBuilder<Object, Object> newBuilder(RedisURI redisUri) {
    requireNonNull(redisUri, "redisUri");
    return new RedisCacheBuilder<>(
        List.of(redisUri), false, Caffeine.newBuilder().maximumSize(10_000));
  }

  /**
   * Returns a builder of caches on the Redis Cluster that {@code seeds} (one or more of its nodes)
   * lead to. A cache's keys share one hash slot (see {@link #namespace}); its invalidations use the
   * cluster's classic pub/sub, which every node relays.
   */
  public static RedisCacheBuilder<Object, Object> newClusterBuilder(List<RedisURI> seeds) {
    List<RedisURI> copy = List.copyOf(requireNonNull(seeds, "seeds"));
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("seeds must name at least one cluster node: []");
    }
    return new RedisCacheBuilder<>(copy, true, Caffeine.newBuilder().maximumSize(10_000));
  }

  /**
   * Sets the L1 (any Larder builder: bounded, memory-bounded, expiring). The default is {@code
   * Caffeine.newBuilder().maximumSize(10_000)}.
   */
  @SuppressWarnings("unchecked")
  public <K1 extends K, V1 extends V> RedisCacheBuilder<K1, V1> l1(Caffeine<K1, V1> builder) {
    requireNonNull(builder, "l1");
    RedisCacheBuilder<K1, V1> self = (RedisCacheBuilder<K1, V1>) this;
    self.l1 = builder;
    return self;
  }

  /**
   * Sets the namespace of every Redis key and channel of the cache: {@code
   * larder:{<application>:<cache>}:}, so that two applications or two caches sharing a Redis never
   * collide; the braces are a Redis Cluster hash tag that keeps a cache's keys in one slot.
   * Required. Each part is letters, digits, '_', '.' or '-'.
   */
  public RedisCacheBuilder<K, V> namespace(String application, String cache) {
    requireName("application", application);
    requireName("cache", cache);
    this.namespace = "larder:{" + application + ":" + cache + "}:";
    return this;
  }

  /**
   * Sets how long a value lives in Redis after it was written; required to be positive, since a
   * cleared generation's values are reclaimed by it. The default is one hour.
   */
  public RedisCacheBuilder<K, V> l2TimeToLive(Duration ttl) {
    this.l2TimeToLive = requirePositive("l2TimeToLive", ttl);
    return this;
  }

  /**
   * Sets the load lease: how long instances that miss a key another instance is loading wait for
   * its value before loading themselves. Set it above the loader's usual time. Default 2 s.
   */
  public RedisCacheBuilder<K, V> loadLease(Duration lease) {
    this.loadLease = requirePositive("loadLease", lease);
    return this;
  }

  /**
   * Sets the time after which a Redis command is abandoned: a read then answers from the loader, a
   * write throws {@link L2WriteException}. Default 500 ms.
   */
  public RedisCacheBuilder<K, V> commandTimeout(Duration timeout) {
    this.commandTimeout = requirePositive("commandTimeout", timeout);
    return this;
  }

  /**
   * Sets how long opening a connection (TCP, TLS and the HELLO/AUTH handshake) may take, at build
   * and at each reconnection. Default 10 s.
   */
  public RedisCacheBuilder<K, V> connectTimeout(Duration timeout) {
    this.connectTimeout = requirePositive("connectTimeout", timeout);
    return this;
  }

  /** Sets the longest pause between reconnection attempts (they back off up to it). Default 1 s. */
  public RedisCacheBuilder<K, V> maxReconnectDelay(Duration delay) {
    this.maxReconnectDelay = requirePositive("maxReconnectDelay", delay);
    return this;
  }

  /** Sets the encoded size above which a value is kept in Redis only, never in L1. */
  public RedisCacheBuilder<K, V> l1MaxValueBytes(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("l1MaxValueBytes must not be negative: " + bytes);
    }
    this.l1MaxValueBytes = bytes;
    return this;
  }

  /**
   * Sets the executor of {@code refresh} and of the repair of writes that failed (see {@link
   * TwoLevelCache}). The default is the common pool.
   */
  public RedisCacheBuilder<K, V> executor(Executor executor) {
    this.executor = requireNonNull(executor, "executor");
    return this;
  }

  /** Builds a two-level cache whose keys and values Redis stores through the given codecs. */
  public <K1 extends K, V1 extends V> TwoLevelCache<K1, V1> build(
      Codec<K1> keyCodec, Codec<V1> valueCodec) {
    validate(keyCodec, valueCodec);
    return new TwoLevelCache<>(this, keyCodec, valueCodec);
  }

  /** Builds a two-level loading cache whose misses {@code loader} loads. */
  public <K1 extends K, V1 extends V> TwoLevelLoadingCache<K1, V1> build(
      Codec<K1> keyCodec, Codec<V1> valueCodec, CacheLoader<? super K1, V1> loader) {
    validate(keyCodec, valueCodec);
    requireNonNull(loader, "loader");
    return new TwoLevelLoadingCache<>(this, keyCodec, valueCodec, loader);
  }

  private void validate(Codec<?> keyCodec, Codec<?> valueCodec) {
    requireNonNull(keyCodec, "keyCodec");
    requireNonNull(valueCodec, "valueCodec");
    if (namespace == null) {
      throw new IllegalStateException(
          "namespace(application, cache) is required: it keeps caches sharing a Redis apart");
    }
  }

  Caffeine<K, V> l1Builder() {
    return l1;
  }

  List<RedisURI> redisUris() {
    return redisUris;
  }

  boolean cluster() {
    return cluster;
  }

  String namespace() {
    return requireNonNull(namespace);
  }

  Duration l2TimeToLive() {
    return l2TimeToLive;
  }

  Duration loadLease() {
    return loadLease;
  }

  Duration commandTimeout() {
    return commandTimeout;
  }

  Duration connectTimeout() {
    return connectTimeout;
  }

  Duration maxReconnectDelay() {
    return maxReconnectDelay;
  }

  int l1MaxValueBytes() {
    return l1MaxValueBytes;
  }

  Executor executor() {
    return executor;
  }

  private static void requireName(String setting, String value) {
    requireNonNull(value, setting);
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          setting + " must be letters, digits, '_', '.' or '-': '" + value + "'");
    }
  }

  private static Duration requirePositive(String setting, Duration value) {
    requireNonNull(value, setting);
    if (value.isNegative() || value.isZero() || value.toMillis() == 0) {
      throw new IllegalArgumentException(setting + " must be at least one millisecond: " + value);
    }
    return value;
  }
}
