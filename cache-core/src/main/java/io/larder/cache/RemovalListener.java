package io.larder.cache;

import org.jspecify.annotations.Nullable;

/**
 * A listener that is notified when an entry is removed from a cache. Its key or value is {@code
 * null} when it was garbage-collected before the notification.
 */
@FunctionalInterface
public interface RemovalListener<K, V> {

  /** Notifies the listener that a removal occurred at some point in the past. */
  void onRemoval(@Nullable K key, @Nullable V value, RemovalCause cause);
}
