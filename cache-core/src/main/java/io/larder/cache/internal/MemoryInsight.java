package io.larder.cache.internal;

import io.larder.cache.Policy;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The memory figures of a memory-tracking cache's {@code CacheInsight} (a Larder addition). Such a
 * cache is weighted in bytes (see {@link MemoryBoundedSettings}), so its estimate is the sum of its
 * entries' weights as the policy has applied them: exact bookkeeping rather than a sample.
 */
final class MemoryInsight {
  private MemoryInsight() {}

  /** Returns the sum of the entries' estimated bytes. */
  static long estimatedBytes(LocalCache<?, ?> cache) {
    Optional<? extends Policy.Eviction<?, ?>> eviction = cache.policy().eviction();
    return eviction.isPresent() ? eviction.get().weightedSize().orElse(0L) : 0L;
  }

  /**
   * Returns the cache's own byte bound (its current maximum), or else its shared budget's, or
   * empty.
   */
  static OptionalLong maximumBytes(LocalCache<?, ?> cache) {
    CacheSettings<?, ?> settings = cache.settings();
    Optional<? extends Policy.Eviction<?, ?>> eviction = cache.policy().eviction();
    if ((settings.maximumMemoryBytes() != CacheSettings.UNSET) && eviction.isPresent()) {
      return OptionalLong.of(eviction.get().getMaximum()); // as set, in bytes
    }
    SharedMemoryBudget budget = settings.memoryBudget();
    return (budget == null) ? OptionalLong.empty() : OptionalLong.of(budget.maximumBytes());
  }
}
