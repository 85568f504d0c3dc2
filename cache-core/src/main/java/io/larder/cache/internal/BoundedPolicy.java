package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Policy;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Policy} of a bounded cache: quiet reads, the reloads in flight, and the {@link
 * Policy.Eviction} view of the size or weight bound. Values are as stored (futures for an
 * asynchronous cache, which its adapter unwraps). The time-based views ({@link
 * FixedExpirationView}, {@link VarExpirationView}, {@link FixedRefreshView}) are present when
 * their policy is configured, as in Caffeine.
 */
final class BoundedPolicy<K, V> implements Policy<K, V> {
  private final BoundedLocalCache<K, V> cache;
  private final Optional<Eviction<K, V>> eviction;
  private final Optional<FixedExpiration<K, V>> expireAfterAccess;
  private final Optional<FixedExpiration<K, V>> expireAfterWrite;
  private final Optional<VarExpiration<K, V>> expireVariably;
  private final Optional<FixedRefresh<K, V>> refreshAfterWrite;

  BoundedPolicy(BoundedLocalCache<K, V> cache) {
    this.cache = cache;
    ExpirationPolicy<K, V> expiration = cache.expiration;
    this.eviction = cache.evicts() ? Optional.of(new BoundedEviction()) : Optional.empty();
    this.expireAfterAccess = expiration.expiresAfterAccess
        ? Optional.of(new FixedExpirationView<>(cache, this, /* afterAccess= */ true))
        : Optional.empty();
    this.expireAfterWrite = expiration.expiresAfterWrite
        ? Optional.of(new FixedExpirationView<>(cache, this, /* afterAccess= */ false))
        : Optional.empty();
    this.expireVariably = expiration.expiresVariable
        ? Optional.of(new VarExpirationView<>(cache, this))
        : Optional.empty();
    this.refreshAfterWrite = expiration.refreshAfterWrite
        ? Optional.of(new FixedRefreshView<>(cache))
        : Optional.empty();
  }

  @Override
  public boolean isRecordingStats() {
    return cache.isRecordingStats();
  }

  @Override
  public @Nullable V getIfPresentQuietly(K key) {
    return cache.getIfPresentQuietly(requireNonNull(key));
  }

  @Override
  public @Nullable CacheEntry<K, V> getEntryIfPresentQuietly(K key) {
    Node<K, V> node = cache.data.get(cache.references.lookupKey(requireNonNull(key)));
    return (node == null) ? null : cache.toCacheEntry(node, node.getWeight());
  }

  @Override
  public Map<K, CompletableFuture<V>> refreshes() {
    ConcurrentMap<Object, CompletableFuture<?>> pending = cache.refreshesIfCreated();
    if ((pending == null) || pending.isEmpty()) {
      return Collections.unmodifiableMap(Collections.emptyMap());
    }
    @SuppressWarnings("unchecked")
    Map<K, CompletableFuture<V>> copy =
        new HashMap<>((Map<K, CompletableFuture<V>>) (Map<?, ?>) pending);
    return Collections.unmodifiableMap(copy);
  }

  @Override
  public Optional<Eviction<K, V>> eviction() {
    return eviction;
  }

  @Override
  public Optional<FixedExpiration<K, V>> expireAfterAccess() {
    return expireAfterAccess;
  }

  @Override
  public Optional<FixedExpiration<K, V>> expireAfterWrite() {
    return expireAfterWrite;
  }

  @Override
  public Optional<VarExpiration<K, V>> expireVariably() {
    return expireVariably;
  }

  @Override
  public Optional<FixedRefresh<K, V>> refreshAfterWrite() {
    return refreshAfterWrite;
  }

  /**
   * Runs a maintenance cycle and applies the function to the entries in the iterator's order,
   * while holding the eviction lock (so the order is the policy's, and stable).
   */
  <T> T snapshot(
      Function<WindowTinyLfuPolicy<K, V>, Iterator<Node<K, V>>> order,
      Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
    requireNonNull(mappingFunction);
    BoundedMaintenance<K, V> maintenance = cache.maintenance;
    maintenance.evictionLock.lock();
    try {
      maintenance.maintenance(null);
      Spliterator<Node<K, V>> nodes = Spliterators.spliteratorUnknownSize(
          order.apply(cache.policy),
          Spliterator.DISTINCT | Spliterator.ORDERED | Spliterator.NONNULL
              | Spliterator.IMMUTABLE);
      try (Stream<Node<K, V>> stream = StreamSupport.stream(nodes, /* parallel= */ false)) {
        return mappingFunction.apply(stream
            .map(node -> cache.toCacheEntry(node, node.getPolicyWeight()))
            .filter(Objects::nonNull)
            .map(Objects::requireNonNull));
      }
    } finally {
      maintenance.evictionLock.unlock();
      maintenance.rescheduleCleanUpIfIncomplete();
    }
  }

  /** Collects up to {@code limit} entries in stream order. */
  static <K, V> Function<Stream<CacheEntry<K, V>>, Map<K, V>> sizeLimiter(long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative but was " + limit);
    }
    return stream -> {
      Map<K, V> map = new LinkedHashMap<>();
      stream.limit(limit).forEach(entry -> map.put(entry.getKey(), entry.getValue()));
      return Collections.unmodifiableMap(map);
    };
  }

  /** Collects entries in stream order while their weights sum to at most {@code weightLimit}. */
  private static <K, V> Function<Stream<CacheEntry<K, V>>, Map<K, V>> weightLimiter(
      long weightLimit) {
    if (weightLimit < 0) {
      throw new IllegalArgumentException(
          "weightLimit must not be negative but was " + weightLimit);
    }
    return stream -> {
      Map<K, V> map = new LinkedHashMap<>();
      long[] weightedSize = new long[1];
      stream
          .takeWhile(entry -> {
            weightedSize[0] = Math.addExact(weightedSize[0], entry.weight());
            return weightedSize[0] <= weightLimit;
          })
          .forEach(entry -> map.put(entry.getKey(), entry.getValue()));
      return Collections.unmodifiableMap(map);
    };
  }

  /** The size or weight bound's view. */
  private final class BoundedEviction implements Eviction<K, V> {
    @Override
    public boolean isWeighted() {
      return cache.policy.isWeighted();
    }

    @Override
    public OptionalInt weightOf(K key) {
      requireNonNull(key);
      if (!isWeighted()) {
        return OptionalInt.empty();
      }
      Integer weight = cache.weightOf(key);
      return (weight == null) ? OptionalInt.empty() : OptionalInt.of(weight);
    }

    @Override
    public OptionalLong weightedSize() {
      return isWeighted()
          ? OptionalLong.of(Math.max(0, cache.policy.weightedSizeAcquire()))
          : OptionalLong.empty();
    }

    @Override
    public long getMaximum() {
      return cache.policy.maximumAcquire();
    }

    @Override
    public void setMaximum(long maximum) {
      if (maximum < 0) {
        throw new IllegalArgumentException("maximum must not be negative but was " + maximum);
      }
      BoundedMaintenance<K, V> maintenance = cache.maintenance;
      maintenance.evictionLock.lock();
      try {
        cache.policy.setMaximum(maximum);
        maintenance.maintenance(null);
      } finally {
        maintenance.evictionLock.unlock();
        maintenance.rescheduleCleanUpIfIncomplete();
      }
    }

    @Override
    public Map<K, V> coldest(int limit) {
      return coldest(sizeLimiter(limit));
    }

    @Override
    public Map<K, V> coldestWeighted(long weightLimit) {
      return coldest(isWeighted() ? weightLimiter(weightLimit) : sizeLimiter(weightLimit));
    }

    @Override
    public <T> T coldest(Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
      return snapshot(EvictionOrder::coldestFirst, mappingFunction);
    }

    @Override
    public Map<K, V> hottest(int limit) {
      return hottest(sizeLimiter(limit));
    }

    @Override
    public Map<K, V> hottestWeighted(long weightLimit) {
      return hottest(isWeighted() ? weightLimiter(weightLimit) : sizeLimiter(weightLimit));
    }

    @Override
    public <T> T hottest(Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
      return snapshot(EvictionOrder::hottestFirst, mappingFunction);
    }
  }
}
