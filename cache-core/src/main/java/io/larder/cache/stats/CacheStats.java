package io.larder.cache.stats;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of a cache's statistics. Counts are non-negative; sums saturate at {@link
 * Long#MAX_VALUE} instead of overflowing, and differences are floored at zero.
 */
public final class CacheStats {
  private static final CacheStats EMPTY = new CacheStats(0L, 0L, 0L, 0L, 0L, 0L, 0L);

  private final long hitCount;
  private final long missCount;
  private final long loadSuccessCount;
  private final long loadFailureCount;
  private final long totalLoadTime;
  private final long evictionCount;
  private final long evictionWeight;

  private CacheStats(
      long hitCount,
      long missCount,
      long loadSuccessCount,
      long loadFailureCount,
      long totalLoadTime,
      long evictionCount,
      long evictionWeight) {
    requireNonNegative("hitCount", hitCount);
    requireNonNegative("missCount", missCount);
    requireNonNegative("loadSuccessCount", loadSuccessCount);
    requireNonNegative("loadFailureCount", loadFailureCount);
    requireNonNegative("totalLoadTime", totalLoadTime);
    requireNonNegative("evictionCount", evictionCount);
    requireNonNegative("evictionWeight", evictionWeight);
    this.hitCount = hitCount;
    this.missCount = missCount;
    this.loadSuccessCount = loadSuccessCount;
    this.loadFailureCount = loadFailureCount;
    this.totalLoadTime = totalLoadTime;
    this.evictionCount = evictionCount;
    this.evictionWeight = evictionWeight;
  }

  private static void requireNonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative but was " + value);
    }
  }

  /**
   * Returns a {@code CacheStats} representing the specified statistics.
   *
   * @throws IllegalArgumentException if any count is negative
   */
  public static CacheStats of(
      long hitCount,
      long missCount,
      long loadSuccessCount,
      long loadFailureCount,
      long totalLoadTime,
      long evictionCount,
      long evictionWeight) {
    return new CacheStats(
        hitCount,
        missCount,
        loadSuccessCount,
        loadFailureCount,
        totalLoadTime,
        evictionCount,
        evictionWeight);
  }

  /** Returns a statistics instance where no cache events have been recorded. */
  public static CacheStats empty() {
    return EMPTY;
  }

  /** Returns the number of lookups: hits plus misses. */
  public long requestCount() {
    return saturatedAdd(hitCount, missCount);
  }

  /** Returns the number of times lookup methods have returned a cached value. */
  public long hitCount() {
    return hitCount;
  }

  /** Returns the ratio of hits to requests, or {@code 1.0} when there were no requests. */
  public double hitRate() {
    long requestCount = requestCount();
    return (requestCount == 0) ? 1.0 : (double) hitCount / requestCount;
  }

  /** Returns the number of times lookup methods have returned an uncached value or null. */
  public long missCount() {
    return missCount;
  }

  /** Returns the ratio of misses to requests, or {@code 0.0} when there were no requests. */
  public double missRate() {
    long requestCount = requestCount();
    return (requestCount == 0) ? 0.0 : (double) missCount / requestCount;
  }

  /** Returns the number of attempts to load new values: successes plus failures. */
  public long loadCount() {
    return saturatedAdd(loadSuccessCount, loadFailureCount);
  }

  /** Returns the number of times a new value was successfully loaded. */
  public long loadSuccessCount() {
    return loadSuccessCount;
  }

  /** Returns the number of times a load threw or returned null. */
  public long loadFailureCount() {
    return loadFailureCount;
  }

  /** Returns the ratio of failed loads to loads, or {@code 0.0} when there were no loads. */
  public double loadFailureRate() {
    long loadCount = loadCount();
    return (loadCount == 0) ? 0.0 : (double) loadFailureCount / loadCount;
  }

  /** Returns the total number of nanoseconds spent loading new values. */
  public long totalLoadTime() {
    return totalLoadTime;
  }

  /** Returns the average nanoseconds spent loading a new value, or {@code 0.0} without loads. */
  public double averageLoadPenalty() {
    long loadCount = loadCount();
    return (loadCount == 0) ? 0.0 : (double) totalLoadTime / loadCount;
  }

  /** Returns the number of times an entry has been evicted (not explicitly removed). */
  public long evictionCount() {
    return evictionCount;
  }

  /** Returns the sum of the weights of evicted entries. */
  public long evictionWeight() {
    return evictionWeight;
  }

  /** Returns the difference of this and {@code other}, each count floored at zero. */
  public CacheStats minus(CacheStats other) {
    return of(
        Math.max(0L, hitCount - other.hitCount),
        Math.max(0L, missCount - other.missCount),
        Math.max(0L, loadSuccessCount - other.loadSuccessCount),
        Math.max(0L, loadFailureCount - other.loadFailureCount),
        Math.max(0L, totalLoadTime - other.totalLoadTime),
        Math.max(0L, evictionCount - other.evictionCount),
        Math.max(0L, evictionWeight - other.evictionWeight));
  }

  /** Returns the sum of this and {@code other}, each count saturating at {@link Long#MAX_VALUE}. */
  public CacheStats plus(CacheStats other) {
    return of(
        saturatedAdd(hitCount, other.hitCount),
        saturatedAdd(missCount, other.missCount),
        saturatedAdd(loadSuccessCount, other.loadSuccessCount),
        saturatedAdd(loadFailureCount, other.loadFailureCount),
        saturatedAdd(totalLoadTime, other.totalLoadTime),
        saturatedAdd(evictionCount, other.evictionCount),
        saturatedAdd(evictionWeight, other.evictionWeight));
  }

  /** Adds two non-negative or mixed-sign longs, clamping to the long range on overflow. */
  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    boolean overflow = ((a ^ sum) & (b ^ sum)) < 0;
    if (!overflow) {
      return sum;
    }
    return (a < 0) ? Long.MIN_VALUE : Long.MAX_VALUE;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        hitCount,
        missCount,
        loadSuccessCount,
        loadFailureCount,
        totalLoadTime,
        evictionCount,
        evictionWeight);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    } else if (!(o instanceof CacheStats)) {
      return false;
    }
    CacheStats other = (CacheStats) o;
    return hitCount == other.hitCount
        && missCount == other.missCount
        && loadSuccessCount == other.loadSuccessCount
        && loadFailureCount == other.loadFailureCount
        && totalLoadTime == other.totalLoadTime
        && evictionCount == other.evictionCount
        && evictionWeight == other.evictionWeight;
  }

  @Override
  public String toString() {
    return "CacheStats{hitCount="
        + hitCount
        + ", missCount="
        + missCount
        + ", loadSuccessCount="
        + loadSuccessCount
        + ", loadFailureCount="
        + loadFailureCount
        + ", totalLoadTime="
        + totalLoadTime
        + ", evictionCount="
        + evictionCount
        + ", evictionWeight="
        + evictionWeight
        + '}';
  }
}
