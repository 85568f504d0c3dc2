/** Larder: a leak-safe in-process cache with Caffeine's API. */
module io.larder.cache {
  requires static transitive org.jspecify;
  requires java.logging;

  exports io.larder.cache;
  exports io.larder.cache.stats;
}
