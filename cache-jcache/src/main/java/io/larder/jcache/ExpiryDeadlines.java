package io.larder.jcache;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.jspecify.annotations.Nullable;

/**
 * A cache's JCache {@link ExpiryPolicy} turned into deadlines, in the cache ticker's nanoseconds:
 * the deadline of an entry created or updated now, and the duration an access gives. As the
 * specification asks, a policy that returns {@code null} leaves the deadline unchanged, and a
 * policy that throws is logged and treated in the same way (eternal for a creation).
 */
final class ExpiryDeadlines {
  // The cache's logger, under which these warnings were always logged.
  private static final Logger logger = System.getLogger(LarderJCache.class.getName());

  private final ExpiryPolicy policy;
  private final String cacheName;

  ExpiryDeadlines(ExpiryPolicy policy, String cacheName) {
    this.policy = policy;
    this.cacheName = cacheName;
  }

  /** Returns the deadline of an entry created at {@code now}. */
  long onCreation(long now) {
    Duration duration;
    try {
      duration = policy.getExpiryForCreation();
    } catch (RuntimeException e) {
      logger.log(Level.WARNING, "The expiry policy of " + cacheName + " failed on a creation", e);
      return Expirable.ETERNAL;
    }
    return (duration == null) ? Expirable.ETERNAL : deadline(duration, now);
  }

  /** Returns the deadline of an entry whose deadline was {@code current}, updated at {@code now}. */
  long onUpdate(long current, long now) {
    Duration duration;
    try {
      duration = policy.getExpiryForUpdate();
    } catch (RuntimeException e) {
      logger.log(Level.WARNING, "The expiry policy of " + cacheName + " failed on an update", e);
      return current;
    }
    return (duration == null) ? current : deadline(duration, now);
  }

  /** Returns the duration an access gives, or {@code null} to leave the deadline unchanged. */
  @Nullable Duration onAccess() {
    try {
      return policy.getExpiryForAccess();
    } catch (RuntimeException e) {
      logger.log(Level.WARNING, "The expiry policy of " + cacheName + " failed on an access", e);
      return null;
    }
  }

  /**
   * Returns the deadline {@code duration} after {@code now}: {@link Expirable#ETERNAL} for an
   * eternal duration, {@code now} for zero, and the latest non-eternal deadline on overflow.
   */
  static long deadline(Duration duration, long now) {
    if (duration.isEternal()) {
      return Expirable.ETERNAL;
    }
    if (duration.isZero()) {
      return now;
    }
    long nanos = duration.getTimeUnit().toNanos(duration.getDurationAmount());
    long deadline = now + nanos;
    if (((now ^ deadline) & (nanos ^ deadline)) < 0 || deadline == Expirable.ETERNAL) {
      return Expirable.ETERNAL - 1;
    }
    return deadline;
  }

  /** Returns whether an entry with this deadline has expired at {@code now}. */
  static boolean isPast(long deadline, long now) {
    return (deadline != Expirable.ETERNAL) && (deadline - now <= 0);
  }
}
