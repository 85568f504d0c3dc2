package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Expiry;
import io.larder.cache.Policy.CacheEntry;
import io.larder.cache.Policy.VarExpiration;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The {@link VarExpiration} view of variable expiration: each entry's remaining lifetime, which may
 * be changed; writes with an explicit lifetime; and the entries in expiration order (the timer
 * wheel's, sorted lazily). Values are as stored (futures for an asynchronous cache, which its
 * adapter's policy unwraps).
 */
final class VarExpirationView<K, V> implements VarExpiration<K, V> {
  private final BoundedLocalCache<K, V> cache;
  private final BoundedPolicy<K, V> policy;
  private final ExpirationPolicy<K, V> expiration;

  VarExpirationView(BoundedLocalCache<K, V> cache, BoundedPolicy<K, V> policy) {
    this.cache = cache;
    this.policy = policy;
    this.expiration = cache.expiration;
  }

  @Override
  public OptionalLong getExpiresAfter(K key, TimeUnit unit) {
    return cache.unexpiredTime(key, unit, (node, now) -> expiration.variableTime(node) - now);
  }

  @Override
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  public void setExpiresAfter(K key, long duration, TimeUnit unit) {
    requireNonNull(key);
    requireNonNull(unit);
    requireNonNegative(duration, unit);
    Node<K, V> node = cache.data.get(cache.references.lookupKey(key));
    if (node == null) {
      return;
    }
    long durationNanos = unit.toNanos(duration);
    long now;
    synchronized (node) {
      now = expiration.now();
      V value = node.getValue();
      if ((value == null)
          || !node.isAlive()
          || expiration.isComputingAsync(value)
          || expiration.hasExpired(node, now, value)) {
        return;
      }
      expiration.setVariableTime(
          node, now + Math.min(durationNanos, ExpirationPolicy.MAXIMUM_EXPIRY));
    }
    cache.afterRead(node, now, /* recordHit= */ false);
  }

  @Override
  public @Nullable V putIfAbsent(K key, V value, long duration, TimeUnit unit) {
    return put(key, value, duration, unit, /* onlyIfAbsent= */ true);
  }

  @Override
  public @Nullable V put(K key, V value, long duration, TimeUnit unit) {
    return put(key, value, duration, unit, /* onlyIfAbsent= */ false);
  }

  private @Nullable V put(K key, V value, long duration, TimeUnit unit, boolean onlyIfAbsent) {
    requireNonNull(unit);
    requireNonNull(value);
    requireNonNegative(duration, unit);
    return cache.put(key, value, new FixedExpiry<>(unit.toNanos(duration)), onlyIfAbsent);
  }

  @Override
  public @Nullable V compute(
      K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction, Duration duration) {
    requireNonNull(key);
    requireNonNull(duration);
    requireNonNull(remappingFunction);
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration cannot be negative: " + duration);
    }
    FixedExpiry<K, V> expiry = new FixedExpiry<>(saturatedNanos(duration));
    @SuppressWarnings("unchecked") // a null old value is passed only for an absent key
    BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> function =
        (BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V>) remappingFunction;
    return cache.compute(
        key, function, expiry, /* recordLoad= */ true, /* recordLoadFailure= */ true);
  }

  @Override
  public Map<K, V> oldest(int limit) {
    return oldest(BoundedPolicy.sizeLimiter(limit));
  }

  @Override
  public <T> T oldest(Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
    return policy.snapshot(p -> wheelOrder(/* ascending= */ true), mappingFunction);
  }

  @Override
  public Map<K, V> youngest(int limit) {
    return youngest(BoundedPolicy.sizeLimiter(limit));
  }

  @Override
  public <T> T youngest(Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
    return policy.snapshot(p -> wheelOrder(/* ascending= */ false), mappingFunction);
  }

  private Iterator<Node<K, V>> wheelOrder(boolean ascending) {
    return requireNonNull(expiration.timerWheel).expirationOrder(ascending);
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLarge) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static void requireNonNegative(long duration, TimeUnit unit) {
    if (duration < 0) {
      throw new IllegalArgumentException("duration cannot be negative: " + duration + " " + unit);
    }
  }

  /** The lifetime given to one write: fixed on create and update, unchanged by reads. */
  static final class FixedExpiry<K, V> implements Expiry<K, V> {
    private final long nanos;

    FixedExpiry(long nanos) {
      this.nanos = nanos;
    }

    @Override
    public long expireAfterCreate(K key, V value, long currentTime) {
      return nanos;
    }

    @Override
    public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
      return nanos;
    }

    @Override
    public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
