package io.larder.cache.internal;

import io.larder.cache.CacheInsight;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link CacheInsight} of an asynchronous cache: its storage's {@link LocalInsight}, except
 * that the loads in flight are the stored futures that have not completed plus the reloads running
 * (a load in flight is a future in the table, not a computation inside it).
 */
final class AsyncInsight implements CacheInsight {
  private final LocalCache<?, ? extends CompletableFuture<?>> cache;
  private final LocalInsight storage;

  AsyncInsight(LocalCache<?, ? extends CompletableFuture<?>> cache) {
    this.storage = new LocalInsight(cache);
    this.cache = cache;
  }

  @Override
  public String name() {
    return storage.name();
  }

  @Override
  public String creationSite() {
    return storage.creationSite();
  }

  @Override
  public long estimatedBytes() {
    return storage.estimatedBytes();
  }

  @Override
  public OptionalLong maximumBytes() {
    return storage.maximumBytes();
  }

  @Override
  public OptionalLong maximum() {
    return storage.maximum();
  }

  @Override
  public boolean isBounded() {
    return storage.isBounded();
  }

  @Override
  public long loadsInFlight() {
    return LocalAsyncCache.incompleteFutures(cache.values()) + cache.refreshes().size();
  }

  @Override
  public long guardWarnings() {
    return storage.guardWarnings();
  }

  @Override
  public String toString() {
    return storage.toString();
  }
}
