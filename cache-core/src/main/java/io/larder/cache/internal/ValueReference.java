package io.larder.cache.internal;

import java.lang.ref.ReferenceQueue;
import org.jspecify.annotations.Nullable;

/**
 * A value held weakly ({@link WeakValueReference}) or softly ({@link SoftValueReference}) in a
 * node's value field. It names the entry's key reference, so that the maintenance can find the
 * entry in the hash table once the value was collected and the reference enqueued.
 */
interface ValueReference<V> {

  /** Returns the value, or {@code null} once it was collected. */
  @Nullable V get();

  /**
   * Returns the entry's key as the hash table holds it (an opaque read), or the node's sentinel
   * once a {@link ReferenceValueNode}, whose key slot this is, was retired or died.
   */
  Object keyReference();

  /**
   * Sets the key slot of a {@link ReferenceValueNode} to a sentinel (a release write); the caller
   * holds the node's monitor.
   */
  void setKeyReference(Object sentinel);

  /**
   * Returns a reference of the same strength and key reference to a new value, registered with the
   * cache's value queue (not remembered here: the node stays as small as Caffeine's); the caller
   * holds the node's monitor.
   */
  ValueReference<V> renew(V value, @Nullable ReferenceQueue<Object> queue);

  /** Clears the reference without enqueuing it (the value was replaced or the entry removed). */
  void clear();
}
