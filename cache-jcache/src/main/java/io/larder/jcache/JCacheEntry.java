package io.larder.jcache;

import static java.util.Objects.requireNonNull;

import javax.cache.Cache;

/**
 * A key and value read from a Larder JCache cache, as its iterator and entry processors return
 * them. {@link #unwrap(Class)} returns this entry.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class JCacheEntry<K, V> implements Cache.Entry<K, V> {
  private final K key;
  private final V value;

  JCacheEntry(K key, V value) {
    this.key = requireNonNull(key);
    this.value = requireNonNull(value);
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
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a cache entry to " + clazz.getName());
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
