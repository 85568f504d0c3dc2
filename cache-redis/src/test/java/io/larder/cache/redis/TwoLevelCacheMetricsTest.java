package io.larder.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Micrometer meters of two instances on a real redis-server. */
class TwoLevelCacheMetricsTest {

  @Test
  void countsEachLevelInvalidationsAndRedisCommands() throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (RedisServer redis = RedisServer.start();
        TwoLevelCache<String, String> a = instance(redis)) {
      TwoLevelCache<String, String> b = instance(redis);
      try {
        TwoLevelCacheMetrics.monitor(registry, a, "products", "instance", "a");
        TwoLevelCacheMetrics.monitor(registry, b, "products", "instance", "b");

        a.get("k", k -> "v"); // l1 miss, l2 miss, one load
        a.get("k", k -> "v"); // l1 hit
        b.put("k", "w"); // sent by b, received by a
        Poll.until(
            "a received b's invalidation",
            () -> count(registry, "cache.invalidations", "a", "direction", "received") == 1);
        assertThat(b.getIfPresent("k")).isEqualTo("w"); // l1 miss, l2 hit

        assertThat(count(registry, "cache.level.gets", "a", "level", "l1", "result", "hit"))
            .isEqualTo(1);
        assertThat(count(registry, "cache.level.gets", "a", "level", "l1", "result", "miss"))
            .isEqualTo(1);
        assertThat(count(registry, "cache.level.gets", "a", "level", "l2", "result", "miss"))
            .isEqualTo(1);
        assertThat(count(registry, "cache.level.gets", "b", "level", "l2", "result", "hit"))
            .isEqualTo(1);
        assertThat(count(registry, "cache.level.loads", "a")).isEqualTo(1);
        assertThat(count(registry, "cache.invalidations", "b", "direction", "sent")).isEqualTo(1);
        assertThat(count(registry, "cache.l2.errors", "a")).isZero();
        assertThat(count(registry, "cache.resyncs", "a")).isZero();
        assertThat(registry.get("cache.l2.latency").tags("instance", "a").functionTimer().count())
            .isEqualTo(2); // getOrLease, fill
        assertThat(
                registry
                    .get("cache.l2.latency")
                    .tags("instance", "a")
                    .functionTimer()
                    .totalTime(TimeUnit.NANOSECONDS))
            .isPositive();
        assertThat(registry.get("cache.l2.connected").tags("instance", "b").gauge().value())
            .isEqualTo(1.0);

        b.close();
        assertThat(registry.get("cache.l2.connected").tags("instance", "b").gauge().value())
            .isZero();
      } finally {
        b.close();
      }
    }
  }

  @Test
  void countsTheWritesThatAwaitRepairUntilRedisReturns() throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (RedisServer redis = RedisServer.start();
        TwoLevelCache<String, String> a = instance(redis)) {
      TwoLevelCacheMetrics.monitor(registry, a, "products", "instance", "a");
      a.put("k", "v");
      assertThat(unrepaired(registry, "keys")).isZero();

      redis.kill();
      try {
        assertThatThrownBy(() -> a.put("k", "w")).isInstanceOf(L2WriteException.class);
        assertThatThrownBy(() -> a.invalidate("j")).isInstanceOf(L2WriteException.class);
        assertThat(unrepaired(registry, "keys")).isEqualTo(2);
        assertThat(unrepaired(registry, "all")).isZero();
        assertThatThrownBy(a::invalidateAll).isInstanceOf(L2WriteException.class);
        assertThat(unrepaired(registry, "all")).isEqualTo(1);
      } finally {
        redis.restart();
      }
      Poll.until(
          "the repair after Redis returned",
          () -> unrepaired(registry, "keys") == 0 && unrepaired(registry, "all") == 0);
    }
  }

  private static double unrepaired(MeterRegistry registry, String scope) {
    return registry
        .get("cache.l2.unrepaired")
        .tags("cache", "products", "instance", "a", "scope", scope)
        .gauge()
        .value();
  }

  private static double count(
      MeterRegistry registry, String name, String instance, String... tags) {
    return registry
        .get(name)
        .tags("cache", "products", "instance", instance)
        .tags(tags)
        .functionCounter()
        .count();
  }

  private static TwoLevelCache<String, String> instance(RedisServer redis) {
    return RedisCacheBuilder.newBuilder(redis.uri())
        .namespace("app", "metrics")
        .commandTimeout(TwoLevelCacheTest.TEST_COMMAND_TIMEOUT)
        .build(Codec.utf8(), Codec.utf8());
  }
}
