package io.larder.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.cache.Caffeine;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each Redis fault against two instances on a real redis-server of its own: reads keep answering,
 * writes say when Redis was not written, L1 is emptied when the invalidation channel returns, and
 * invalidation resumes by itself.
 */
class RedisFaultTest {

  private static final AtomicInteger CACHE_IDS = new AtomicInteger();

  private RedisServer redis;
  private final List<TwoLevelCache<?, ?>> opened = new ArrayList<>();
  private final String cacheName = "fault" + CACHE_IDS.incrementAndGet();

  @BeforeEach
  void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    opened.forEach(TwoLevelCache::close);
    redis.close();
  }

  private TwoLevelCache<String, String> instance(Duration commandTimeout) {
    TwoLevelCache<String, String> c =
        RedisCacheBuilder.newBuilder(redis.uri())
            .namespace("app", cacheName)
            .l1(Caffeine.newBuilder().maximumSize(1_000))
            .commandTimeout(commandTimeout)
            .maxReconnectDelay(Duration.ofMillis(200))
            .build(Codec.utf8(), Codec.utf8());
    opened.add(c);
    return c;
  }

  private TwoLevelCache<String, String> instance() {
    return instance(TwoLevelCacheTest.TEST_COMMAND_TIMEOUT);
  }

  /**
   * Reads {@code key} until {@code cache} holds {@code value} in its L1. When another instance
   * wrote it, its invalidation may still be on the way and remove it again.
   */
  private static void cacheInL1(TwoLevelCache<String, String> cache, String key, String value) {
    Poll.until(
        cache + " holds " + key + "=" + value + " in L1",
        () -> value.equals(cache.getIfPresent(key)) && value.equals(cache.asMap().get(key)));
  }

  /** Writes on {@code writer} and waits until {@code reader}, holding the old value, sees it. */
  private static void assertInvalidationFlows(
      TwoLevelCache<String, String> writer, TwoLevelCache<String, String> reader, String key) {
    writeWhenConnected(writer, key, "before");
    cacheInL1(reader, key, "before");
    writeWhenConnected(writer, key, "after");
    Poll.until(
        reader + " sees the write of " + key, () -> "after".equals(reader.getIfPresent(key)));
  }

  /** Puts, retrying while the write fails because the link is still coming back. */
  private static void writeWhenConnected(
      TwoLevelCache<String, String> writer, String key, String value) {
    Poll.until(
        "put " + key + " reaches Redis",
        () -> {
          try {
            writer.put(key, value);
            return true;
          } catch (L2WriteException e) {
            return false;
          }
        });
  }

  @Test
  void redisKilledAndRestartedEmpty() throws Exception {
    TwoLevelCache<String, String> a = instance();
    TwoLevelCache<String, String> b = instance();
    a.put("cached", "v1");
    cacheInL1(a, "cached", "v1");

    redis.kill();

    // Reads answer from L1 and the loader; nothing reaches the caller for them.
    assertThat(a.getIfPresent("cached")).isEqualTo("v1");
    assertThat(a.get("missing", k -> "from-loader")).isEqualTo("from-loader");
    assertThat(a.getIfPresent("absent")).isNull();
    assertThat(a.levelStats().l2Errors()).isPositive();
    // Writes say clearly that Redis was not written.
    assertThatThrownBy(() -> a.put("cached", "v2"))
        .isInstanceOf(L2WriteException.class)
        .hasMessageContaining("put could not write Redis");
    assertThatThrownBy(() -> a.invalidate("cached"))
        .isInstanceOf(L2WriteException.class)
        .hasMessageContaining("invalidate could not write Redis");
    assertThatThrownBy(a::invalidateAll)
        .isInstanceOf(L2WriteException.class)
        .hasMessageContaining("invalidateAll could not write Redis");
    assertThat(a.get("loaded-in-outage", k -> "x")).isEqualTo("x");
    assertThat(a.asMap()).containsKey("loaded-in-outage");

    redis.restart();

    Poll.until(
        "both instances resynchronized",
        () -> a.levelStats().resyncs() >= 1 && b.levelStats().resyncs() >= 1);
    assertThat(a.asMap()).doesNotContainKey("loaded-in-outage");
    // a's failed invalidateAll is repaired by retiring the generation once Redis answers; a write
    // made before that repair is retired with it, so the flows below start after it.
    Poll.until("a repaired its failed writes", () -> a.unrepairedKeys() == 0);
    assertInvalidationFlows(b, a, "k");
    assertInvalidationFlows(a, b, "k2");
  }

  @Test
  void anInvalidationMissedDuringAnOutageIsNotServedAfterTheLinkReturns() throws Exception {
    assertThat(redis.cli("ACL", "SETUSER", "b", "on", ">pw", "~*", "&*", "+@all")).isEqualTo("OK");
    TwoLevelCache<String, String> a = instance();
    TwoLevelCache<String, String> b =
        RedisCacheBuilder.newBuilder(
                RedisURI.builder(redis.uri()).withAuthentication("b", "pw".toCharArray()).build())
            .namespace("app", cacheName)
            .commandTimeout(TwoLevelCacheTest.TEST_COMMAND_TIMEOUT)
            .maxReconnectDelay(Duration.ofMillis(200))
            .build(Codec.utf8(), Codec.utf8());
    opened.add(b);
    b.put("k", "v1");
    cacheInL1(b, "k", "v1");

    // Cut b off (its connections killed, and refused while user b is off), then write on a: the
    // invalidation is published while b cannot receive it.
    assertThat(redis.cli("ACL", "SETUSER", "b", "off")).isEqualTo("OK");
    redis.cli("CLIENT", "KILL", "USER", "b");
    Poll.until("b is disconnected", () -> !b.isL2Connected());
    a.put("k", "v2");
    assertThat(a.getIfPresent("k")).isEqualTo("v2");
    // During the outage b serves what its L1 held: the stated staleness bound.
    assertThat(b.getIfPresent("k")).isEqualTo("v1");
    long resyncs = b.levelStats().resyncs();

    assertThat(redis.cli("ACL", "SETUSER", "b", "on")).isEqualTo("OK");

    Poll.until("b resynchronized", () -> b.levelStats().resyncs() > resyncs);
    // The pub/sub connection can resubscribe before the command connection is back, and a read
    // meanwhile answers null (Redis unreachable); what b must never answer again is v1.
    Poll.until(
        "b reads v2 from Redis",
        () -> {
          String value = b.getIfPresent("k");
          assertThat(value).isNotEqualTo("v1");
          return "v2".equals(value);
        });
    assertInvalidationFlows(a, b, "k");
  }

  @Test
  void redisStalledByDebugSleep() throws Exception {
    TwoLevelCache<String, String> a = instance(Duration.ofSeconds(1));
    a.put("k", "v1");
    Process sleeper = redis.cliInBackground("DEBUG", "SLEEP", "8");
    try {
      AtomicInteger probe = new AtomicInteger();
      Poll.until(
          "a read times out against the stalled server",
          () -> {
            assertThat(a.get("probe" + probe.incrementAndGet(), k -> "loaded")).isEqualTo("loaded");
            return a.levelStats().l2Errors() > 0;
          });
      assertThat(a.get("k2", k -> "from-loader")).isEqualTo("from-loader");
      assertThatThrownBy(() -> a.put("k3", "v"))
          .isInstanceOf(L2WriteException.class)
          .hasMessageContaining("put could not write Redis");
    } finally {
      assertThat(sleeper.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    writeWhenConnected(a, "k", "v2");
    assertThat(a.getIfPresent("k")).isEqualTo("v2");
  }

  @Test
  void flushAll() throws Exception {
    TwoLevelCache<String, String> a = instance();
    TwoLevelCache<String, String> b = instance();
    // b's own write: no invalidation of it is on its way to b (a writer skips its own messages).
    b.put("k", "v1");
    cacheInL1(b, "k", "v1");

    assertThat(redis.cli("FLUSHALL")).isEqualTo("OK");

    assertThat(b.get("k", k -> "from-loader")).isEqualTo("v1");
    assertThat(a.get("k", k -> "from-loader")).isEqualTo("from-loader");
    a.put("k", "v2");
    Poll.until("b sees v2", () -> "v2".equals(b.getIfPresent("k")));
    a.invalidateAll();
    Poll.until("b is empty", () -> b.asMap().isEmpty());
    assertThat(b.getIfPresent("k")).isNull();
  }

  @Test
  void commandConnectionKilledByClientKill() throws Exception {
    TwoLevelCache<String, String> a = instance();
    TwoLevelCache<String, String> b = instance();
    a.put("k", "v1");
    cacheInL1(a, "k", "v1");

    String killed = redis.cli("CLIENT", "KILL", "TYPE", "normal");
    assertThat(Integer.parseInt(killed)).isGreaterThanOrEqualTo(2);

    assertThat(a.getIfPresent("k")).isEqualTo("v1");
    assertThat(a.get("other", k -> "answer")).isEqualTo("answer");
    assertInvalidationFlows(a, b, "k3");
    assertInvalidationFlows(b, a, "k4");
  }

  @Test
  void pubSubConnectionKilledByClientKill() throws Exception {
    TwoLevelCache<String, String> a = instance();
    TwoLevelCache<String, String> b = instance();
    a.put("k", "v1");
    cacheInL1(b, "k", "v1");

    String killed = redis.cli("CLIENT", "KILL", "TYPE", "pubsub");
    assertThat(Integer.parseInt(killed)).isEqualTo(2);

    Poll.until("b resynchronized", () -> b.levelStats().resyncs() >= 1);
    assertThat(b.asMap()).doesNotContainKey("k");
    assertThat(b.getIfPresent("k")).isEqualTo("v1");
    assertInvalidationFlows(a, b, "k");
  }

  @Test
  void pubSubConnectionDroppedByTheOutputBufferLimit() throws Exception {
    TwoLevelCache<String, String> a = instance();
    TwoLevelCache<String, String> b = instance();
    a.put("k", "v1");
    cacheInL1(b, "k", "v1");
    assertThat(redis.cli("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1024 1024 0"))
        .isEqualTo("OK");

    // A message larger than the reply buffer (16 KB) and the limit: Redis drops every subscriber.
    String channel = "larder:{app:" + cacheName + "}:inv";
    redis.cli("PUBLISH", channel, "x".repeat(64 * 1024));

    Poll.until(
        "both instances resynchronized",
        () -> a.levelStats().resyncs() >= 1 && b.levelStats().resyncs() >= 1);
    assertThat(b.asMap()).doesNotContainKey("k");
    assertThat(redis.cli("CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60"))
        .isEqualTo("OK");
    assertInvalidationFlows(a, b, "k");
  }

  /** An instance connected as ACL user {@code user}, whose link a test can cut (no restart). */
  private TwoLevelCache<String, String> instanceAs(String user) throws Exception {
    assertThat(redis.cli("ACL", "SETUSER", user, "on", ">pw", "~*", "&*", "+@all")).isEqualTo("OK");
    TwoLevelCache<String, String> c =
        RedisCacheBuilder.newBuilder(
                RedisURI.builder(redis.uri()).withAuthentication(user, "pw".toCharArray()).build())
            .namespace("app", cacheName)
            .commandTimeout(TwoLevelCacheTest.TEST_COMMAND_TIMEOUT)
            .maxReconnectDelay(Duration.ofMillis(200))
            .build(Codec.utf8(), Codec.utf8());
    opened.add(c);
    return c;
  }

  /** Cuts {@code user}'s connections and refuses new ones; Redis itself keeps running. */
  private void cutOff(String user, TwoLevelCache<String, String> cache) throws Exception {
    assertThat(redis.cli("ACL", "SETUSER", user, "off")).isEqualTo("OK");
    redis.cli("CLIENT", "KILL", "USER", user);
    Poll.until(cache + " is disconnected", () -> !cache.isL2Connected());
  }

  private void letBackIn(String user) throws Exception {
    assertThat(redis.cli("ACL", "SETUSER", user, "on")).isEqualTo("OK");
  }

  @Test
  void aPutThatFailedDuringABlipDoesNotLeaveTheOldValueInRedis() throws Exception {
    TwoLevelCache<String, String> a = instanceAs("w");
    TwoLevelCache<String, String> b = instance();
    a.put("k", "v1");
    cacheInL1(b, "k", "v1");

    cutOff("w", a);
    assertThatThrownBy(() -> a.put("k", "v2"))
        .isInstanceOf(L2WriteException.class)
        .hasMessageContaining("put could not write Redis");
    assertThat(a.unrepairedKeys()).isEqualTo(1);
    // Until it is repaired, a reads the key from the loader, never the old value in Redis.
    assertThat(a.get("k", k -> "v2")).isEqualTo("v2");
    // Redis was not restarted: it still holds v1, and b (connected throughout) serves it.
    assertThat(b.getIfPresent("k")).isEqualTo("v1");

    letBackIn("w");

    Poll.until("a repaired its failed write", () -> a.unrepairedKeys() == 0);
    // The repair deleted v1 from Redis: a third instance, which never held it, does not find it.
    assertThat(instance().getIfPresent("k")).isNull();
    Poll.until(
        "b no longer answers the value the failed put replaced",
        () -> "v2".equals(b.get("k", k -> "v2")));
    assertInvalidationFlows(a, b, "k");
  }

  @Test
  void anInvalidateThatFailedDuringABlipDoesNotLeaveTheOldValueInRedis() throws Exception {
    TwoLevelCache<String, String> a = instanceAs("w");
    TwoLevelCache<String, String> b = instance();
    a.put("k", "v1");
    cacheInL1(b, "k", "v1");

    cutOff("w", a);
    assertThatThrownBy(() -> a.invalidate("k"))
        .isInstanceOf(L2WriteException.class)
        .hasMessageContaining("invalidate could not write Redis");
    assertThat(a.getIfPresent("k")).isNull();
    assertThat(b.getIfPresent("k")).isEqualTo("v1");

    letBackIn("w");

    Poll.until("a repaired its failed write", () -> a.unrepairedKeys() == 0);
    assertThat(instance().getIfPresent("k")).isNull();
    Poll.until("b no longer answers the invalidated value", () -> b.getIfPresent("k") == null);
    assertInvalidationFlows(b, a, "k");
  }

  @Test
  void moreFailedWritesThanTheBoundMarkTheWholeCacheAndRetireItsGeneration() throws Exception {
    TwoLevelCache<String, String> a = instanceAs("w");
    TwoLevelCache<String, String> b = instance();
    a.put("k", "v1");
    a.put("untouched", "u1");
    cacheInL1(b, "k", "v1");

    cutOff("w", a);
    assertThatThrownBy(() -> a.put("k", "v2")).isInstanceOf(L2WriteException.class);
    for (int i = 1; i < TwoLevelCache.MAX_UNREPAIRED_KEYS; i++) {
      String key = "n" + i;
      assertThatThrownBy(() -> a.put(key, "x")).isInstanceOf(L2WriteException.class);
    }
    assertThat(a.unrepairedKeys()).isEqualTo(TwoLevelCache.MAX_UNREPAIRED_KEYS);
    // A key already recorded does not overflow the set.
    assertThatThrownBy(() -> a.put("k", "v2")).isInstanceOf(L2WriteException.class);
    assertThat(a.unrepairedKeys()).isEqualTo(TwoLevelCache.MAX_UNREPAIRED_KEYS);
    assertThatThrownBy(() -> a.put("overflow", "x")).isInstanceOf(L2WriteException.class);
    assertThat(a.unrepairedKeys()).isEqualTo(-1);
    // The whole cache is marked: a reads no key from Redis until it is repaired.
    assertThat(a.get("untouched", k -> "from-loader")).isEqualTo("from-loader");

    letBackIn("w");

    Poll.until("a repaired its failed writes", () -> a.unrepairedKeys() == 0);
    assertThat(instance().getIfPresent("untouched")).as("the generation was retired").isNull();
    Poll.until(
        "b no longer answers the value the failed put replaced",
        () -> "v2".equals(b.get("k", k -> "v2")));
    assertInvalidationFlows(a, b, "k");
  }

  @Test
  void aFailedInvalidateAllIsRepairedWhenTheLinkReturns() throws Exception {
    TwoLevelCache<String, String> a = instanceAs("w");
    TwoLevelCache<String, String> b = instance();
    a.put("k", "v1");
    cacheInL1(b, "k", "v1");

    cutOff("w", a);
    assertThatThrownBy(a::invalidateAll).isInstanceOf(L2WriteException.class);
    assertThat(a.unrepairedKeys()).isEqualTo(-1);

    letBackIn("w");

    Poll.until("b no longer answers the cleared value", () -> b.getIfPresent("k") == null);
    Poll.until("a repaired its failed clear", () -> a.unrepairedKeys() == 0);
  }

  @Test
  void aPutThatTimedOutInAStallIsRepairedOnceRedisAnswersAgain() throws Exception {
    TwoLevelCache<String, String> a = instance(Duration.ofSeconds(1));
    TwoLevelCache<String, String> b = instance();
    a.put("k", "v1");
    cacheInL1(b, "k", "v1");
    Process sleeper = redis.cliInBackground("DEBUG", "SLEEP", "6");
    try {
      Poll.until(
          "a put times out against the stalled server",
          () -> {
            try {
              a.put("k", "v2");
              return false;
            } catch (L2WriteException e) {
              return true;
            }
          });
      assertThat(a.unrepairedKeys()).isEqualTo(1);
      assertThat(a.get("k", k -> "v2")).isEqualTo("v2");
    } finally {
      assertThat(sleeper.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    // No connection was lost, so no resubscription: the first command Redis answers after the
    // stall starts the repair.
    Poll.until(
        "a repaired its failed write",
        () -> {
          a.getIfPresent("probe");
          return a.unrepairedKeys() == 0;
        });
    Poll.until("b no longer answers v1", () -> "v2".equals(b.get("k", k -> "v2")));
    assertThat(instance().get("k", k -> "v2")).isEqualTo("v2");
  }
}
