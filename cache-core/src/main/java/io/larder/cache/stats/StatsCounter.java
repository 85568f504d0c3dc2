package io.larder.cache.stats;

import io.larder.cache.RemovalCause;

/** Accumulates statistics during the operation of a cache. Implementations must be thread-safe. */
public interface StatsCounter {

  /** Records cache hits. */
  void recordHits(int count);

  /** Records cache misses. */
  void recordMisses(int count);

  /** Records the successful load of a new entry, taking {@code loadTime} nanoseconds. */
  void recordLoadSuccess(long loadTime);

  /** Records the failed load of a new entry (it threw or returned null). */
  void recordLoadFailure(long loadTime);

  /** Records the eviction of an entry of the given weight for the given cause. */
  void recordEviction(int weight, RemovalCause cause);

  /** Returns a snapshot of this counter's values. */
  CacheStats snapshot();

  /** Returns an accumulator that does not record any cache events. */
  static StatsCounter disabledStatsCounter() {
    return DisabledStatsCounter.INSTANCE;
  }

  /** Returns an accumulator that suppresses and logs any exception thrown by the delegate. */
  static StatsCounter guardedStatsCounter(StatsCounter statsCounter) {
    return (statsCounter instanceof GuardedStatsCounter)
        ? statsCounter
        : new GuardedStatsCounter(statsCounter);
  }
}
