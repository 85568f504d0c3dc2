package io.larder.cache.compat;

import io.larder.cache.Expiry;
import io.larder.cache.LoadingCache;
import io.larder.cache.Policy;
import io.larder.cache.RemovalCause;
import io.larder.cache.RemovalListener;
import io.larder.cache.Scheduler;
import io.larder.cache.Ticker;
import io.larder.cache.Weigher;
import io.larder.cache.stats.CacheStats;
import io.larder.cache.stats.StatsCounter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Converts between Caffeine 3.2.4's types and Larder's same-named ones, so that one scenario,
 * written against Larder's API, can drive Caffeine too. Each adapter only forwards; {@code null}
 * stays {@code null} so that Caffeine's own null checks are what a test sees.
 */
@SuppressWarnings("NullAway")
final class CaffeineAdapters {
  private CaffeineAdapters() {}

  static CacheStats toLarder(com.github.benmanes.caffeine.cache.stats.CacheStats stats) {
    return CacheStats.of(
        stats.hitCount(),
        stats.missCount(),
        stats.loadSuccessCount(),
        stats.loadFailureCount(),
        stats.totalLoadTime(),
        stats.evictionCount(),
        stats.evictionWeight());
  }

  static com.github.benmanes.caffeine.cache.stats.CacheStats toCaffeine(CacheStats stats) {
    return com.github.benmanes.caffeine.cache.stats.CacheStats.of(
        stats.hitCount(),
        stats.missCount(),
        stats.loadSuccessCount(),
        stats.loadFailureCount(),
        stats.totalLoadTime(),
        stats.evictionCount(),
        stats.evictionWeight());
  }

  static RemovalCause toLarder(com.github.benmanes.caffeine.cache.RemovalCause cause) {
    return RemovalCause.valueOf(cause.name());
  }

  static com.github.benmanes.caffeine.cache.RemovalCause toCaffeine(RemovalCause cause) {
    return com.github.benmanes.caffeine.cache.RemovalCause.valueOf(cause.name());
  }

  static com.github.benmanes.caffeine.cache.@Nullable Weigher<Object, Object> toCaffeine(
      @Nullable Weigher<Object, Object> weigher) {
    return (weigher == null) ? null : weigher::weigh;
  }

  static com.github.benmanes.caffeine.cache.@Nullable Ticker toCaffeine(@Nullable Ticker ticker) {
    return (ticker == null) ? null : ticker::read;
  }

  static com.github.benmanes.caffeine.cache.@Nullable Scheduler toCaffeine(
      @Nullable Scheduler scheduler) {
    return (scheduler == null) ? null : scheduler::schedule;
  }

  static com.github.benmanes.caffeine.cache.@Nullable RemovalListener<Object, Object> toCaffeine(
      @Nullable RemovalListener<Object, Object> listener) {
    return (listener == null)
        ? null
        : (key, value, cause) -> listener.onRemoval(key, value, toLarder(cause));
  }

  static com.github.benmanes.caffeine.cache.@Nullable Expiry<Object, Object> toCaffeine(
      @Nullable Expiry<Object, Object> expiry) {
    if (expiry == null) {
      return null;
    }
    return new com.github.benmanes.caffeine.cache.Expiry<>() {
      @Override
      public long expireAfterCreate(Object key, Object value, long currentTime) {
        return expiry.expireAfterCreate(key, value, currentTime);
      }

      @Override
      public long expireAfterUpdate(
          Object key, Object value, long currentTime, long currentDuration) {
        return expiry.expireAfterUpdate(key, value, currentTime, currentDuration);
      }

      @Override
      public long expireAfterRead(
          Object key, Object value, long currentTime, long currentDuration) {
        return expiry.expireAfterRead(key, value, currentTime, currentDuration);
      }
    };
  }

  static @Nullable Supplier<com.github.benmanes.caffeine.cache.stats.StatsCounter> toCaffeine(
      @Nullable Supplier<? extends StatsCounter> supplier) {
    if (supplier == null) {
      return null;
    }
    return () -> {
      StatsCounter counter = supplier.get();
      return new com.github.benmanes.caffeine.cache.stats.StatsCounter() {
        @Override
        public void recordHits(int count) {
          counter.recordHits(count);
        }

        @Override
        public void recordMisses(int count) {
          counter.recordMisses(count);
        }

        @Override
        public void recordLoadSuccess(long loadTime) {
          counter.recordLoadSuccess(loadTime);
        }

        @Override
        public void recordLoadFailure(long loadTime) {
          counter.recordLoadFailure(loadTime);
        }

        @Override
        public void recordEviction(
            int weight, com.github.benmanes.caffeine.cache.RemovalCause cause) {
          counter.recordEviction(weight, toLarder(cause));
        }

        @Override
        public com.github.benmanes.caffeine.cache.stats.CacheStats snapshot() {
          return toCaffeine(counter.snapshot());
        }
      };
    };
  }

  /** A Caffeine cache presented as Larder's {@link LoadingCache}. */
  static class AdaptedCache<K, V> implements LoadingCache<K, V> {
    final com.github.benmanes.caffeine.cache.Cache<K, V> cache;

    AdaptedCache(com.github.benmanes.caffeine.cache.Cache<K, V> cache) {
      this.cache = cache;
    }

    private com.github.benmanes.caffeine.cache.LoadingCache<K, V> loading() {
      return (com.github.benmanes.caffeine.cache.LoadingCache<K, V>) cache;
    }

    @Override
    public @Nullable V getIfPresent(K key) {
      return cache.getIfPresent(key);
    }

    @Override
    public @Nullable V get(K key, Function<? super K, ? extends @Nullable V> mappingFunction) {
      return cache.get(key, mappingFunction);
    }

    @Override
    public Map<K, V> getAllPresent(Iterable<? extends K> keys) {
      return cache.getAllPresent(keys);
    }

    @Override
    public Map<K, V> getAll(
        Iterable<? extends K> keys,
        Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>>
            mappingFunction) {
      return cache.getAll(keys, mappingFunction);
    }

    @Override
    public void put(K key, V value) {
      cache.put(key, value);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> map) {
      cache.putAll(map);
    }

    @Override
    public void invalidate(K key) {
      cache.invalidate(key);
    }

    @Override
    public void invalidateAll(Iterable<? extends K> keys) {
      cache.invalidateAll(keys);
    }

    @Override
    public void invalidateAll() {
      cache.invalidateAll();
    }

    @Override
    public long estimatedSize() {
      return cache.estimatedSize();
    }

    @Override
    public CacheStats stats() {
      return toLarder(cache.stats());
    }

    @Override
    public ConcurrentMap<K, V> asMap() {
      return cache.asMap();
    }

    @Override
    public void cleanUp() {
      cache.cleanUp();
    }

    @Override
    public Policy<K, V> policy() {
      return new AdaptedPolicy<>(cache.policy());
    }

    @Override
    public @Nullable V get(K key) {
      return loading().get(key);
    }

    @Override
    public Map<K, V> getAll(Iterable<? extends K> keys) {
      return loading().getAll(keys);
    }

    @Override
    public CompletableFuture<V> refresh(K key) {
      return loading().refresh(key);
    }

    @Override
    public CompletableFuture<Map<K, V>> refreshAll(Iterable<? extends K> keys) {
      return loading().refreshAll(keys);
    }
  }

  /**
   * A Caffeine policy presented as Larder's: the optional views only report whether they are
   * present (their operations are not adapted: the bounded storage's tests will).
   */
  static final class AdaptedPolicy<K, V> implements Policy<K, V> {
    final com.github.benmanes.caffeine.cache.Policy<K, V> policy;

    AdaptedPolicy(com.github.benmanes.caffeine.cache.Policy<K, V> policy) {
      this.policy = policy;
    }

    @Override
    public boolean isRecordingStats() {
      return policy.isRecordingStats();
    }

    @Override
    public @Nullable V getIfPresentQuietly(K key) {
      return policy.getIfPresentQuietly(key);
    }

    @Override
    public @Nullable CacheEntry<K, V> getEntryIfPresentQuietly(K key) {
      var entry = policy.getEntryIfPresentQuietly(key);
      return (entry == null) ? null : new AdaptedEntry<>(entry);
    }

    @Override
    public Map<K, CompletableFuture<V>> refreshes() {
      return policy.refreshes();
    }

    private static <T> Optional<T> presence(Optional<?> view) {
      if (view.isPresent()) {
        throw new AssertionError("a bounded policy view is not adapted: " + view.get());
      }
      return Optional.empty();
    }

    @Override
    public Optional<Eviction<K, V>> eviction() {
      return presence(policy.eviction());
    }

    @Override
    public Optional<FixedExpiration<K, V>> expireAfterAccess() {
      return presence(policy.expireAfterAccess());
    }

    @Override
    public Optional<FixedExpiration<K, V>> expireAfterWrite() {
      return presence(policy.expireAfterWrite());
    }

    @Override
    public Optional<VarExpiration<K, V>> expireVariably() {
      return presence(policy.expireVariably());
    }

    @Override
    public Optional<FixedRefresh<K, V>> refreshAfterWrite() {
      return presence(policy.refreshAfterWrite());
    }
  }

  /** A Caffeine policy entry presented as Larder's. */
  static final class AdaptedEntry<K, V> implements Policy.CacheEntry<K, V> {
    final com.github.benmanes.caffeine.cache.Policy.CacheEntry<K, V> entry;

    AdaptedEntry(com.github.benmanes.caffeine.cache.Policy.CacheEntry<K, V> entry) {
      this.entry = entry;
    }

    @Override
    public K getKey() {
      return entry.getKey();
    }

    @Override
    public V getValue() {
      return entry.getValue();
    }

    @Override
    public V setValue(V value) {
      return entry.setValue(value);
    }

    @Override
    public int weight() {
      return entry.weight();
    }

    @Override
    public long expiresAt() {
      return entry.expiresAt();
    }

    @Override
    public long refreshableAt() {
      return entry.refreshableAt();
    }

    @Override
    public long snapshotAt() {
      return entry.snapshotAt();
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return entry.equals(o);
    }

    @Override
    public int hashCode() {
      return entry.hashCode();
    }

    @Override
    public String toString() {
      return entry.toString();
    }
  }
}
