package io.larder.cache.stats;

import static java.util.Objects.requireNonNull;

import io.larder.cache.RemovalCause;
import java.util.concurrent.atomic.LongAdder;

/** A thread-safe {@link StatsCounter} implementation built on {@link LongAdder}s. */
public final class ConcurrentStatsCounter implements StatsCounter {
  private final LongAdder hitCount = new LongAdder();
  private final LongAdder missCount = new LongAdder();
  private final LongAdder loadSuccessCount = new LongAdder();
  private final LongAdder loadFailureCount = new LongAdder();
  private final LongAdder totalLoadTime = new LongAdder();
  private final LongAdder evictionCount = new LongAdder();
  private final LongAdder evictionWeight = new LongAdder();

  /** Constructs an instance with all counts initialized to zero. */
  public ConcurrentStatsCounter() {}

  @Override
  public void recordHits(int count) {
    hitCount.add(count);
  }

  @Override
  public void recordMisses(int count) {
    missCount.add(count);
  }

  @Override
  public void recordLoadSuccess(long loadTime) {
    loadSuccessCount.increment();
    totalLoadTime.add(loadTime);
  }

  @Override
  public void recordLoadFailure(long loadTime) {
    loadFailureCount.increment();
    totalLoadTime.add(loadTime);
  }

  @Override
  public void recordEviction(int weight, RemovalCause cause) {
    requireNonNull(cause);
    evictionCount.increment();
    evictionWeight.add(weight);
  }

  @Override
  public CacheStats snapshot() {
    return CacheStats.of(
        negativeToMaxValue(hitCount.sum()),
        negativeToMaxValue(missCount.sum()),
        negativeToMaxValue(loadSuccessCount.sum()),
        negativeToMaxValue(loadFailureCount.sum()),
        negativeToMaxValue(totalLoadTime.sum()),
        negativeToMaxValue(evictionCount.sum()),
        negativeToMaxValue(evictionWeight.sum()));
  }

  /** An overflowed sum reads as the maximum, as counts saturate rather than wrap. */
  private static long negativeToMaxValue(long value) {
    return (value >= 0) ? value : Long.MAX_VALUE;
  }

  /** Increments all counters by the values in {@code other}. */
  public void incrementBy(StatsCounter other) {
    CacheStats otherStats = other.snapshot();
    hitCount.add(otherStats.hitCount());
    missCount.add(otherStats.missCount());
    loadSuccessCount.add(otherStats.loadSuccessCount());
    loadFailureCount.add(otherStats.loadFailureCount());
    totalLoadTime.add(otherStats.totalLoadTime());
    evictionCount.add(otherStats.evictionCount());
    evictionWeight.add(otherStats.evictionWeight());
  }

  @Override
  public String toString() {
    return snapshot().toString();
  }
}
