package io.larder.cache.internal;

import org.jspecify.annotations.Nullable;

/**
 * The lookup form of a weakly held key: a strong, short-lived wrapper that reads of a weak-keyed
 * cache pass to the hash table, equal to the stored {@link WeakKeyReference} of the same object. It
 * is never stored (except as a key of the in-flight refreshes while the entry is absent).
 */
final class LookupKeyReference implements KeyReference {
  private final Object key;
  private final int hashCode;

  LookupKeyReference(Object key) {
    this.key = key;
    this.hashCode = System.identityHashCode(key);
  }

  @Override
  public Object referent() {
    return key;
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
    return "LookupKeyReference[" + key + "]";
  }
}
