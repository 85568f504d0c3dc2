package io.larder.cache.internal;

import io.larder.cache.Weigher;
import io.larder.cache.internal.memory.SizeEstimator;

/**
 * Derives the settings of a memory-tracking cache (a Larder addition: {@code maximumMemory}, {@code
 * maximumHeapFraction}, {@code memoryBudget}, {@code maximumEntryMemory}) as those of a weighted
 * bounded cache, so that the bounded storage needs nothing else to honour them.
 *
 * <ul>
 *   <li>The weigher is a {@link MemoryWeigher}: an entry weighs its estimated retained size in
 *       bytes. Hence {@code Policy.eviction()} of such a cache is weighted and reports weights, the
 *       weighted size and the maximum in bytes.
 *   <li>The maximum weight is the {@code maximumMemory} in bytes; without one (a cache on a shared
 *       budget only, or with a per-entry cap only) it is the largest the policy supports, so that
 *       the cache is not bounded by its own size, only by the shared budget.
 *   <li>A shared budget and a per-entry cap need the weights to be bytes, so they cannot be
 *       combined with {@code maximumSize}, {@code maximumWeight} or a weigher; the builder rejects
 *       those combinations (and so does {@link #derive} for settings built otherwise).
 * </ul>
 */
final class MemoryBoundedSettings {
  private MemoryBoundedSettings() {}

  /** Returns the settings unchanged unless they track memory; then the weighted equivalent. */
  static <K, V> CacheSettings<K, V> derive(CacheSettings<K, V> settings) {
    if (!settings.tracksMemory() || (settings.weigher() instanceof MemoryWeigher)) {
      return settings;
    }
    String setting = memorySetting(settings);
    if (settings.maximumSize() != CacheSettings.UNSET) {
      throw conflict(setting, "maximumSize", settings.maximumSize());
    } else if (settings.maximumWeight() != CacheSettings.UNSET) {
      throw conflict(setting, "maximumWeight", settings.maximumWeight());
    } else if (settings.weighted()) {
      throw conflict(setting, "weigher", settings.weigher());
    }
    long maximum =
        (settings.maximumMemoryBytes() == CacheSettings.UNSET)
            ? WindowTinyLfuPolicy.MAXIMUM_CAPACITY
            : settings.maximumMemoryBytes();
    CacheSettings<K, V> weighted = withWeigher(settings, Weigher.singletonWeigher(), maximum);
    // Weighted nodes either way; an async cache's nodes are the same class.
    Class<?> nodeType =
        NodeFactory.forSettings(weighted, /* isAsync= */ false).newNode("", "", 0).getClass();
    MemoryWeigher weigher =
        new MemoryWeigher(
            SizeEstimator.forCurrentJvm(),
            nodeType,
            settings.name(),
            settings.creationSite(),
            settings.maximumEntryMemoryBytes());
    return withWeigher(settings, weigher, maximum);
  }

  /** Returns the per-entry cap in bytes, or {@code Long.MAX_VALUE} when there is none. */
  static long maximumEntryBytes(CacheSettings<?, ?> settings) {
    long cap = settings.maximumEntryMemoryBytes();
    return (cap == CacheSettings.UNSET) ? Long.MAX_VALUE : cap;
  }

  private static String memorySetting(CacheSettings<?, ?> settings) {
    if (settings.maximumMemoryBytes() != CacheSettings.UNSET) {
      return "maximumMemory";
    }
    return (settings.memoryBudget() != null) ? "memoryBudget" : "maximumEntryMemory";
  }

  private static IllegalStateException conflict(String setting, String other, Object value) {
    return new IllegalStateException(
        setting + " cannot be combined with " + other + " (set to " + value + ")");
  }

  private static <K, V> CacheSettings<K, V> withWeigher(
      CacheSettings<K, V> s, Weigher<? super K, ? super V> weigher, long maximumWeight) {
    return new CacheSettings<>(
        s.name(),
        s.creationSite(),
        s.initialCapacity(),
        CacheSettings.UNSET,
        maximumWeight,
        weigher,
        /* weighted= */ true,
        s.weakKeys(),
        s.valueStrength(),
        s.expireAfterWriteNanos(),
        s.expireAfterAccessNanos(),
        s.expiry(),
        s.refreshAfterWriteNanos(),
        s.ticker(),
        s.statsTicker(),
        s.executor(),
        s.scheduler(),
        s.evictionListener(),
        s.removalListener(),
        s.statsCounterSupplier(),
        s.maximumMemoryBytes(),
        s.maximumEntryMemoryBytes(),
        s.memoryBudget(),
        s.leakGuard());
  }
}
