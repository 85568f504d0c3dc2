package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Policy;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Policy} of an {@link UnboundedLocalCache}: quiet reads, the reloads in flight, and no
 * optional view, since the cache has neither a bound nor an expiration. Values are as stored
 * (futures for an asynchronous cache, which its adapter presents with their completed values).
 */
final class UnboundedPolicy<K, V> implements Policy<K, V> {
  private final UnboundedLocalCache<K, V> cache;

  UnboundedPolicy(UnboundedLocalCache<K, V> cache) {
    this.cache = requireNonNull(cache);
  }

  @Override
  public boolean isRecordingStats() {
    return cache.isRecordingStats();
  }

  @Override
  public @Nullable V getIfPresentQuietly(K key) {
    return cache.data.get(key);
  }

  @Override
  public @Nullable CacheEntry<K, V> getEntryIfPresentQuietly(K key) {
    // Weight 1, taken at ticker time 0 (the cache has no ticker), never expiring nor refreshable
    V value = cache.data.get(key);
    return (value == null) ? null : new SnapshotCacheEntry<>(key, value, 1, 0L);
  }

  @Override
  public Map<K, CompletableFuture<V>> refreshes() {
    Map<Object, CompletableFuture<?>> pending = cache.refreshes();
    if (pending.isEmpty()) {
      return Collections.emptyMap();
    }
    // An unbounded cache stores a reload under its key itself, with a future of the value type
    @SuppressWarnings("unchecked")
    Map<K, CompletableFuture<V>> byKey = (Map<K, CompletableFuture<V>>) (Map<?, ?>) pending;
    return Collections.unmodifiableMap(new HashMap<>(byKey));
  }

  @Override
  public Optional<Eviction<K, V>> eviction() {
    return Optional.empty();
  }

  @Override
  public Optional<FixedExpiration<K, V>> expireAfterAccess() {
    return Optional.empty();
  }

  @Override
  public Optional<FixedExpiration<K, V>> expireAfterWrite() {
    return Optional.empty();
  }

  @Override
  public Optional<VarExpiration<K, V>> expireVariably() {
    return Optional.empty();
  }

  @Override
  public Optional<FixedRefresh<K, V>> refreshAfterWrite() {
    return Optional.empty();
  }
}
