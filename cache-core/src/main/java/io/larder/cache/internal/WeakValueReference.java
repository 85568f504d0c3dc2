package io.larder.cache.internal;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import org.jspecify.annotations.Nullable;

/** A weakly held value of a {@code weakValues()} cache (see {@link ValueReference}). */
final class WeakValueReference<V> extends WeakReference<V> implements ValueReference<V> {
  private final Object keyReference;

  WeakValueReference(Object keyReference, V value, @Nullable ReferenceQueue<Object> queue) {
    super(value, queue);
    this.keyReference = keyReference;
  }

  @Override
  public Object keyReference() {
    return keyReference;
  }

  @Override
  public ValueReference<V> renew(V value, @Nullable ReferenceQueue<Object> queue) {
    return new WeakValueReference<>(keyReference, value, queue);
  }
}
