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
public final class LocalInsight implements CacheInsight {
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

  /** Returns 0 until the memory estimator is wired in. */
  @Override
  public long estimatedBytes() {
    return 0L; // lead wires the estimator
  }

  /** Returns empty until the memory estimator is wired in. */
  @Override
  public OptionalLong maximumBytes() {
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
    return cache.settings().evicts();
  }

  @Override
  public long loadsInFlight() {
    long reloads = cache.refreshes().size();
    long computations = (cache instanceof ComputationsInProgress counted)
        ? counted.computationsInProgress()
        : 0L;
    return reloads + computations;
  }

  /** Returns 0: the leak guards do not report to the insight yet. */
  @Override
  public long guardWarnings() {
    return 0L;
  }

  @Override
  public String toString() {
    return "CacheInsight{name=" + name() + ", creationSite=" + creationSite() + '}';
  }
}
