package io.larder.cache.redis;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling it, up to a generous deadline; never a fixed sleep. */
final class Poll {
  static final Duration DEADLINE = Duration.ofSeconds(20);

  private Poll() {}

  /** Polls {@code condition} until it holds, or fails with {@code what} after the deadline. */
  static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("Not within " + DEADLINE.toSeconds() + " s: " + what);
      }
      LockSupport.parkNanos(1_000_000L);
    }
  }
}
