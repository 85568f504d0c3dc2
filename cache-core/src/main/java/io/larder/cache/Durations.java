package io.larder.cache;

import java.time.Duration;

/** Converts durations to nanoseconds, saturating instead of overflowing. */
final class Durations {
  private Durations() {}

  /** Returns the duration in nanoseconds, clamped to {@code [Long.MIN_VALUE, Long.MAX_VALUE]}. */
  static long toNanosSaturated(Duration duration) {
    if (duration.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) {
      return duration.isNegative() ? Long.MIN_VALUE : saturatedPositive(duration);
    }
    if (duration.getSeconds() <= Long.MIN_VALUE / 1_000_000_000L) {
      return Long.MIN_VALUE;
    }
    return duration.toNanos();
  }

  private static long saturatedPositive(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }
}
