package io.larder.jcache;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * One change to a cache entry, as entry listeners receive it. For a removal or an expiry the value
 * is the value that was removed, and it is also the old value; a listener that does not require old
 * values receives neither (as the TCK asserts).
 */
final class JCacheEntryEvent<K, V> extends CacheEntryEvent<K, V> {
  private static final long serialVersionUID = 1L;

  private final K key;
  private final transient @Nullable V value;
  private final transient @Nullable V oldValue;
  private final boolean oldValueAvailable;

  JCacheEntryEvent(
      Cache<K, V> source,
      EventType type,
      K key,
      @Nullable V value,
      @Nullable V oldValue,
      boolean oldValueAvailable) {
    super(source, type);
    this.key = key;
    this.value = value;
    this.oldValue = oldValue;
    this.oldValueAvailable = oldValueAvailable;
  }

  /** Returns this event without its old value, for a listener that did not ask for it. */
  JCacheEntryEvent<K, V> withoutOldValue() {
    if (!oldValueAvailable) {
      return this;
    }
    @SuppressWarnings("unchecked")
    Cache<K, V> cache = (Cache<K, V>) getSource();
    // A removal or an expiry carries only the old value, which the listener did not ask for.
    V visible =
        (getEventType() == EventType.REMOVED || getEventType() == EventType.EXPIRED) ? null : value;
    return new JCacheEntryEvent<>(cache, getEventType(), key, visible, null, false);
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public @Nullable V getValue() {
    return value;
  }

  @Override
  public @Nullable V getOldValue() {
    return oldValue;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValueAvailable;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a cache entry event to " + clazz.getName());
  }

  @Override
  public String toString() {
    return getEventType() + "[" + key + "=" + value + ", old=" + oldValue + "]";
  }
}
