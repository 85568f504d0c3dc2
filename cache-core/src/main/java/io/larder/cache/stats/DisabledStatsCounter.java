package io.larder.cache.stats;

import static java.util.Objects.requireNonNull;

import io.larder.cache.RemovalCause;

/** A counter that records nothing. */
enum DisabledStatsCounter implements StatsCounter {
  INSTANCE;

  @Override
  public void recordHits(int count) {}

  @Override
  public void recordMisses(int count) {}

  @Override
  public void recordLoadSuccess(long loadTime) {}

  @Override
  public void recordLoadFailure(long loadTime) {}

  @Override
  public void recordEviction(int weight, RemovalCause cause) {
    requireNonNull(cause);
  }

  @Override
  public CacheStats snapshot() {
    return CacheStats.empty();
  }

  @Override
  public String toString() {
    return snapshot().toString();
  }
}
