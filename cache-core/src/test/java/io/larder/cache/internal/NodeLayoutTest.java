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
    // JOL reads its settings once, in whichever test uses it first: the memory tests need record
    // field offsets, so ask for them here too, whatever the test order.
    System.setProperty("jol.magicFieldOffset", "true");
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

  /** Each expiration and refresh configuration's node against Caffeine's, for that configuration. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "TimedNodes$TimeNode, PSR",
    "TimedNodes$TimeLinkedNode, PSW",
    "TimedNodes$TimeLinkedNode, PSWR",
    "TimedNodes$TwoTimesLinkedNode, PSAR",
    "TimedNodes$SizedTimeNode, PSA",
    "TimedNodes$SizedTimeNode, PSAMS",
    "TimedNodes$SizedTimeNode, PSRMS",
    "TimedNodes$SizedTwoTimesNode, PSAR",
    "TimedNodes$SizedTwoTimesNode, PSARMS",
    "TimedNodes$SizedTimeLinkedNode, PSWMS",
    "TimedNodes$SizedTimeLinkedNode, PSWRMS",
    "TimedNodes$SizedTwoTimesLinkedNode, PSAW",
    "TimedNodes$SizedTwoTimesLinkedNode, PSAWMS",
    "TimedNodes$SizedTwoTimesLinkedNode, PSAWRMS",
    "TimedNodes$WeightedTimeNode, PSAMW",
    "TimedNodes$WeightedTimeNode, PSRMW",
    "TimedNodes$WeightedTwoTimesNode, PSARMW",
    "TimedNodes$WeightedTimeLinkedNode, PSWMW",
    "TimedNodes$WeightedTwoTimesLinkedNode, PSAWMW",
    "TimedNodes$WeightedTwoTimesLinkedNode, PSAWRMW",
  })
  void timedNodesAreNoLargerThanCaffeines(String larder, String caffeine) throws Exception {
    Class<?> node = Class.forName(Node.class.getPackageName() + "." + larder);
    assertThat(instanceSize(node)).isLessThanOrEqualTo(instanceSize(caffeineNode(caffeine)));
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
