package io.larder.jcstress;

import io.larder.cache.Caffeine;
import org.jspecify.annotations.Nullable;

/** Builders of the cache configurations that the stress tests race on. */
final class Caches {

  /** The key that the actors of a test contend on. */
  static final Integer KEY = 1;

  /** A maximum size far above what any test writes, so that nothing is evicted. */
  static final long LARGE_MAXIMUM = 1_000;

  private Caches() {}

  /** Returns a builder of an unbounded cache (the plain hash-map storage). */
  static Caffeine<Object, Object> unbounded() {
    return Caffeine.newBuilder().executor(Runnable::run);
  }

  /**
   * Returns a builder of a size-bounded cache whose bound is never reached: the bounded storage,
   * with its buffers and maintenance, but no eviction.
   */
  static Caffeine<Object, Object> bounded() {
    return Caffeine.newBuilder().maximumSize(LARGE_MAXIMUM).executor(Runnable::run);
  }

  /** Returns the value as an int, or -1 for absent. */
  static int orAbsent(@Nullable Integer value) {
    return (value == null) ? -1 : value;
  }
}
