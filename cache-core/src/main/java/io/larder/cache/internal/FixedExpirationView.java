package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Policy.CacheEntry;
import io.larder.cache.Policy.FixedExpiration;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The {@link FixedExpiration} view of expiration after access or after write: entry ages, the
 * duration (which may change at run time, applying at once to existing entries, as in Caffeine),
 * and the entries in expiration order. Ages and orders are those of the ticker that the cache was
 * built with.
 */
final class FixedExpirationView<K, V> implements FixedExpiration<K, V> {
  private final BoundedLocalCache<K, V> cache;
  private final BoundedPolicy<K, V> policy;
  private final ExpirationPolicy<K, V> expiration;
  private final boolean afterAccess;

  FixedExpirationView(
      BoundedLocalCache<K, V> cache, BoundedPolicy<K, V> policy, boolean afterAccess) {
    this.cache = cache;
    this.policy = policy;
    this.expiration = cache.expiration;
    this.afterAccess = afterAccess;
  }

  @Override
  public OptionalLong ageOf(K key, TimeUnit unit) {
    return cache.unexpiredTime(
        key,
        unit,
        (node, now) ->
            afterAccess
                ? (now - expiration.accessTime(node))
                : expiration.ageSinceWrite(node, now));
  }

  @Override
  public long getExpiresAfter(TimeUnit unit) {
    long nanos =
        afterAccess ? expiration.expiresAfterAccessNanos() : expiration.expiresAfterWriteNanos();
    return unit.convert(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void setExpiresAfter(long duration, TimeUnit unit) {
    requireNonNull(unit);
    if (duration < 0) {
      throw new IllegalArgumentException("duration cannot be negative: " + duration + " " + unit);
    }
    long nanos = unit.toNanos(duration);
    if (afterAccess) {
      expiration.setExpiresAfterAccessNanos(nanos);
    } else {
      expiration.setExpiresAfterWriteNanos(nanos);
    }
    cache.maintenance.scheduleAfterWrite();
  }

  @Override
  public Map<K, V> oldest(int limit) {
    return oldest(BoundedPolicy.sizeLimiter(limit));
  }

  @Override
  public <T> T oldest(Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
    return policy.snapshot(p -> order(p, /* oldest= */ true), mappingFunction);
  }

  @Override
  public Map<K, V> youngest(int limit) {
    return youngest(BoundedPolicy.sizeLimiter(limit));
  }

  @Override
  public <T> T youngest(Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
    return policy.snapshot(p -> order(p, /* oldest= */ false), mappingFunction);
  }

  /**
   * Returns the nodes in expiration order: the write-order deque, or the access-order deques of the
   * eviction policy merged by access time (only the window without a size bound).
   */
  private Iterator<Node<K, V>> order(WindowTinyLfuPolicy<K, V> p, boolean oldest) {
    if (!afterAccess) {
      WriteOrderDeque<K, V> deque = requireNonNull(expiration.writeOrderDeque);
      return oldest ? deque.iterator() : deque.descendingIterator();
    } else if (!cache.evicts()) {
      return oldest ? p.window.iterator() : p.window.descendingIterator();
    }
    Comparator<Node<K, V>> byAccess = Comparator.comparingLong(expiration::accessTime);
    if (oldest) {
      return new MergingIterator<>(
          new MergingIterator<>(p.window.iterator(), p.probation.iterator(), byAccess),
          p.protectedSegment.iterator(),
          byAccess);
    }
    Comparator<Node<K, V>> reversed = byAccess.reversed();
    return new MergingIterator<>(
        new MergingIterator<>(
            p.window.descendingIterator(), p.probation.descendingIterator(), reversed),
        p.protectedSegment.descendingIterator(),
        reversed);
  }
}
