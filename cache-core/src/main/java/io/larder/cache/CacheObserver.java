package io.larder.cache;

import static java.util.Objects.requireNonNull;

import io.larder.cache.internal.CacheObservers;

/**
 * Told when a Larder cache is built and when one of Larder's leak guards warns about a cache, in
 * this JVM: the hook behind test kits that fail a test whose code builds a cache that can leak.
 * <b>A Larder addition.</b>
 *
 * <p>An observer is held <em>weakly</em> by Larder, so that a forgotten registration keeps neither
 * the observer nor its class loader alive: keep the {@link Registration} (which holds the observer)
 * for as long as observations are wanted, and close it when done. An observer must not hold the
 * caches it is given strongly either (keep a {@link java.lang.ref.WeakReference}); it is called on
 * the thread that built the cache or raised the warning, so it must be quick and must not throw.
 * With no observer registered, building a cache costs one read of an empty array, and nothing on a
 * cache's reads and writes changes.
 */
public interface CacheObserver {

  /**
   * Called when a cache was built, with the cache as the builder returned it (a {@link Cache},
   * {@link LoadingCache}, {@link AsyncCache} or {@link AsyncLoadingCache}); {@link
   * CacheInsight#of(Object)} gives its name, creation site and bounds.
   */
  default void cacheBuilt(Object cache) {}

  /** Called when a leak guard raised a warning about a cache (the warning is also logged). */
  default void guardWarning(GuardWarning warning) {}

  /** The rule a guard warning is about. */
  enum Rule {
    /** An unbounded cache grew past the warning threshold, or was trimmed at the limit. */
    GROWTH,
    /** More live caches were built at one site than the churn threshold. */
    CHURN,
    /** A key's {@code hashCode} or {@code equals} changed while it was in a cache. */
    MUTATED_KEY,
    /** An entry was estimated above the cache's {@code maximumEntryMemory} and not kept. */
    OVERSIZE_ENTRY
  }

  /**
   * One guard warning: the cache's name and creation site (as {@link CacheInsight} reports them),
   * the rule, and the message Larder logged.
   */
  record GuardWarning(String cacheName, String creationSite, Rule rule, String message) {
    /** Creates a warning; every part is required. */
    public GuardWarning {
      requireNonNull(cacheName);
      requireNonNull(creationSite);
      requireNonNull(rule);
      requireNonNull(message);
    }
  }

  /** A registration of an observer; closing it stops the observations. */
  interface Registration extends AutoCloseable {
    /** Removes the observer; further calls do nothing. */
    @Override
    void close();
  }

  /**
   * Registers an observer of every cache built, and every guard warning raised, from now on in this
   * JVM, until the returned registration is closed (or dropped: the observer is held weakly).
   */
  static Registration register(CacheObserver observer) {
    return CacheObservers.register(observer);
  }
}
