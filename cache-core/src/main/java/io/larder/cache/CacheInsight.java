package io.larder.cache;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What Larder knows about one cache beyond Caffeine's {@link Policy}: its name, where it was built,
 * its estimated memory, its bounds, the loads in flight and the guard warnings it raised. <b>A
 * Larder addition</b>, read by metrics, health checks and the memory monitor; every Larder cache
 * offers one, bounded or not.
 *
 * <p>Obtain it with {@link #of(Object)}. It holds its cache strongly: keep it no longer than the
 * cache (metrics binders hold the cache weakly and ask for the insight on each read).
 */
public interface CacheInsight {

  /**
   * Returns the cache's name: the one given to {@link Caffeine#name(String)}, or its creation site.
   */
  String name();

  /** Returns where the cache was built, as {@code class.method(File.java:line)}. */
  String creationSite();

  /**
   * Returns the estimated retained size of the cache's entries in bytes: keys, values and the
   * cache's own per-entry structures. Exact bookkeeping for a {@code maximumMemory} cache; an
   * extrapolation from a sample of entries otherwise.
   */
  long estimatedBytes();

  /** Returns the byte budget of a memory-bounded cache (its own or a shared one's). */
  OptionalLong maximumBytes();

  /** Returns the entry or weight maximum of a size- or weight-bounded cache. */
  OptionalLong maximum();

  /** Returns whether the cache has any size, weight or memory bound. */
  boolean isBounded();

  /** Returns the number of loads and reloads currently in flight. */
  long loadsInFlight();

  /** Returns how many warnings Larder's leak guards have raised about this cache. */
  long guardWarnings();

  /**
   * Returns the insight of a Larder {@link Cache}, {@link AsyncCache}, their loading forms, or
   * their {@code asMap()} views; empty for any other object.
   */
  static Optional<CacheInsight> of(Object cache) {
    return (cache instanceof InsightSource)
        ? Optional.of(((InsightSource) cache).insight())
        : Optional.empty();
  }

  /** Implemented by every Larder cache and view; not for use outside Larder. */
  interface InsightSource {
    /** Returns this cache's insight. */
    CacheInsight insight();
  }
}
