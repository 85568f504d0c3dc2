package io.larder.cache.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Redis side of a two-level cache: one command connection, one pub/sub connection, and the Lua
 * scripts that make each operation a single atomic round trip.
 *
 * <p>Key layout, all under the cache's namespace {@code N} (for example {@code
 * larder:{app:cache}:}, whose hash tag puts every key of a cache in one Redis Cluster slot, as the
 * scripts require): {@code N gen} holds the namespace generation; {@code N v:G:key} the value of
 * {@code key} in generation {@code G}; {@code N l:G:key} a short load lease; {@code N inv} is the
 * pub/sub channel. {@code invalidateAll()} increments the generation (O(1), no {@code KEYS}, no
 * {@code SCAN}): the old generation's values become unreachable at once and expire with their TTL.
 * Scripts build the value and lease keys from the generation they read, inside Redis, so a write
 * racing a clear lands either before it (and is cleared) or after it (in the new generation), never
 * in between.
 *
 * <p>Loads are guarded by leases: a miss takes {@code N l:G:key} with a random token, and the
 * loaded value is written only if that lease is still held. Every write and invalidation deletes
 * the lease, so a load that read the database before an update can never write its stale result
 * over the update (the lost-update race of cache-aside). The lease also makes other instances that
 * miss the same key wait for the first one's load instead of all hitting the database.
 */
final class L2Store implements AutoCloseable {

  /** What {@link #getOrLease} found: a value, a lease for this caller, or neither. */
  record Lookup(byte @Nullable [] value, boolean leased, byte[] generation) {}

  /** Receives the pub/sub events of the cache's channel. */
  interface Listener {
    void onMessage(byte[] message);

    /** Called at each subscription confirmation, the first one and every resubscription. */
    void onSubscribed();
  }

  private static final String GET =
      "return redis.call('GET', ARGV[1] .. 'v:' .. "
          + "(redis.call('GET', KEYS[1]) or '0') .. ':' .. ARGV[2])";

  private static final String GET_OR_LEASE =
      String.join(
          "\n",
          "local g = redis.call('GET', KEYS[1]) or '0'",
          "local v = redis.call('GET', ARGV[1] .. 'v:' .. g .. ':' .. ARGV[2])",
          "if v then return {1, v} end",
          "if redis.call('SET', ARGV[1] .. 'l:' .. g .. ':' .. ARGV[2], ARGV[3], 'NX', 'PX', ARGV[4])"
              + " then return {2, g} end",
          "return {0, g}");

  private static final String FILL =
      String.join(
          "\n",
          "local g = redis.call('GET', KEYS[1]) or '0'",
          "if g ~= ARGV[6] then return 0 end",
          "local lease = ARGV[1] .. 'l:' .. g .. ':' .. ARGV[2]",
          "if redis.call('GET', lease) ~= ARGV[3] then return 0 end",
          "redis.call('DEL', lease)",
          "redis.call('SET', ARGV[1] .. 'v:' .. g .. ':' .. ARGV[2], ARGV[4], 'PX', ARGV[5])",
          "return 1");

  private static final String RELEASE =
      String.join(
          "\n",
          "local lease = ARGV[1] .. 'l:' .. ARGV[4] .. ':' .. ARGV[2]",
          "if redis.call('GET', lease) == ARGV[3] then redis.call('DEL', lease) end",
          "return 1");

  private static final String PUT =
      String.join(
          "\n",
          "local g = redis.call('GET', KEYS[1]) or '0'",
          "redis.call('SET', ARGV[1] .. 'v:' .. g .. ':' .. ARGV[2], ARGV[3], 'PX', ARGV[4])",
          "redis.call('DEL', ARGV[1] .. 'l:' .. g .. ':' .. ARGV[2])",
          "redis.call('PUBLISH', ARGV[5], ARGV[6])",
          "return 1");

  private static final String INVALIDATE =
      String.join(
          "\n",
          "local g = redis.call('GET', KEYS[1]) or '0'",
          "redis.call('DEL', ARGV[1] .. 'v:' .. g .. ':' .. ARGV[2], "
              + "ARGV[1] .. 'l:' .. g .. ':' .. ARGV[2])",
          "redis.call('PUBLISH', ARGV[3], ARGV[4])",
          "return 1");

  private static final String CLEAR =
      String.join(
          "\n",
          "redis.call('INCR', KEYS[1])",
          "redis.call('PUBLISH', ARGV[1], ARGV[2])",
          "return 1");

  private final SharedClientResources.Lease lease;
  private final AbstractRedisClient client;
  private final StatefulConnection<byte[], byte[]> data;
  private final RedisScriptingCommands<byte[], byte[]> scripting;
  private final StatefulRedisPubSubConnection<byte[], byte[]> pubSub;
  private final byte[] namespace;
  private final byte[][] generationKey;
  private final byte[] channel;
  private final TwoLevelCounters counters;

  /**
   * Connects to a standalone Redis ({@code cluster} false, one URI) or to a Redis Cluster through
   * the given seed nodes; the scripts touch only keys of one hash slot, so they run on either.
   */
  L2Store(
      List<RedisURI> uris,
      boolean cluster,
      String namespace,
      Duration commandTimeout,
      Duration connectTimeout,
      Duration maxReconnectDelay,
      TwoLevelCounters counters,
      Listener listener) {
    this.counters = counters;
    // The URI's timeout bounds the connection handshake; TimeoutOptions bounds each command.
    List<RedisURI> copies =
        uris.stream()
            .map(uri -> RedisURI.builder(uri).withTimeout(connectTimeout).build())
            .toList();
    this.lease = SharedClientResources.acquire(maxReconnectDelay);
    ClientResources resources = lease.resources();
    SocketOptions socket =
        SocketOptions.builder()
            .connectTimeout(connectTimeout)
            // Detects a peer that vanished without closing (a half-open pub/sub link otherwise
            // looks alive while it misses invalidations).
            .keepAlive(true)
            .build();
    this.namespace = namespace.getBytes(StandardCharsets.UTF_8);
    this.generationKey = new byte[][] {(namespace + "gen").getBytes(StandardCharsets.UTF_8)};
    this.channel = (namespace + "inv").getBytes(StandardCharsets.UTF_8);
    if (cluster) {
      RedisClusterClient clusterClient = RedisClusterClient.create(resources, copies);
      ClusterClientOptions.Builder options = ClusterClientOptions.builder();
      options.autoReconnect(true);
      // Lettuce connects to each node lazily, at the first command for it, and rejecting commands
      // while disconnected would reject that first one. Accepted instead, each command still gives
      // up after commandTimeout, and the queue of a node that is down stays bounded.
      options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS);
      options.requestQueueSize(10_000);
      options.socketOptions(socket);
      options.timeoutOptions(TimeoutOptions.enabled(commandTimeout));
      options.topologyRefreshOptions(
          ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build());
      clusterClient.setOptions(options.build());
      this.client = clusterClient;
    } else {
      RedisClient standalone = RedisClient.create(resources, copies.get(0));
      standalone.setOptions(
          ClientOptions.builder()
              .autoReconnect(true)
              // Commands fail at once while the link is down (reads fall back to L1 and the loader)
              // instead of queuing until it returns.
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .socketOptions(socket)
              .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
              .build());
      this.client = standalone;
    }
    try {
      if (client instanceof RedisClusterClient clusterClient) {
        StatefulRedisClusterConnection<byte[], byte[]> connection =
            clusterClient.connect(ByteArrayCodec.INSTANCE);
        this.data = connection;
        this.scripting = connection.sync();
        this.pubSub = clusterClient.connectPubSub(ByteArrayCodec.INSTANCE);
      } else {
        RedisClient standalone = (RedisClient) client;
        StatefulRedisConnection<byte[], byte[]> connection =
            standalone.connect(ByteArrayCodec.INSTANCE);
        this.data = connection;
        this.scripting = connection.sync();
        this.pubSub = standalone.connectPubSub(ByteArrayCodec.INSTANCE);
      }
      pubSub.addListener(
          new RedisPubSubAdapter<byte[], byte[]>() {
            @Override
            public void message(byte[] from, byte[] message) {
              listener.onMessage(message);
            }

            @Override
            public void subscribed(byte[] to, long count) {
              listener.onSubscribed();
            }
          });
      pubSub.sync().subscribe(channel);
    } catch (RuntimeException e) {
      shutdown();
      throw e;
    }
  }

  byte[] channel() {
    return channel.clone();
  }

  byte @Nullable [] get(byte[] key) {
    return run(Script.GET, ScriptOutputType.VALUE, namespace, key);
  }

  Lookup getOrLease(byte[] key, byte[] token, long leaseMillis) {
    List<Object> result =
        run(Script.GET_OR_LEASE, ScriptOutputType.MULTI, namespace, key, token, ascii(leaseMillis));
    long kind = (Long) result.get(0);
    byte[] second = (byte[]) result.get(1);
    return kind == 1 ? new Lookup(second, false, new byte[0]) : new Lookup(null, kind == 2, second);
  }

  boolean fill(byte[] key, byte[] token, byte[] generation, byte[] value, long ttlMillis) {
    Long done =
        run(
            Script.FILL,
            ScriptOutputType.INTEGER,
            namespace,
            key,
            token,
            value,
            ascii(ttlMillis),
            generation);
    return done == 1L;
  }

  void release(byte[] key, byte[] token, byte[] generation) {
    run(Script.RELEASE, ScriptOutputType.INTEGER, namespace, key, token, generation);
  }

  void put(byte[] key, byte[] value, long ttlMillis, byte[] message) {
    run(
        Script.PUT,
        ScriptOutputType.INTEGER,
        namespace,
        key,
        value,
        ascii(ttlMillis),
        channel,
        message);
  }

  void invalidate(byte[] key, byte[] message) {
    run(Script.INVALIDATE, ScriptOutputType.INTEGER, namespace, key, channel, message);
  }

  void clear(byte[] message) {
    run(Script.CLEAR, ScriptOutputType.INTEGER, channel, message);
  }

  /** Whether both connections are currently open. */
  boolean isConnected() {
    return data.isOpen() && pubSub.isOpen();
  }

  private <T> T run(Script script, ScriptOutputType type, byte[]... args) {
    RedisScriptingCommands<byte[], byte[]> commands = scripting;
    long start = System.nanoTime();
    try {
      return commands.evalsha(script.sha, type, generationKey, args);
    } catch (RedisNoScriptException e) {
      // A restarted (or flushed with SCRIPT FLUSH) server: send the text once, it is cached again.
      return commands.eval(script.text, type, generationKey, args);
    } finally {
      counters.l2Calls.increment();
      counters.l2Nanos.add(System.nanoTime() - start);
    }
  }

  private static byte[] ascii(long number) {
    return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    shutdown();
  }

  /**
   * Closes the connections and gives back the shared thread pools, which the last cache to close
   * shuts down, waiting for their threads to stop so that none outlives it.
   */
  private void shutdown() {
    try {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } finally {
      lease.close();
    }
  }

  /** A Lua script with its SHA-1, sent by digest and by text only when the server lacks it. */
  private enum Script {
    GET(L2Store.GET),
    GET_OR_LEASE(L2Store.GET_OR_LEASE),
    FILL(L2Store.FILL),
    RELEASE(L2Store.RELEASE),
    PUT(L2Store.PUT),
    INVALIDATE(L2Store.INVALIDATE),
    CLEAR(L2Store.CLEAR);

    final String text;
    final String sha;

    Script(String text) {
      this.text = text;
      this.sha = sha1(text);
    }

    private static String sha1(String text) {
      try {
        MessageDigest digest = MessageDigest.getInstance("SHA-1");
        return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-1 is required of every JVM", e);
      }
    }
  }
}
