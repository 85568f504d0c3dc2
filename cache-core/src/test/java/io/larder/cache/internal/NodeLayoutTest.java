package io.larder.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.Reference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.GraphLayout;

/**
 * The per-entry cost of a bounded cache's node is no more than Caffeine's generated node for the
 * same configuration ({@code PSMS}: strong keys and values, maximum size; {@code PSMW}: maximum
 * weight; {@code PW}, {@code PD}, {@code FW}, {@code FD}: weak or soft values, with strong or weak
 * keys), as laid out by this JVM, and so is each reference object; for the reference configurations
 * the whole cost of an entry is measured too.
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

  /**
   * Each expiration and refresh configuration's node against Caffeine's, for that configuration.
   */
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

  /** The node of weak or soft values without bound or expiry: Caffeine's holds no key field. */
  @ParameterizedTest
  @CsvSource({
    "ReferenceValueNode, PW",
    "ReferenceValueNode, PD",
    "ReferenceValueNode, FW",
    "ReferenceValueNode, FD",
    "PlainNode, FS",
  })
  void referenceNodesAreNoLargerThanCaffeines(String larder, String caffeine) throws Exception {
    Class<?> node = Class.forName(Node.class.getPackageName() + "." + larder);
    assertThat(instanceSize(node)).isLessThanOrEqualTo(instanceSize(caffeineNode(caffeine)));
  }

  @ParameterizedTest
  @CsvSource({
    "WeakKeyReference, References$WeakKeyReference",
    "WeakValueReference, References$WeakValueReference",
    "SoftValueReference, References$SoftValueReference",
  })
  void referencesAreNoLargerThanCaffeines(String larder, String caffeine) throws Exception {
    Class<?> reference = Class.forName(Node.class.getPackageName() + "." + larder);
    assertThat(instanceSize(reference)).isLessThanOrEqualTo(instanceSize(caffeineNode(caffeine)));
  }

  /** A reference configuration, applied to both libraries' builders. */
  enum ReferenceConfiguration {
    WEAK_VALUES(
        io.larder.cache.Caffeine::weakValues,
        com.github.benmanes.caffeine.cache.Caffeine::weakValues),
    SOFT_VALUES(
        io.larder.cache.Caffeine::softValues,
        com.github.benmanes.caffeine.cache.Caffeine::softValues),
    WEAK_KEYS_AND_WEAK_VALUES(b -> b.weakKeys().weakValues(), b -> b.weakKeys().weakValues()),
    WEAK_KEYS_AND_SOFT_VALUES(b -> b.weakKeys().softValues(), b -> b.weakKeys().softValues()),
    WEAK_KEYS(
        io.larder.cache.Caffeine::weakKeys, com.github.benmanes.caffeine.cache.Caffeine::weakKeys);

    final UnaryOperator<io.larder.cache.Caffeine<Object, Object>> larder;
    final UnaryOperator<com.github.benmanes.caffeine.cache.Caffeine<Object, Object>> caffeine;

    ReferenceConfiguration(
        UnaryOperator<io.larder.cache.Caffeine<Object, Object>> larder,
        UnaryOperator<com.github.benmanes.caffeine.cache.Caffeine<Object, Object>> caffeine) {
      this.larder = larder;
      this.caffeine = caffeine;
    }
  }

  private static final int ENTRIES = 1_000;

  /**
   * The bytes an entry adds to a cache of the configuration (the hash table's node and array slot,
   * the cache's node, its key and value references), keys and values excluded, as the memory
   * benchmark counts them: Larder's are no more than Caffeine's.
   */
  @ParameterizedTest
  @EnumSource(ReferenceConfiguration.class)
  void bytesPerEntryAreNoMoreThanCaffeines(ReferenceConfiguration configuration) {
    Integer[] keys = new Integer[ENTRIES];
    Integer[] values = new Integer[ENTRIES];
    for (int i = 0; i < ENTRIES; i++) {
      keys[i] = 1_000_000 + i;
      values[i] = -1_000_000 - i;
    }
    io.larder.cache.Cache<Integer, Integer> larder =
        configuration
            .larder
            .apply(io.larder.cache.Caffeine.newBuilder().executor(Runnable::run))
            .build();
    com.github.benmanes.caffeine.cache.Cache<Integer, Integer> caffeine =
        configuration
            .caffeine
            .apply(com.github.benmanes.caffeine.cache.Caffeine.newBuilder().executor(Runnable::run))
            .build();
    long larderEmpty = GraphLayout.parseInstance(larder).totalSize();
    long caffeineEmpty = GraphLayout.parseInstance(caffeine).totalSize();
    for (int i = 0; i < ENTRIES; i++) {
      larder.put(keys[i], values[i]);
      caffeine.put(keys[i], values[i]);
    }
    larder.cleanUp();
    caffeine.cleanUp();
    assertThat(larder.estimatedSize()).isEqualTo(ENTRIES);
    assertThat(caffeine.estimatedSize()).isEqualTo(ENTRIES);

    long larderPerEntry = perEntry(GraphLayout.parseInstance(larder), larderEmpty);
    long caffeinePerEntry = perEntry(GraphLayout.parseInstance(caffeine), caffeineEmpty);
    assertThat(larderPerEntry)
        .as("Larder's bytes per entry, Caffeine's %s", caffeinePerEntry)
        .isLessThanOrEqualTo(caffeinePerEntry);
    // The keys and values stay strongly reachable until measured: none is collected meanwhile.
    Reference.reachabilityFence(keys);
    Reference.reachabilityFence(values);
  }

  /**
   * Returns the bytes per entry of a filled cache over its empty size, keys and values excluded.
   */
  private static long perEntry(GraphLayout filled, long empty) {
    long keysAndValues = filled.getClassSizes().count(Integer.class);
    return Math.round((double) (filled.totalSize() - keysAndValues - empty) / ENTRIES);
  }
}
