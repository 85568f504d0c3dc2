package io.larder.cache;

import static io.larder.cache.Durations.toNanosSaturated;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.BiFunction;

/**
 * Calculates when cache entries expire. A single expiration time is retained so that the lifetime
 * of an entry may be extended or reduced by subsequent evaluations.
 */
public interface Expiry<K, V> {

  /**
   * Specifies that the entry should be automatically removed from the cache once the duration has
   * elapsed after the entry's creation. Returns the length of time, in nanoseconds, before the
   * entry expires.
   */
  long expireAfterCreate(K key, V value, long currentTime);

  /**
   * Specifies that the entry should be automatically removed once the duration has elapsed after
   * the replacement of its value; returning {@code currentDuration} keeps the current lifetime.
   */
  long expireAfterUpdate(K key, V value, long currentTime, long currentDuration);

  /**
   * Specifies that the entry should be automatically removed once the duration has elapsed after
   * its last read; returning {@code currentDuration} keeps the current lifetime.
   */
  long expireAfterRead(K key, V value, long currentTime, long currentDuration);

  /**
   * Returns an {@code Expiry} that sets the lifetime when the entry is created and keeps it on
   * updates and reads.
   */
  static <K, V> Expiry<K, V> creating(BiFunction<K, V, Duration> function) {
    return new FunctionExpiry<>(function, false, false);
  }

  /**
   * Returns an {@code Expiry} that sets the lifetime when the entry is created or updated and keeps
   * it on reads.
   */
  static <K, V> Expiry<K, V> writing(BiFunction<K, V, Duration> function) {
    return new FunctionExpiry<>(function, true, false);
  }

  /** Returns an {@code Expiry} that sets the lifetime on creation, update and read. */
  static <K, V> Expiry<K, V> accessing(BiFunction<K, V, Duration> function) {
    return new FunctionExpiry<>(function, true, true);
  }
}

/** The expiry behind the factory methods: a duration function applied on the chosen events. */
final class FunctionExpiry<K, V> implements Expiry<K, V> {
  private final BiFunction<K, V, Duration> function;
  private final boolean onUpdate;
  private final boolean onRead;

  FunctionExpiry(BiFunction<K, V, Duration> function, boolean onUpdate, boolean onRead) {
    this.function = requireNonNull(function, "function");
    this.onUpdate = onUpdate;
    this.onRead = onRead;
  }

  @Override
  public long expireAfterCreate(K key, V value, long currentTime) {
    return toNanosSaturated(function.apply(key, value));
  }

  @Override
  public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
    return onUpdate ? toNanosSaturated(function.apply(key, value)) : currentDuration;
  }

  @Override
  public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
    return onRead ? toNanosSaturated(function.apply(key, value)) : currentDuration;
  }
}
