package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.CacheInsight;
import io.larder.cache.Policy;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@link CacheInsight} of one cache, read live from its storage: the name and creation site
 * from its settings, its bound from its policy, and the loads in flight from its reloads and, when
 * the storage counts them, the computations running inside it.
 */
final class LocalInsight implements CacheInsight {
  private final LocalCache<?, ?> cache;

  /** Creates the insight of the cache whose storage is {@code cache}. */
  public LocalInsight(LocalCache<?, ?> cache) {
    this.cache = requireNonNull(cache, "cache");
  }

  @Override
  public String name() {
    return cache.settings().name();
  }

  @Override
  public String creationSite() {
    return cache.settings().creationSite();
  }

  /**
   * Returns the estimated bytes: for a memory-tracking cache the exact sum of its entries'
   * estimates, which is its policy's weighted size (see {@link MemoryBoundedSettings}); for a
   * cache watched by the growth guard (no bound, or bound only by time) the guard's fresh sample
   * (see {@link UnboundedGrowthGuard}); for any other a sampled extrapolation (see {@link
   * SampledMemory}).
   */
  @Override
  public long estimatedBytes() {
    if (cache.settings().tracksMemory()) {
      return MemoryInsight.estimatedBytes(cache);
    }
    if (cache instanceof CacheGuards.Holder) {
      UnboundedGrowthGuard growth = ((CacheGuards.Holder) cache).guards().growthGuard();
      if (growth != null) {
        return growth.freshEstimate();
      }
    }
    return SampledMemory.estimate(cache);
  }

  /** Returns the byte budget of a memory-bounded cache: its own, or else its shared budget's. */
  @Override
  public OptionalLong maximumBytes() {
    if (cache.settings().tracksMemory()) {
      return MemoryInsight.maximumBytes(cache);
    }
    return OptionalLong.empty(); // lead wires the estimator
  }

  @Override
  public OptionalLong maximum() {
    Optional<? extends Policy.Eviction<?, ?>> eviction = cache.policy().eviction();
    return eviction.isPresent()
        ? OptionalLong.of(eviction.get().getMaximum())
        : OptionalLong.empty();
  }

  @Override
  public boolean isBounded() {
    return cache.settings().hasTotalBound();
  }

  @Override
  public long loadsInFlight() {
    long reloads = cache.refreshes().size();
    long computations = (cache instanceof ComputationsInProgress counted)
        ? counted.computationsInProgress()
        : 0L;
    return reloads + computations;
  }

  /** Returns the warnings the leak guards raised about this cache (see {@link CacheGuards}). */
  @Override
  public long guardWarnings() {
    return (cache instanceof CacheGuards.Holder)
        ? ((CacheGuards.Holder) cache).guards().warnings()
        : 0L;
  }

  @Override
  public String toString() {
    return "CacheInsight{name=" + name() + ", creationSite=" + creationSite() + '}';
  }
}
