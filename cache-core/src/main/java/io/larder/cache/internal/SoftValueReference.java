package io.larder.cache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.SoftReference;
import org.jspecify.annotations.Nullable;

/** A softly held value of a {@code softValues()} cache (see {@link ValueReference}). */
final class SoftValueReference<V> extends SoftReference<V> implements ValueReference<V> {
  private static final VarHandle KEY_REFERENCE;

  static {
    try {
      KEY_REFERENCE =
          MethodHandles.lookup()
              .findVarHandle(SoftValueReference.class, "keyReference", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Accessed through the var handle (opaque reads, release writes) once published: the key slot
  // of a ReferenceValueNode, which changes only to a sentinel.
  @SuppressWarnings("unused")
  private Object keyReference;

  SoftValueReference(Object keyReference, V value, @Nullable ReferenceQueue<Object> queue) {
    super(value, queue);
    this.keyReference = keyReference;
  }

  @Override
  public Object keyReference() {
    return KEY_REFERENCE.getOpaque(this);
  }

  @Override
  public void setKeyReference(Object sentinel) {
    KEY_REFERENCE.setRelease(this, sentinel);
  }

  @Override
  public ValueReference<V> renew(V value, @Nullable ReferenceQueue<Object> queue) {
    return new SoftValueReference<>(keyReference(), value, queue);
  }
}
