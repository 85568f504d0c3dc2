package io.larder.benchmarks.hitrate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LruPolicyTest {
  private final LruPolicy lru = new LruPolicy();

  @Test
  void scoresZeroOnALoopOverMoreKeysThanItHolds() {
    for (double fraction : new double[] {0.02, 0.05, 0.10, 0.25}) {
      Workload.Scenario scenario = new LoopWorkload(10_000, 50_000).scenario(fraction);
      assertThat(scenario.distinctKeys()).isGreaterThan(scenario.capacity());
      assertThat(lru.replay(scenario.accesses(), scenario.capacity())).isZero();
    }
  }

  @Test
  void evictsTheLeastRecentlyUsedKey() {
    // Capacity 2: after 1 2 1, key 2 is least recent, so 3 evicts it; 1 then hits, 2 misses.
    long[] trace = {1, 2, 1, 3, 1, 2};
    assertThat(lru.replay(trace, 2)).isEqualTo(2);
  }

  @Test
  void beladyDoesBetterThanLruOnTheLoop() {
    Workload.Scenario scenario = new LoopWorkload(1_000, 20_000).scenario(0.10);
    assertThat(new BeladyPolicy().replay(scenario.accesses(), scenario.capacity()))
        .isGreaterThan(scenario.accesses().length / 2);
  }
}
