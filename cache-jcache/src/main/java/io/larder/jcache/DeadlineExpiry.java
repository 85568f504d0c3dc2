package io.larder.jcache;

import io.larder.cache.Expiry;
import io.larder.cache.Policy.VarExpiration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Tells the underlying Larder cache when an entry may be dropped: at its JCache deadline plus a
 * short grace period. Within the grace period the JCache operations find the expired entry
 * themselves, remove it and publish its expiry to the listeners in the calling thread; an entry
 * that nobody reads is dropped by Larder's own expiration (and its expiry published from the
 * removal listener), so expired entries do not stay in memory.
 *
 * <p>Every callback recomputes the time left from the holder's current deadline, so that a read or
 * a compute that leaves the holder in place, after an access moved its deadline, keeps Larder's
 * timer in step.
 */
final class DeadlineExpiry<K, V> implements Expiry<K, Expirable<V>> {
  /** The grace period after a JCache deadline before Larder drops the entry. */
  static final long GRACE_NANOS = 1_000_000_000L;

  @Override
  public long expireAfterCreate(K key, Expirable<V> value, long currentTime) {
    return nanosToDrop(value.deadlineNanos(), currentTime);
  }

  @Override
  public long expireAfterUpdate(K key, Expirable<V> value, long currentTime, long currentDuration) {
    return nanosToDrop(value.deadlineNanos(), currentTime);
  }

  @Override
  public long expireAfterRead(K key, Expirable<V> value, long currentTime, long currentDuration) {
    return nanosToDrop(value.deadlineNanos(), currentTime);
  }

  /** Returns the nanoseconds from {@code now} until an entry with this deadline may be dropped. */
  static long nanosToDrop(long deadlineNanos, long now) {
    if (deadlineNanos == Expirable.ETERNAL) {
      return Long.MAX_VALUE;
    }
    long left = Math.max(0L, deadlineNanos - now);
    long drop = left + GRACE_NANOS;
    return (drop < 0) ? Long.MAX_VALUE : drop;
  }

  /**
   * Moves the Larder cache's drop time of the key to follow the holder's current deadline, after an
   * access moved it in place (a cache without expiration, {@code policy} empty, has nothing to
   * move); {@code now} is read only then.
   */
  static <K, V> void followDeadline(
      Optional<VarExpiration<K, Expirable<V>>> policy,
      K key,
      Expirable<V> holder,
      LongSupplier now) {
    if (policy.isPresent()) {
      long nanos = nanosToDrop(holder.deadlineNanos(), now.getAsLong());
      policy.get().setExpiresAfter(key, nanos, TimeUnit.NANOSECONDS);
    }
  }
}
