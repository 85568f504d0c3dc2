package io.larder.metrics;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@link MemoryMonitor}'s three alert rules as pure decisions: given a sample's readings and
 * the monitor's settings, each rule says whether its condition holds now and, if so, the alert that
 * describes it. The rules keep no state and start no thread; the monitor keeps the history (each
 * cache's recent sizes), decides when a holding condition is new (raised) or has stopped
 * (resolved), and reports it.
 */
final class MemoryAlertRules {
  private final double budgetShare;
  private final int growthSamples;
  private final double growthRatio;
  private final long growthMinimumBytes;
  private final double heapAfterGcShare;
  private final double cacheShareOfHeap;

  /**
   * Rules with these thresholds, already validated by {@link MemoryMonitor.Builder}.
   *
   * @param budgetShare the share of a cache's byte budget that raises {@code CACHE_NEAR_BUDGET}
   * @param growthSamples the consecutive samples an unbounded cache must grow at (at least 2)
   * @param growthRatio the growth over those samples, as a fraction of the first
   * @param growthMinimumBytes the growth in bytes over those samples
   * @param heapAfterGcShare the share of the maximum heap used after GC that can raise {@code
   *     HEAP_AFTER_GC}
   * @param cacheShareOfHeap the share of that used heap the watched caches must also hold
   */
  MemoryAlertRules(
      double budgetShare,
      int growthSamples,
      double growthRatio,
      long growthMinimumBytes,
      double heapAfterGcShare,
      double cacheShareOfHeap) {
    this.budgetShare = budgetShare;
    this.growthSamples = growthSamples;
    this.growthRatio = growthRatio;
    this.growthMinimumBytes = growthMinimumBytes;
    this.heapAfterGcShare = heapAfterGcShare;
    this.cacheShareOfHeap = cacheShareOfHeap;
  }

  /** Returns how many of a cache's most recent sizes {@link #unboundedGrowth} looks at. */
  int growthSamples() {
    return growthSamples;
  }

  /**
   * {@link MemoryAlert.Kind#CACHE_NEAR_BUDGET}: the cache has a positive byte budget and holds at
   * least {@code budgetShare} of it.
   */
  Optional<MemoryAlert> nearBudget(MemorySample.CacheReading reading, long timeMillis) {
    OptionalLong budget = reading.maximumBytes();
    if (budget.isEmpty() || budget.getAsLong() <= 0) {
      return Optional.empty();
    }
    double share = ((double) reading.estimatedBytes()) / budget.getAsLong();
    if (share < budgetShare) {
      return Optional.empty();
    }
    String message =
        String.format(
            "Larder cache '%s' holds %d of its %d-byte budget (%.0f%%, alert at %.0f%%)",
            reading.name(),
            reading.estimatedBytes(),
            budget.getAsLong(),
            share * 100,
            budgetShare * 100);
    return Optional.of(
        new MemoryAlert(
            MemoryAlert.Kind.CACHE_NEAR_BUDGET,
            reading.name(),
            timeMillis,
            share,
            budgetShare,
            message));
  }

  /**
   * {@link MemoryAlert.Kind#UNBOUNDED_GROWTH}: the cache has no bound, and its last {@code
   * growthSamples} estimated sizes rose strictly at every sample, by at least {@code growthRatio}
   * of the first of them (any growth from zero counts as infinite) and by at least {@code
   * growthMinimumBytes}.
   *
   * @param reading the cache's reading in this sample
   * @param recentBytes the cache's estimated bytes at its most recent samples, oldest first, this
   *     sample's last; fewer than {@code growthSamples} of them never raise the alert
   */
  Optional<MemoryAlert> unboundedGrowth(
      MemorySample.CacheReading reading, long[] recentBytes, long timeMillis) {
    if (reading.bounded() || recentBytes.length < growthSamples) {
      return Optional.empty();
    }
    int start = recentBytes.length - growthSamples;
    long first = recentBytes[start];
    for (int i = start + 1; i < recentBytes.length; i++) {
      if (recentBytes[i] <= recentBytes[i - 1]) {
        return Optional.empty();
      }
    }
    long last = recentBytes[recentBytes.length - 1];
    double growth = (first <= 0) ? Double.POSITIVE_INFINITY : ((double) (last - first)) / first;
    if ((growth < growthRatio) || (last - first < growthMinimumBytes)) {
      return Optional.empty();
    }
    String message =
        String.format(
            "Larder cache '%s' has no bound and grew at each of the last %d samples, from %d to"
                + " %d bytes (+%.0f%%, alert at +%.0f%%)",
            reading.name(), growthSamples, first, last, growth * 100, growthRatio * 100);
    return Optional.of(
        new MemoryAlert(
            MemoryAlert.Kind.UNBOUNDED_GROWTH,
            reading.name(),
            timeMillis,
            growth,
            growthRatio,
            message));
  }

  /**
   * {@link MemoryAlert.Kind#HEAP_AFTER_GC}: the heap's maximum and its use after GC are known, the
   * use is at least {@code heapAfterGcShare} of the maximum, and the watched caches' estimated
   * bytes are at least {@code cacheShareOfHeap} of that use.
   */
  Optional<MemoryAlert> heapAfterGc(HeapUsage heap, long cachesBytes, long timeMillis) {
    if (heap.maxBytes() <= 0 || heap.usedAfterGcBytes() <= 0) {
      return Optional.empty();
    }
    double heapShare = heap.usedAfterGcRatio();
    double cacheShare = ((double) cachesBytes) / heap.usedAfterGcBytes();
    if (heapShare < heapAfterGcShare || cacheShare < cacheShareOfHeap) {
      return Optional.empty();
    }
    String message =
        String.format(
            "The heap after GC is %.0f%% full (%d of %d bytes, alert at %.0f%%) and Larder's"
                + " caches hold %.0f%% of it (alert at %.0f%%)",
            heapShare * 100,
            heap.usedAfterGcBytes(),
            heap.maxBytes(),
            heapAfterGcShare * 100,
            cacheShare * 100,
            cacheShareOfHeap * 100);
    return Optional.of(
        new MemoryAlert(
            MemoryAlert.Kind.HEAP_AFTER_GC, null, timeMillis, heapShare, heapAfterGcShare, message));
  }
}
