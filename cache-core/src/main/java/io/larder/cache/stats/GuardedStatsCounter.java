package io.larder.cache.stats;

import static java.util.Objects.requireNonNull;

import io.larder.cache.RemovalCause;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** A counter that logs and swallows its delegate's failures, so that they never reach a caller. */
final class GuardedStatsCounter implements StatsCounter {
  private static final Logger logger = System.getLogger(GuardedStatsCounter.class.getName());

  final StatsCounter delegate;

  GuardedStatsCounter(StatsCounter delegate) {
    this.delegate = requireNonNull(delegate, "statsCounter");
  }

  @Override
  public void recordHits(int count) {
    guard(() -> delegate.recordHits(count));
  }

  @Override
  public void recordMisses(int count) {
    guard(() -> delegate.recordMisses(count));
  }

  @Override
  public void recordLoadSuccess(long loadTime) {
    guard(() -> delegate.recordLoadSuccess(loadTime));
  }

  @Override
  public void recordLoadFailure(long loadTime) {
    guard(() -> delegate.recordLoadFailure(loadTime));
  }

  @Override
  public void recordEviction(int weight, RemovalCause cause) {
    requireNonNull(cause);
    guard(() -> delegate.recordEviction(weight, cause));
  }

  @Override
  public CacheStats snapshot() {
    try {
      return delegate.snapshot();
    } catch (RuntimeException | Error e) {
      logger.log(Level.WARNING, "Exception thrown by stats counter", e);
      return CacheStats.empty();
    }
  }

  private static void guard(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException | Error e) {
      logger.log(Level.WARNING, "Exception thrown by stats counter", e);
    }
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
