package io.larder.spring.redis;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** A bounded wait for a condition: polls until it holds or the deadline passes. */
final class Poll {
  private Poll() {}

  /** Returns the nanoseconds it took {@code condition} to hold; fails after {@code deadline}. */
  static long until(Duration deadline, String what, BooleanSupplier condition) {
    long start = System.nanoTime();
    long end = start + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("Not within " + deadline + ": " + what);
      }
      LockSupport.parkNanos(200_000L);
    }
    return System.nanoTime() - start;
  }
}
