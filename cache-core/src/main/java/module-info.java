/** Larder: a leak-safe in-process cache with Caffeine's API. */
module io.larder.cache {
  requires static transitive org.jspecify;
  // Optional: the size estimator reads the VM's layout flags through HotSpotDiagnosticMXBean when
  // these modules are present, and falls back to HotSpot's defaults when they are not.
  requires static java.management;
  requires static jdk.management;

  exports io.larder.cache;
  exports io.larder.cache.stats;
}
