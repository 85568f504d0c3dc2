package io.larder.cache.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.cache.RemovalCause;
import io.larder.cache.stats.CacheStats;
import io.larder.cache.stats.ConcurrentStatsCounter;
import io.larder.cache.stats.StatsCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link CacheStats}, {@link ConcurrentStatsCounter} and the statistics counter factories, compared
 * with Caffeine's on the same inputs.
 */
class StatsCompatTest {
  private static final long MAX = Long.MAX_VALUE;

  static Stream<long[]> counts() {
    return Stream.of(
        new long[] {0, 0, 0, 0, 0, 0, 0},
        new long[] {1, 2, 3, 4, 5, 6, 7},
        new long[] {10, 0, 0, 3, 100, 0, 0},
        new long[] {0, 10, 7, 0, 0, 2, 9},
        new long[] {MAX, MAX, MAX, MAX, MAX, MAX, MAX},
        new long[] {MAX, 1, MAX - 1, 2, MAX, 1, MAX},
        new long[] {MAX - 5, 3, 4, 5, 6, 7, 8});
  }

  static CacheStats larder(long[] c) {
    return CacheStats.of(c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
  }

  static com.github.benmanes.caffeine.cache.stats.CacheStats caffeine(long[] c) {
    return com.github.benmanes.caffeine.cache.stats.CacheStats.of(
        c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
  }

  /** Every derived figure of a snapshot, in one comparable string. */
  static String describe(CacheStats s) {
    return s
        + " requests="
        + s.requestCount()
        + " hitRate="
        + s.hitRate()
        + " missRate="
        + s.missRate()
        + " loads="
        + s.loadCount()
        + " loadFailureRate="
        + s.loadFailureRate()
        + " penalty="
        + s.averageLoadPenalty();
  }

  static String describe(com.github.benmanes.caffeine.cache.stats.CacheStats s) {
    return s
        + " requests="
        + s.requestCount()
        + " hitRate="
        + s.hitRate()
        + " missRate="
        + s.missRate()
        + " loads="
        + s.loadCount()
        + " loadFailureRate="
        + s.loadFailureRate()
        + " penalty="
        + s.averageLoadPenalty();
  }

  @ParameterizedTest
  @MethodSource("counts")
  void derivedFiguresMatchCaffeine(long[] counts) {
    assertThat(describe(larder(counts))).isEqualTo(describe(caffeine(counts)));
  }

  @Test
  void plusSaturatesAndMinusFloorsAtZeroAsCaffeine() {
    List<long[]> all = counts().toList();
    for (long[] a : all) {
      for (long[] b : all) {
        assertThat(describe(larder(a).plus(larder(b))))
            .isEqualTo(describe(caffeine(a).plus(caffeine(b))));
        assertThat(describe(larder(a).minus(larder(b))))
            .isEqualTo(describe(caffeine(a).minus(caffeine(b))));
      }
    }
  }

  @Test
  void equalsAndHashCodeFollowTheCounts() {
    List<long[]> all = counts().toList();
    for (long[] a : all) {
      for (long[] b : all) {
        assertThat(larder(a).equals(larder(b))).isEqualTo(caffeine(a).equals(caffeine(b)));
      }
      assertThat(larder(a).hashCode()).isEqualTo(caffeine(a).hashCode());
      assertThat(larder(a)).isNotEqualTo(null).isNotEqualTo("stats");
    }
    assertThat(CacheStats.empty()).isEqualTo(larder(new long[7])).isSameAs(CacheStats.empty());
    assertThat(describe(CacheStats.empty()))
        .isEqualTo(describe(com.github.benmanes.caffeine.cache.stats.CacheStats.empty()));
  }

  @Test
  void negativeCountsAreRejectedAsByCaffeineWithAMessageNamingTheCount() {
    for (int i = 0; i < 7; i++) {
      long[] c = new long[7];
      c[i] = -1;
      assertThatThrownBy(() -> caffeine(c)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> larder(c))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must not be negative but was -1");
    }
  }

  /** Drives both counters with the same events and compares their snapshots. */
  @Test
  void concurrentStatsCounterRecordsAsCaffeine() {
    ConcurrentStatsCounter ours = new ConcurrentStatsCounter();
    var theirs = new com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter();
    ours.recordHits(3);
    theirs.recordHits(3);
    ours.recordMisses(2);
    theirs.recordMisses(2);
    ours.recordLoadSuccess(10);
    theirs.recordLoadSuccess(10);
    ours.recordLoadFailure(5);
    theirs.recordLoadFailure(5);
    ours.recordEviction(4, RemovalCause.SIZE);
    theirs.recordEviction(4, com.github.benmanes.caffeine.cache.RemovalCause.SIZE);
    assertThat(describe(ours.snapshot())).isEqualTo(describe(theirs.snapshot()));
    assertThat(ours.toString()).isEqualTo(theirs.toString());

    ConcurrentStatsCounter sum = new ConcurrentStatsCounter();
    var theirSum = new com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter();
    sum.incrementBy(ours);
    sum.incrementBy(ours);
    theirSum.incrementBy(theirs);
    theirSum.incrementBy(theirs);
    assertThat(describe(sum.snapshot())).isEqualTo(describe(theirSum.snapshot()));

    assertThatThrownBy(() -> ours.recordEviction(1, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> theirs.recordEviction(1, null))
        .isInstanceOf(NullPointerException.class);
  }

  /** An overflowed (negative) sum reads as the maximum, as in Caffeine. */
  @Test
  void concurrentStatsCounterSaturatesAsCaffeine() {
    ConcurrentStatsCounter ours = new ConcurrentStatsCounter();
    var theirs = new com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter();
    for (int i = 0; i < 2; i++) {
      ours.recordLoadSuccess(MAX);
      theirs.recordLoadSuccess(MAX);
      ours.recordHits(Integer.MAX_VALUE);
      theirs.recordHits(Integer.MAX_VALUE);
    }
    assertThat(describe(ours.snapshot())).isEqualTo(describe(theirs.snapshot()));
    assertThat(ours.snapshot().totalLoadTime()).isEqualTo(MAX);
  }

  @Test
  void disabledCounterRecordsNothing() {
    StatsCounter ours = StatsCounter.disabledStatsCounter();
    var theirs = com.github.benmanes.caffeine.cache.stats.StatsCounter.disabledStatsCounter();
    ours.recordHits(1);
    theirs.recordHits(1);
    ours.recordLoadSuccess(1);
    theirs.recordLoadSuccess(1);
    assertThat(describe(ours.snapshot())).isEqualTo(describe(theirs.snapshot()));
    assertThat(ours.toString()).isEqualTo(theirs.toString());
    assertThat(StatsCounter.disabledStatsCounter()).isSameAs(ours);
  }

  @Test
  void guardedCounterSwallowsFailuresAndReportsEmptyStats() {
    StatsCounter ours = StatsCounter.guardedStatsCounter(new ThrowingStatsCounter());
    var theirs =
        com.github.benmanes.caffeine.cache.stats.StatsCounter.guardedStatsCounter(
            new com.github.benmanes.caffeine.cache.stats.StatsCounter() {
              @Override
              public void recordHits(int count) {
                throw new IllegalStateException();
              }

              @Override
              public void recordMisses(int count) {
                throw new IllegalStateException();
              }

              @Override
              public void recordLoadSuccess(long loadTime) {
                throw new IllegalStateException();
              }

              @Override
              public void recordLoadFailure(long loadTime) {
                throw new IllegalStateException();
              }

              @Override
              public void recordEviction(
                  int weight, com.github.benmanes.caffeine.cache.RemovalCause cause) {
                throw new IllegalStateException();
              }

              @Override
              public com.github.benmanes.caffeine.cache.stats.CacheStats snapshot() {
                throw new IllegalStateException();
              }
            });
    ours.recordHits(1);
    ours.recordMisses(1);
    ours.recordLoadSuccess(1);
    ours.recordLoadFailure(1);
    ours.recordEviction(1, RemovalCause.SIZE);
    theirs.recordHits(1);
    theirs.recordMisses(1);
    theirs.recordLoadSuccess(1);
    theirs.recordLoadFailure(1);
    theirs.recordEviction(1, com.github.benmanes.caffeine.cache.RemovalCause.SIZE);
    assertThat(describe(ours.snapshot())).isEqualTo(describe(theirs.snapshot()));
    assertThat(StatsCounter.guardedStatsCounter(ours)).isSameAs(ours);
    assertThatThrownBy(() -> StatsCounter.guardedStatsCounter(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () -> com.github.benmanes.caffeine.cache.stats.StatsCounter.guardedStatsCounter(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void concurrentStatsCounterCountsEveryThreadsEvents() throws InterruptedException {
    ConcurrentStatsCounter counter = new ConcurrentStatsCounter();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  counter.recordHits(1);
                  counter.recordLoadSuccess(2);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(counter.snapshot()).isEqualTo(CacheStats.of(40_000, 0, 40_000, 0, 80_000, 0, 0));
  }
}
