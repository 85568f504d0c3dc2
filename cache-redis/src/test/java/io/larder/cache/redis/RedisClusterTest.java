package io.larder.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two instances of several caches on a real three-node Redis Cluster on loopback. */
class RedisClusterTest {

  /** Names whose namespaces hash to slots on different nodes (checked below). */
  private static final List<String> CACHES = List.of("users", "products", "orders", "carts");

  @Test
  void instancesStayCoherentOnAThreeNodeCluster() throws Exception {
    try (RedisCluster cluster = RedisCluster.start()) {
      List<TwoLevelCache<String, String>> opened = new ArrayList<>();
      try {
        exercise(cluster, opened);
      } finally {
        opened.forEach(TwoLevelCache::close);
      }
      long nodesHoldingKeys =
          cluster.nodes().stream()
              .filter(node -> Long.parseLong(RedisCluster.cli(node, "DBSIZE")) > 0)
              .count();
      assertThat(nodesHoldingKeys).as("nodes holding the caches' keys").isGreaterThanOrEqualTo(2);
    }
  }

  private static void exercise(RedisCluster cluster, List<TwoLevelCache<String, String>> opened) {
    for (String name : CACHES) {
      TwoLevelCache<String, String> a = instance(cluster, name);
      opened.add(a);
      TwoLevelCache<String, String> b = instance(cluster, name);
      opened.add(b);

      assertThat(a.get("k", k -> "loaded-" + name)).isEqualTo("loaded-" + name);
      assertThat(b.get("k", k -> "loaded twice")).isEqualTo("loaded-" + name);
      Poll.until(
          name + ": b holds the value in L1",
          () -> b.asMap().containsKey("k") && ("loaded-" + name).equals(b.getIfPresent("k")));

      a.put("k", "v2");
      Poll.until(name + ": b sees v2", () -> "v2".equals(b.getIfPresent("k")));
      b.invalidate("k");
      Poll.until(name + ": a sees the invalidation", () -> a.getIfPresent("k") == null);
      a.put("k", "v3");
      assertThat(b.getIfPresent("k")).isEqualTo("v3");
      a.invalidateAll();
      Poll.until(name + ": b is emptied", () -> b.asMap().isEmpty());
      assertThat(b.getIfPresent("k")).isNull();
      assertThat(a.levelStats().l2Errors() + b.levelStats().l2Errors()).isZero();
    }
  }

  private static TwoLevelCache<String, String> instance(RedisCluster cluster, String name) {
    return RedisCacheBuilder.newClusterBuilder(cluster.seeds())
        .namespace("app", name)
        .commandTimeout(TwoLevelCacheTest.TEST_COMMAND_TIMEOUT)
        .build(Codec.utf8(), Codec.utf8());
  }
}
