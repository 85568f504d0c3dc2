package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Policy.FixedRefresh;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The {@link FixedRefresh} view of refresh after write: entry ages since their last write and the
 * refresh interval, which may change at run time (it must stay positive, as in Caffeine).
 */
final class FixedRefreshView<K, V> implements FixedRefresh<K, V> {
  private final BoundedLocalCache<K, V> cache;
  private final ExpirationPolicy<K, V> expiration;

  FixedRefreshView(BoundedLocalCache<K, V> cache) {
    this.cache = cache;
    this.expiration = cache.expiration;
  }

  @Override
  public OptionalLong ageOf(K key, TimeUnit unit) {
    return cache.unexpiredTime(key, unit, expiration::ageSinceWrite);
  }

  @Override
  public long getRefreshesAfter(TimeUnit unit) {
    return unit.convert(expiration.refreshAfterWriteNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void setRefreshesAfter(long duration, TimeUnit unit) {
    requireNonNull(unit);
    if (duration <= 0) {
      throw new IllegalArgumentException("duration must be positive: " + duration + " " + unit);
    }
    expiration.setRefreshAfterWriteNanos(unit.toNanos(duration));
    cache.maintenance.scheduleAfterWrite();
  }
}
