package io.larder.cache.internal;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import org.jspecify.annotations.Nullable;

/**
 * The stored form of a weakly held key: the hash table's key and the node's key field. It remembers
 * the key's identity hash, so that it can still be found in the table (and the entry removed) after
 * the key was collected and the reference enqueued.
 */
final class WeakKeyReference<K> extends WeakReference<K> implements KeyReference {
  private final int hashCode;

  WeakKeyReference(K key, @Nullable ReferenceQueue<Object> queue) {
    super(key, queue);
    this.hashCode = System.identityHashCode(key);
  }

  @Override
  public @Nullable Object referent() {
    return get();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return KeyReference.referenceEquals(this, other);
  }

  @Override
  public int hashCode() {
    return hashCode;
  }

  @Override
  public String toString() {
    return "WeakKeyReference[" + get() + "]";
  }
}
