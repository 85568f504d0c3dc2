package io.larder.jcache;

import io.larder.cache.Ticker;
import javax.cache.expiry.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Makes and inspects the {@link Expirable} holders of one cache's entries by JCache's rules: the
 * holder of a value created or updated now (the value copied in when the cache stores by value,
 * with its deadline from the expiry policy, and the event the change publishes), the expiry of a
 * holder found past its deadline, and the deadline an access gives. It never touches the Larder
 * cache itself: the operations call it inside their {@code compute}, and the caller applies the
 * result.
 */
final class EntryHolders<K, V> {
  private final Ticker ticker;
  private final ExpiryDeadlines deadlines;
  private final Copier copier;
  private final LarderCacheManager manager;
  private final JCacheStatistics statistics;

  EntryHolders(
      Ticker ticker,
      ExpiryDeadlines deadlines,
      Copier copier,
      LarderCacheManager manager,
      JCacheStatistics statistics) {
    this.ticker = ticker;
    this.deadlines = deadlines;
    this.copier = copier;
    this.manager = manager;
    this.statistics = statistics;
  }

  /** Returns the current time of the cache's ticker, in nanoseconds. */
  long now() {
    return ticker.read();
  }

  /** Returns the copy stored for a key or value: itself when the cache stores by reference. */
  <T> T copyIn(T object) {
    return copier.copy(object, manager.classLoaderForCopies());
  }

  /** Returns the copy handed out for a stored key or value: itself when stored by reference. */
  <T> T copyOut(T object) {
    return copier.copy(object, manager.classLoaderForCopies());
  }

  /**
   * Returns the holder of a new entry of {@code value} with a created event, or null (no event) if
   * it expires on creation.
   */
  @Nullable Expirable<V> create(K key, V value, long now, EventDispatcher.Batch<K, V> events) {
    V stored = copyIn(value);
    long deadline = deadlines.onCreation(now);
    if (ExpiryDeadlines.isPast(deadline, now)) {
      return null;
    }
    events.created(key, stored);
    return new Expirable<>(stored, deadline);
  }

  /** Returns the holder replacing {@code live} with {@code value}, or null if it expires now. */
  @Nullable Expirable<V> update(
      K key, Expirable<V> live, V value, long now, EventDispatcher.Batch<K, V> events) {
    V stored = copyIn(value);
    long deadline = deadlines.onUpdate(live.deadlineNanos(), now);
    if (ExpiryDeadlines.isPast(deadline, now)) {
      events.expired(key, live.value());
      return null;
    }
    events.updated(key, live.value(), stored);
    return new Expirable<>(stored, deadline);
  }

  /** Returns the holder of a value a refresh loaded for a key that had none (no event). */
  Expirable<V> loaded(V value) {
    return new Expirable<>(copyIn(value), deadlines.onCreation(ticker.read()));
  }

  /** Returns the holder of a value a refresh reloaded in place of {@code old} (no event). */
  Expirable<V> reloaded(Expirable<V> old, V value) {
    long now = ticker.read();
    return new Expirable<>(copyIn(value), deadlines.onUpdate(old.deadlineNanos(), now));
  }

  /**
   * Inside a compute: returns the holder if live; otherwise records its expiry (an eviction and an
   * expired event) and returns null.
   */
  @Nullable Expirable<V> expireIfNeeded(
      K key, @Nullable Expirable<V> holder, long now, EventDispatcher.Batch<K, V> events) {
    if ((holder == null) || !holder.isExpired(now)) {
      return holder;
    }
    statistics.recordEvictions(1);
    events.expired(key, holder.value());
    return null;
  }

  /**
   * Applies the expiry policy's access duration to a live holder; {@code now} is the time of the
   * access, or {@code Long.MIN_VALUE} to read the clock only if the policy gives a duration.
   * Returns whether the deadline was set (and so Larder's drop time may need to follow it).
   */
  boolean access(Expirable<V> holder, long now) {
    Duration duration = deadlines.onAccess();
    if (duration == null) {
      return false;
    }
    long at = (now == Long.MIN_VALUE) ? ticker.read() : now;
    holder.setDeadlineNanos(ExpiryDeadlines.deadline(duration, at));
    return true;
  }
}
