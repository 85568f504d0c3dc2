package io.larder.benchmarks.adapter;

import java.time.Duration;

/**
 * The variable-expiry policy the benchmarks use: a fixed duration after create or update, unchanged
 * on read. Implemented once here and bridged to each library's {@code Expiry} interface, so that
 * both libraries do the same work per call.
 */
public final class FixedDurationExpiry {
  private final long nanos;

  /** Creates a policy that gives every entry the duration after each create or update. */
  public FixedDurationExpiry(Duration duration) {
    this.nanos = duration.toNanos();
  }

  /** Returns the lifetime in nanoseconds after a create. */
  public long afterCreate() {
    return nanos;
  }

  /** Returns the lifetime in nanoseconds after an update. */
  public long afterUpdate() {
    return nanos;
  }

  /** Returns the remaining lifetime after a read: unchanged. */
  public long afterRead(long currentDuration) {
    return currentDuration;
  }

  @Override
  public String toString() {
    return "an Expiry of " + Duration.ofNanos(nanos) + " after create or update";
  }
}
