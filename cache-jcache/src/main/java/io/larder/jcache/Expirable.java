package io.larder.jcache;

/**
 * A cached value with the time at which it expires by JCache's rules, in the cache ticker's
 * nanoseconds. The deadline moves when an access prolongs it; a write replaces the whole holder.
 *
 * <p>Identity, not value, equality: a conditional removal of an expired entry removes this holder
 * and never a newer one written meanwhile.
 */
final class Expirable<V> {
  /** The deadline of an entry that never expires. */
  static final long ETERNAL = Long.MAX_VALUE;

  private final V value;
  private volatile long deadlineNanos;

  Expirable(V value, long deadlineNanos) {
    this.value = value;
    this.deadlineNanos = deadlineNanos;
  }

  V value() {
    return value;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  void setDeadlineNanos(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  boolean isExpired(long nowNanos) {
    long deadline = deadlineNanos;
    return (deadline != ETERNAL) && (deadline - nowNanos <= 0);
  }
}
