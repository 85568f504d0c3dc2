package io.larder.cache.redis;

import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A three-node Redis Cluster on loopback for tests (no replicas, no persistence), created with
 * {@code redis-cli --cluster create} and stopped by {@link #close()}.
 */
final class RedisCluster implements AutoCloseable {

  private final List<RedisServer> nodes = new ArrayList<>();

  private RedisCluster() {}

  static RedisCluster start() throws Exception {
    RedisCluster cluster = new RedisCluster();
    try {
      for (int i = 0; i < 3; i++) {
        cluster.nodes.add(RedisServer.startClusterNode());
      }
      List<String> create = new ArrayList<>(List.of("--cluster", "create"));
      for (RedisServer node : cluster.nodes) {
        create.add("127.0.0.1:" + node.port());
      }
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      String output = cluster.nodes.get(0).cli(create.toArray(String[]::new));
      if (!output.contains("All 16384 slots covered")) {
        throw new IllegalStateException("redis-cli --cluster create failed: " + output);
      }
      for (RedisServer node : cluster.nodes) {
        Poll.until(
            "node " + node.port() + " sees the cluster ok",
            () -> cli(node, "CLUSTER", "INFO").contains("cluster_state:ok"));
      }
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  List<RedisURI> seeds() {
    return nodes.stream().map(RedisServer::uri).toList();
  }

  List<RedisServer> nodes() {
    return List.copyOf(nodes);
  }

  static String cli(RedisServer node, String... args) {
    try {
      return node.cli(args);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    for (RedisServer node : nodes) {
      node.close();
    }
  }
}
