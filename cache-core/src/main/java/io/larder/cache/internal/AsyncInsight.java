package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.CacheInsight;
import io.larder.cache.Policy;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link CacheInsight} of an asynchronous cache: that of its storage, except that the loads in
 * flight are the futures that have not completed plus the reloads running.
 */
final class AsyncInsight implements CacheInsight {
  private final LocalCache<?, ? extends CompletableFuture<?>> cache;

  AsyncInsight(LocalCache<?, ? extends CompletableFuture<?>> cache) {
    this.cache = requireNonNull(cache);
  }

  @Override
  public String name() {
    return cache.settings().name();
  }

  @Override
  public String creationSite() {
    return cache.settings().creationSite();
  }

  @Override
  public long estimatedBytes() {
    return 0L;
  }

  @Override
  public OptionalLong maximumBytes() {
    return OptionalLong.empty();
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
    return LocalAsyncCache.incompleteFutures(cache.values()) + cache.refreshes().size();
  }

  @Override
  public long guardWarnings() {
    return 0L;
  }

  @Override
  public String toString() {
    return "CacheInsight{name=" + name() + ", creationSite=" + creationSite() + '}';
  }
}
