package io.larder.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Each of the memory monitor's alert rules, decided from readings and settings alone: at its
 * threshold, just under it, and on each condition that keeps it quiet. No monitor, clock or thread.
 */
class MemoryAlertRulesTest {
  private static final long MB = 1L << 20;
  private static final long NOW = 1_700_000_000_000L;

  /** The monitor's defaults: 0.90 of a budget; 10 samples, +20%, 0 bytes; 0.80 and 0.30. */
  private final MemoryAlertRules defaults =
      new MemoryAlertRules(
          MemoryMonitor.DEFAULT_BUDGET_SHARE,
          MemoryMonitor.DEFAULT_GROWTH_SAMPLES,
          MemoryMonitor.DEFAULT_GROWTH_RATIO,
          0,
          MemoryMonitor.DEFAULT_HEAP_AFTER_GC_SHARE,
          MemoryMonitor.DEFAULT_CACHE_SHARE_OF_HEAP);

  private static MemorySample.CacheReading withBudget(String name, long bytes, long budget) {
    return new MemorySample.CacheReading(name, bytes, OptionalLong.of(budget), true);
  }

  private static MemorySample.CacheReading unbounded(String name, long bytes) {
    return new MemorySample.CacheReading(name, bytes, OptionalLong.empty(), false);
  }

  /** Sizes from {@code first} up by {@code step} at each of {@code count} samples. */
  private static long[] rising(long first, long step, int count) {
    long[] bytes = new long[count];
    for (int i = 0; i < count; i++) {
      bytes[i] = first + i * step;
    }
    return bytes;
  }

  @Test
  void nearBudgetHoldsFromTheShareOfTheBudgetUp() {
    Optional<MemoryAlert> atShare = defaults.nearBudget(withBudget("users", 90, 100), NOW);

    assertThat(atShare)
        .hasValueSatisfying(
            alert -> {
              assertThat(alert.kind()).isEqualTo(MemoryAlert.Kind.CACHE_NEAR_BUDGET);
              assertThat(alert.cacheName()).isEqualTo("users");
              assertThat(alert.timeMillis()).isEqualTo(NOW);
              assertThat(alert.observed()).isEqualTo(0.9);
              assertThat(alert.threshold()).isEqualTo(0.9);
              assertThat(alert.message())
                  .isEqualTo(
                      "Larder cache 'users' holds 90 of its 100-byte budget (90%, alert at 90%)");
            });
    assertThat(defaults.nearBudget(withBudget("users", 150, 100), NOW)).isPresent();
    assertThat(defaults.nearBudget(withBudget("users", 89, 100), NOW)).isEmpty();
  }

  @Test
  void nearBudgetIgnoresACacheWithoutAPositiveBudget() {
    assertThat(defaults.nearBudget(unbounded("free", 500 * MB), NOW)).isEmpty();
    assertThat(defaults.nearBudget(withBudget("zero", 10, 0), NOW)).isEmpty();
    assertThat(defaults.nearBudget(withBudget("negative", 10, -1), NOW)).isEmpty();
  }

  @Test
  void nearBudgetUsesTheConfiguredShare() {
    MemoryAlertRules half = new MemoryAlertRules(0.5, 10, 0.2, 0, 0.8, 0.3);

    assertThat(half.nearBudget(withBudget("c", 50, 100), NOW))
        .map(MemoryAlert::threshold)
        .hasValue(0.5);
    assertThat(half.nearBudget(withBudget("c", 49, 100), NOW)).isEmpty();
  }

  @Test
  void unboundedGrowthHoldsWhenEverySampleOfTheWindowRoseByTheRatio() {
    // 10, 11, ..., 19 MB: ten samples, each larger, +90% overall.
    Optional<MemoryAlert> alert =
        defaults.unboundedGrowth(unbounded("sessions", 19 * MB), rising(10 * MB, MB, 10), NOW);

    assertThat(alert)
        .hasValueSatisfying(
            found -> {
              assertThat(found.kind()).isEqualTo(MemoryAlert.Kind.UNBOUNDED_GROWTH);
              assertThat(found.cacheName()).isEqualTo("sessions");
              assertThat(found.observed()).isEqualTo(0.9);
              assertThat(found.threshold()).isEqualTo(0.2);
              assertThat(found.message())
                  .isEqualTo(
                      "Larder cache 'sessions' has no bound and grew at each of the last 10"
                          + " samples, from 10485760 to 19922944 bytes (+90%, alert at +20%)");
            });
  }

  @Test
  void unboundedGrowthNeedsAFullWindow() {
    assertThat(defaults.unboundedGrowth(unbounded("c", 19 * MB), rising(10 * MB, MB, 9), NOW))
        .isEmpty();
    assertThat(defaults.unboundedGrowth(unbounded("c", 0), new long[0], NOW)).isEmpty();
  }

  @Test
  void unboundedGrowthLooksOnlyAtTheLastWindowOfALongerHistory() {
    long[] bytes = rising(10 * MB, MB, 12);
    bytes[0] = 50 * MB; // a drop before the window does not matter
    assertThat(defaults.unboundedGrowth(unbounded("c", 21 * MB), bytes, NOW))
        .map(MemoryAlert::observed)
        .hasValue((21.0 - 12.0) / 12.0);

    bytes[5] = bytes[4]; // a flat step inside it does
    assertThat(defaults.unboundedGrowth(unbounded("c", 21 * MB), bytes, NOW)).isEmpty();
  }

  @Test
  void unboundedGrowthStaysQuietOnAFlatStepOrADrop() {
    long[] flatStep = rising(10 * MB, MB, 10);
    flatStep[6] = flatStep[5];
    long[] drop = rising(10 * MB, MB, 10);
    drop[3] = 9 * MB;

    assertThat(defaults.unboundedGrowth(unbounded("c", 19 * MB), flatStep, NOW)).isEmpty();
    assertThat(defaults.unboundedGrowth(unbounded("c", 19 * MB), drop, NOW)).isEmpty();
  }

  @Test
  void unboundedGrowthNeedsTheRatio() {
    // 100 MB + 1 KB a sample: strictly rising, but far under +20%.
    long[] slow = rising(100 * MB, 1024, 10);
    assertThat(defaults.unboundedGrowth(unbounded("c", slow[9]), slow, NOW)).isEmpty();

    // Exactly +20% (100 to 120 over ten samples) holds; one byte less does not.
    long[] exact = rising(100, 2, 10);
    exact[9] = 120;
    assertThat(defaults.unboundedGrowth(unbounded("c", 120), exact, NOW)).isPresent();
    exact[9] = 119;
    assertThat(defaults.unboundedGrowth(unbounded("c", 119), exact, NOW)).isEmpty();
  }

  @Test
  void unboundedGrowthNeedsTheMinimumBytes() {
    MemoryAlertRules floor = new MemoryAlertRules(0.9, 3, 0.5, 2 * MB, 0.8, 0.3);

    assertThat(floor.unboundedGrowth(unbounded("c", 4096), new long[] {1024, 2048, 4096}, NOW))
        .isEmpty();
    assertThat(floor.unboundedGrowth(unbounded("c", 2 * MB), new long[] {0, 1, 2 * MB}, NOW))
        .isPresent();
  }

  @Test
  void unboundedGrowthFromZeroIsInfinite() {
    Optional<MemoryAlert> alert =
        defaults.unboundedGrowth(unbounded("c", 9), rising(0, 1, 10), NOW);

    assertThat(alert).map(MemoryAlert::observed).hasValue(Double.POSITIVE_INFINITY);
  }

  @Test
  void unboundedGrowthIgnoresABoundedCache() {
    MemorySample.CacheReading bounded =
        new MemorySample.CacheReading("c", 19 * MB, OptionalLong.empty(), true);

    assertThat(defaults.unboundedGrowth(bounded, rising(10 * MB, MB, 10), NOW)).isEmpty();
  }

  @Test
  void heapAfterGcHoldsWhenTheHeapIsNearlyFullAndCachesHoldTheirShare() {
    Optional<MemoryAlert> alert =
        defaults.heapAfterGc(new HeapUsage(800 * MB, 1000 * MB), 240 * MB, NOW);

    assertThat(alert)
        .hasValueSatisfying(
            found -> {
              assertThat(found.kind()).isEqualTo(MemoryAlert.Kind.HEAP_AFTER_GC);
              assertThat(found.cacheName()).isNull();
              assertThat(found.observed()).isEqualTo(0.8);
              assertThat(found.threshold()).isEqualTo(0.8);
              assertThat(found.message())
                  .isEqualTo(
                      "The heap after GC is 80% full (838860800 of 1048576000 bytes, alert at 80%)"
                          + " and Larder's caches hold 30% of it (alert at 30%)");
            });
  }

  @Test
  void heapAfterGcNeedsBothShares() {
    // Full, but the caches hold about 11% of it.
    assertThat(defaults.heapAfterGc(new HeapUsage(950 * MB, 1000 * MB), 100 * MB, NOW)).isEmpty();
    // The caches hold most of it, but 79.9% < 80%.
    assertThat(defaults.heapAfterGc(new HeapUsage(799 * MB, 1000 * MB), 700 * MB, NOW)).isEmpty();
    // Just under the caches' share: 239 of 800 MB.
    assertThat(defaults.heapAfterGc(new HeapUsage(800 * MB, 1000 * MB), 239 * MB, NOW)).isEmpty();
  }

  @Test
  void heapAfterGcStaysQuietWhileTheHeapIsUnknown() {
    assertThat(defaults.heapAfterGc(new HeapUsage(0, 0), 0, NOW)).isEmpty();
    assertThat(defaults.heapAfterGc(new HeapUsage(0, 1000 * MB), 100 * MB, NOW)).isEmpty();
    assertThat(defaults.heapAfterGc(new HeapUsage(900 * MB, -1), 900 * MB, NOW)).isEmpty();
  }
}
