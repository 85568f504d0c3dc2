package io.larder.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;

/**
 * The per-entry cost of a bounded cache's node is no more than Caffeine's generated node for the
 * same configuration ({@code PSMS}: strong keys and values, maximum size; {@code PSMW}: maximum
 * weight), as laid out by this JVM.
 */
class NodeLayoutTest {
  static {
    // Field offsets suffice; attaching the serviceability agent only costs seconds.
    System.setProperty("jol.skipHotspotSAAttach", "true");
  }

  private static long instanceSize(Class<?> type) {
    return ClassLayout.parseClass(type).instanceSize();
  }

  private static Class<?> caffeineNode(String name) throws ClassNotFoundException {
    return Class.forName("com.github.benmanes.caffeine.cache." + name);
  }

  @Test
  void sizedNodeIsNoLargerThanCaffeines() throws Exception {
    assertThat(instanceSize(SizedNode.class))
        .isLessThanOrEqualTo(instanceSize(caffeineNode("PSMS")));
  }

  @Test
  void weightedNodeIsNoLargerThanCaffeines() throws Exception {
    assertThat(instanceSize(WeightedNode.class))
        .isLessThanOrEqualTo(instanceSize(caffeineNode("PSMW")));
  }

  @Test
  void writeTasksAreNoLargerThanCaffeines() throws Exception {
    // Caffeine's AddTask holds the cache, the node and the weight; Larder's the policy, the node
    // and the weight.
    Class<?> larderAdd = Class.forName(BoundedMaintenance.class.getName() + "$AddTask");
    Class<?> caffeineAdd = caffeineNode("BoundedLocalCache$AddTask");
    assertThat(instanceSize(larderAdd)).isLessThanOrEqualTo(instanceSize(caffeineAdd));
  }
}
