package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Policy.CacheEntry;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An immutable {@link CacheEntry}: the key, value, weight and the ticker times it was taken at,
 * expires at and may be refreshed at (for a cache without time-based policies, the snapshot time
 * plus {@code Long.MAX_VALUE}, as in Caffeine). Equal to any {@link Map.Entry} with an equal key
 * and value.
 */
final class SnapshotCacheEntry<K, V> implements CacheEntry<K, V> {
  private final K key;
  private final V value;
  private final int weight;
  private final long snapshotAt;
  private final long expiresAt;
  private final long refreshableAt;

  SnapshotCacheEntry(K key, V value, int weight, long snapshotAt) {
    this(key, value, weight, snapshotAt, snapshotAt + Long.MAX_VALUE, snapshotAt + Long.MAX_VALUE);
  }

  /** Creates the snapshot of an entry of a cache with expiration or refresh. */
  SnapshotCacheEntry(
      K key, V value, int weight, long snapshotAt, long expiresAt, long refreshableAt) {
    this.key = requireNonNull(key);
    this.value = requireNonNull(value);
    this.weight = weight;
    this.snapshotAt = snapshotAt;
    this.expiresAt = expiresAt;
    this.refreshableAt = refreshableAt;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public V setValue(V value) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int weight() {
    return weight;
  }

  @Override
  public long expiresAt() {
    return expiresAt;
  }

  @Override
  public long refreshableAt() {
    return refreshableAt;
  }

  @Override
  public long snapshotAt() {
    return snapshotAt;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    } else if (!(o instanceof Map.Entry<?, ?>)) {
      return false;
    }
    Map.Entry<?, ?> entry = (Map.Entry<?, ?>) o;
    return key.equals(entry.getKey()) && value.equals(entry.getValue());
  }

  @Override
  public int hashCode() {
    return key.hashCode() ^ value.hashCode();
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
