package io.larder.cache.testing;

/**
 * The two implementations a compatibility scenario runs against: Larder, and Caffeine 3.2.4 (the
 * reference), which {@link CacheSettings} builds and presents through Larder's interfaces.
 */
public enum Library {
  LARDER,
  CAFFEINE
}
