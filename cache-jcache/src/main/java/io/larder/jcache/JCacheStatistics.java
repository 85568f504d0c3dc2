package io.larder.jcache;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The JCache statistics of one cache, counted as the specification defines them (hits, misses,
 * puts, removals, evictions and the average operation times in microseconds), and the MXBean that
 * exposes them. Counting stops while statistics are disabled; {@link #clear()} resets.
 */
final class JCacheStatistics implements CacheStatisticsMXBean {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();
  private volatile boolean enabled;

  boolean isEnabled() {
    return enabled;
  }

  void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Returns the current time for an operation's timing, or 0 when statistics are off. */
  long startNanos() {
    return enabled ? System.nanoTime() : 0L;
  }

  void recordHits(long count) {
    if (enabled && (count != 0)) {
      hits.add(count);
    }
  }

  void recordMisses(long count) {
    if (enabled && (count != 0)) {
      misses.add(count);
    }
  }

  void recordPuts(long count) {
    if (enabled && (count != 0)) {
      puts.add(count);
    }
  }

  void recordRemovals(long count) {
    if (enabled && (count != 0)) {
      removals.add(count);
    }
  }

  void recordEvictions(long count) {
    if (enabled && (count != 0)) {
      evictions.add(count);
    }
  }

  void recordGetTime(long startNanos) {
    if (enabled && (startNanos != 0L)) {
      getNanos.add(System.nanoTime() - startNanos);
    }
  }

  void recordPutTime(long startNanos) {
    if (enabled && (startNanos != 0L)) {
      putNanos.add(System.nanoTime() - startNanos);
    }
  }

  void recordRemoveTime(long startNanos) {
    if (enabled && (startNanos != 0L)) {
      removeNanos.add(System.nanoTime() - startNanos);
    }
  }

  @Override
  public void clear() {
    for (LongAdder adder :
        new LongAdder[] {
          hits, misses, puts, removals, evictions, getNanos, putNanos, removeNanos
        }) {
      adder.reset();
    }
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long gets = getCacheGets();
    return (gets == 0) ? 0f : 100f * getCacheHits() / gets;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long gets = getCacheGets();
    return (gets == 0) ? 0f : 100f * getCacheMisses() / gets;
  }

  @Override
  public long getCacheGets() {
    return getCacheHits() + getCacheMisses();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  @Override
  public float getAverageGetTime() {
    return averageMicros(getNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return averageMicros(putNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return averageMicros(removeNanos.sum(), getCacheRemovals());
  }

  private static float averageMicros(long totalNanos, long count) {
    return (count == 0) ? 0f : (totalNanos / 1_000f) / count;
  }
}
