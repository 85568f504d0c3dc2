package io.larder.cache.compat;

import io.larder.cache.RemovalCause;
import io.larder.cache.stats.CacheStats;
import io.larder.cache.stats.StatsCounter;

/** A statistics counter whose every method throws, to see that the cache guards it. */
final class ThrowingStatsCounter implements StatsCounter {
  @Override
  public void recordHits(int count) {
    throw new IllegalStateException("recordHits");
  }

  @Override
  public void recordMisses(int count) {
    throw new IllegalStateException("recordMisses");
  }

  @Override
  public void recordLoadSuccess(long loadTime) {
    throw new IllegalStateException("recordLoadSuccess");
  }

  @Override
  public void recordLoadFailure(long loadTime) {
    throw new IllegalStateException("recordLoadFailure");
  }

  @Override
  public void recordEviction(int weight, RemovalCause cause) {
    throw new IllegalStateException("recordEviction");
  }

  @Override
  public CacheStats snapshot() {
    throw new IllegalStateException("snapshot");
  }
}
