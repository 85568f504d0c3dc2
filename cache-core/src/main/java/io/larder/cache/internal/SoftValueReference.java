package io.larder.cache.internal;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.SoftReference;
import org.jspecify.annotations.Nullable;

/** A softly held value of a {@code softValues()} cache (see {@link ValueReference}). */
final class SoftValueReference<V> extends SoftReference<V> implements ValueReference<V> {
  private final Object keyReference;

  SoftValueReference(Object keyReference, V value, @Nullable ReferenceQueue<Object> queue) {
    super(value, queue);
    this.keyReference = keyReference;
  }

  @Override
  public Object keyReference() {
    return keyReference;
  }

  @Override
  public ValueReference<V> renew(V value, @Nullable ReferenceQueue<Object> queue) {
    return new SoftValueReference<>(keyReference, value, queue);
  }
}
