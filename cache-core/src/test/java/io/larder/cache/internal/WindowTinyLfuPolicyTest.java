package io.larder.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.RemovalCause;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The W-TinyLFU policy's segments and adaptation, and its admission over a climber's samples,
 * observed through its fields.
 */
class WindowTinyLfuPolicyTest {

  private static WindowTinyLfuPolicy<Object, Object> policy(
      long maximum, List<Node<Object, Object>> evicted) {
    return new WindowTinyLfuPolicy<>(maximum, /* weighted= */ false, () -> 0L,
        (node, cause) -> evicted.add(node));
  }

  @Test
  void initialSplitIsOnePercentWindowAndEightyPercentProtected() {
    WindowTinyLfuPolicy<Object, Object> policy = policy(1_000, new ArrayList<>());
    assertThat(policy.maximum()).isEqualTo(1_000);
    assertThat(policy.windowMaximum()).isEqualTo(10);
    assertThat(policy.protectedMaximum()).isEqualTo(792);
  }

  @Test
  void leadOfOneOverAWarmVictimWinsOnACoinFlipOnlyWhileAdmissionChainsRun() {
    WindowTinyLfuPolicy<Object, Object> policy = policy(1_000, new ArrayList<>());
    policy.sketch.ensureCapacity(1_000);
    for (int i = 0; i < TinyLfuAdmission.NARROW_LEAD_MIN_FREQUENCY; i++) {
      policy.sketch.increment("victim");
      policy.sketch.increment("narrow");
      policy.sketch.increment("clear");
    }
    policy.sketch.increment("narrow");
    policy.sketch.increment("clear");
    policy.sketch.increment("clear");

    // A sample in which narrow leads are common (one request in ten) shows chains.
    assertThat(policy.admission.breaksAdmissionChains()).isFalse();
    for (int i = 0; i < 1_000; i++) {
      assertThat(policy.admission.admit("narrow", "victim")).as("TinyLFU: a lead wins").isTrue();
    }
    completeSample(policy);
    assertThat(policy.admission.breaksAdmissionChains()).isTrue();

    int admitted = 0;
    for (int i = 0; i < 1_000; i++) {
      assertThat(policy.admission.admit("clear", "victim")).as("a lead of two").isTrue();
      if (policy.admission.admit("narrow", "victim")) {
        admitted++;
      }
    }
    // About one in two: 500 expected; the bounds are more than six standard deviations away.
    assertThat(admitted).isBetween(400, 600);

    // A sample with one narrow lead in a hundred requests or fewer shows none.
    completeSample(policy); // the thousand narrow leads above were one in ten requests
    assertThat(policy.admission.breaksAdmissionChains()).isTrue();
    for (int i = 0; i < 100; i++) {
      policy.admission.admit("narrow", "victim");
    }
    completeSample(policy);
    assertThat(policy.admission.breaksAdmissionChains()).isFalse();
    for (int i = 0; i < 100; i++) {
      assertThat(policy.admission.admit("narrow", "victim")).isTrue();
    }
  }

  /** Records a sample's worth of hits and lets the policy climb, which concludes the sample. */
  private static void completeSample(WindowTinyLfuPolicy<Object, Object> policy) {
    for (int i = 0; i < policy.sketch.sampleSize(); i++) {
      policy.climber.recordHit();
    }
    policy.climb();
  }

  @Test
  void overweightNodeIsEvictedWhenAdded() {
    List<Node<Object, Object>> evicted = new ArrayList<>();
    WindowTinyLfuPolicy<Object, Object> policy = new WindowTinyLfuPolicy<>(
        10, /* weighted= */ true, () -> 1L, (node, cause) -> {
          assertThat(cause).isEqualTo(RemovalCause.SIZE);
          return evicted.add(node);
        });
    Node<Object, Object> heavy = NodeFactory.WEIGHTED.newNode("k", "v", 11);
    policy.onAdd(heavy, 11);
    assertThat(evicted).containsExactly(heavy);
  }

  @Test
  void windowGrowsMoreForARecencyBiasedWorkloadThanForAFrequencyBiasedOne() {
    // Each key is used a few times shortly after its first use, then never again: recency wins.
    SplittableRandom recent = new SplittableRandom(11);
    long recencyWindow = windowAfter(t -> t + 1_000 - recent.nextInt(1_000));
    // A stable popular set plus a stream of one-hit wonders: frequency wins.
    SplittableRandom popular = new SplittableRandom(12);
    int[] wonder = {1_000_000};
    long frequencyWindow =
        windowAfter(t -> popular.nextBoolean() ? popular.nextInt(400) : wonder[0]++);

    assertThat(recencyWindow).isGreaterThan(2 * frequencyWindow);
    assertThat(recencyWindow).isGreaterThan(5); // it started at 1% of 500
  }

  /** Replays 150,000 accesses through a cache of 500 and returns its window's final maximum. */
  private static long windowAfter(java.util.function.IntUnaryOperator keyAt) {
    Cache<Integer, Integer> cache =
        Caffeine.newBuilder().maximumSize(500).executor(Runnable::run).build();
    WindowTinyLfuPolicy<?, ?> policy = policyOf(cache);
    for (int t = 0; t < 150_000; t++) {
      int key = keyAt.applyAsInt(t);
      if (cache.getIfPresent(key) == null) {
        cache.put(key, key);
      }
    }
    assertThat(policy.windowMaximum() + policy.protectedMaximum()).isLessThanOrEqualTo(500);
    return policy.windowMaximum();
  }

  private static WindowTinyLfuPolicy<?, ?> policyOf(Cache<Integer, Integer> cache) {
    LocalCache<Integer, Integer> storage = ((LocalManualCache<Integer, Integer>) cache).cache;
    return ((BoundedLocalCache<Integer, Integer>) storage).policy;
  }
}
