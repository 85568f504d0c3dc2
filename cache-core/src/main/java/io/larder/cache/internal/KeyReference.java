package io.larder.cache.internal;

import org.jspecify.annotations.Nullable;

/**
 * A key as the hash table of a weak-keyed cache holds or looks it up: a wrapper whose {@code
 * equals} and {@code hashCode} are those of the referent's identity ({@code ==} and {@link
 * System#identityHashCode}), as Caffeine's weak keys are.
 *
 * <p>Two forms exist: {@link WeakKeyReference}, stored in the table and in the node's key field,
 * and {@link LookupKeyReference}, a short-lived strong wrapper for reads. Any two are equal when
 * they wrap the same live object; a stored reference whose referent was collected is equal only to
 * itself, so that two collected keys never match each other and each entry can still be found (and
 * removed) through its own reference.
 */
interface KeyReference {

  /** Returns the wrapped key, or {@code null} once it was collected. */
  @Nullable Object referent();

  /** Returns whether {@code self} and {@code other} wrap the same live key. */
  static boolean referenceEquals(KeyReference self, @Nullable Object other) {
    if (other == self) {
      return true;
    } else if (!(other instanceof KeyReference)) {
      return false;
    }
    Object referent = self.referent();
    return (referent != null) && (referent == ((KeyReference) other).referent());
  }
}
