package io.larder.cache.testing;

import io.larder.cache.Policy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Caffeine 3.2.4's {@code Policy} presented as Larder's {@link Policy}: every view (eviction,
 * expiration after access, after write, variable, refresh after write) is present exactly when
 * Caffeine's is and forwards every method, and entries are Caffeine's snapshots seen as Larder's.
 * The views and the entry are nested here, as each only forwards.
 */
public final class AdaptedPolicy<K, V> implements Policy<K, V> {
  final com.github.benmanes.caffeine.cache.Policy<K, V> delegate;

  /** Presents {@code delegate}. */
  public AdaptedPolicy(com.github.benmanes.caffeine.cache.Policy<K, V> delegate) {
    this.delegate = delegate;
  }

  @Override
  public boolean isRecordingStats() {
    return delegate.isRecordingStats();
  }

  @Override
  public @Nullable V getIfPresentQuietly(K key) {
    return delegate.getIfPresentQuietly(key);
  }

  @Override
  public @Nullable CacheEntry<K, V> getEntryIfPresentQuietly(K key) {
    com.github.benmanes.caffeine.cache.Policy.CacheEntry<K, V> entry =
        delegate.getEntryIfPresentQuietly(key);
    return (entry == null) ? null : new EntrySnapshot<>(entry);
  }

  @Override
  public Map<K, CompletableFuture<V>> refreshes() {
    return delegate.refreshes();
  }

  @Override
  public Optional<Eviction<K, V>> eviction() {
    return delegate.eviction().map(EvictionView::new);
  }

  @Override
  public Optional<FixedExpiration<K, V>> expireAfterAccess() {
    return delegate.expireAfterAccess().map(FixedExpirationView::new);
  }

  @Override
  public Optional<FixedExpiration<K, V>> expireAfterWrite() {
    return delegate.expireAfterWrite().map(FixedExpirationView::new);
  }

  @Override
  public Optional<VarExpiration<K, V>> expireVariably() {
    return delegate.expireVariably().map(VarExpirationView::new);
  }

  @Override
  public Optional<FixedRefresh<K, V>> refreshAfterWrite() {
    return delegate.refreshAfterWrite().map(FixedRefreshView::new);
  }

  /** Maps a function of Larder entries to one of Caffeine entries, for the ordered views. */
  static <K, V, T>
      Function<Stream<com.github.benmanes.caffeine.cache.Policy.CacheEntry<K, V>>, T> entries(
          Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
    return stream -> mappingFunction.apply(stream.map(EntrySnapshot::new));
  }

  /** Caffeine 3.2.4's size or weight bound presented as Larder's {@link Policy.Eviction}. */
  static final class EvictionView<K, V> implements Policy.Eviction<K, V> {
    final com.github.benmanes.caffeine.cache.Policy.Eviction<K, V> delegate;

    EvictionView(com.github.benmanes.caffeine.cache.Policy.Eviction<K, V> delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean isWeighted() {
      return delegate.isWeighted();
    }

    @Override
    public OptionalInt weightOf(K key) {
      return delegate.weightOf(key);
    }

    @Override
    public OptionalLong weightedSize() {
      return delegate.weightedSize();
    }

    @Override
    public long getMaximum() {
      return delegate.getMaximum();
    }

    @Override
    public void setMaximum(long maximum) {
      delegate.setMaximum(maximum);
    }

    @Override
    public Map<K, V> coldest(int limit) {
      return delegate.coldest(limit);
    }

    @Override
    public Map<K, V> coldestWeighted(long weightLimit) {
      return delegate.coldestWeighted(weightLimit);
    }

    @Override
    public <T> T coldest(Function<Stream<Policy.CacheEntry<K, V>>, T> mappingFunction) {
      return delegate.coldest(entries(mappingFunction));
    }

    @Override
    public Map<K, V> hottest(int limit) {
      return delegate.hottest(limit);
    }

    @Override
    public Map<K, V> hottestWeighted(long weightLimit) {
      return delegate.hottestWeighted(weightLimit);
    }

    @Override
    public <T> T hottest(Function<Stream<Policy.CacheEntry<K, V>>, T> mappingFunction) {
      return delegate.hottest(entries(mappingFunction));
    }
  }

  /**
   * Caffeine 3.2.4's fixed expiration view (after access or after write) presented as Larder's
   * {@link Policy.FixedExpiration}; the {@code Duration} forms forward too, so that Caffeine's own
   * conversions are what a test sees.
   */
  static final class FixedExpirationView<K, V> implements Policy.FixedExpiration<K, V> {
    final com.github.benmanes.caffeine.cache.Policy.FixedExpiration<K, V> delegate;

    FixedExpirationView(com.github.benmanes.caffeine.cache.Policy.FixedExpiration<K, V> delegate) {
      this.delegate = delegate;
    }

    @Override
    public OptionalLong ageOf(K key, TimeUnit unit) {
      return delegate.ageOf(key, unit);
    }

    @Override
    public Optional<Duration> ageOf(K key) {
      return delegate.ageOf(key);
    }

    @Override
    public long getExpiresAfter(TimeUnit unit) {
      return delegate.getExpiresAfter(unit);
    }

    @Override
    public Duration getExpiresAfter() {
      return delegate.getExpiresAfter();
    }

    @Override
    public void setExpiresAfter(long duration, TimeUnit unit) {
      delegate.setExpiresAfter(duration, unit);
    }

    @Override
    public void setExpiresAfter(Duration duration) {
      delegate.setExpiresAfter(duration);
    }

    @Override
    public Map<K, V> oldest(int limit) {
      return delegate.oldest(limit);
    }

    @Override
    public <T> T oldest(Function<Stream<Policy.CacheEntry<K, V>>, T> mappingFunction) {
      return delegate.oldest(entries(mappingFunction));
    }

    @Override
    public Map<K, V> youngest(int limit) {
      return delegate.youngest(limit);
    }

    @Override
    public <T> T youngest(Function<Stream<Policy.CacheEntry<K, V>>, T> mappingFunction) {
      return delegate.youngest(entries(mappingFunction));
    }
  }

  /** Caffeine's variable expiration view presented as Larder's {@link Policy.VarExpiration}. */
  static final class VarExpirationView<K, V> implements Policy.VarExpiration<K, V> {
    final com.github.benmanes.caffeine.cache.Policy.VarExpiration<K, V> delegate;

    VarExpirationView(com.github.benmanes.caffeine.cache.Policy.VarExpiration<K, V> delegate) {
      this.delegate = delegate;
    }

    @Override
    public OptionalLong getExpiresAfter(K key, TimeUnit unit) {
      return delegate.getExpiresAfter(key, unit);
    }

    @Override
    public Optional<Duration> getExpiresAfter(K key) {
      return delegate.getExpiresAfter(key);
    }

    @Override
    public void setExpiresAfter(K key, long duration, TimeUnit unit) {
      delegate.setExpiresAfter(key, duration, unit);
    }

    @Override
    public void setExpiresAfter(K key, Duration duration) {
      delegate.setExpiresAfter(key, duration);
    }

    @Override
    public @Nullable V putIfAbsent(K key, V value, long duration, TimeUnit unit) {
      return delegate.putIfAbsent(key, value, duration, unit);
    }

    @Override
    public @Nullable V putIfAbsent(K key, V value, Duration duration) {
      return delegate.putIfAbsent(key, value, duration);
    }

    @Override
    public @Nullable V put(K key, V value, long duration, TimeUnit unit) {
      return delegate.put(key, value, duration, unit);
    }

    @Override
    public @Nullable V put(K key, V value, Duration duration) {
      return delegate.put(key, value, duration);
    }

    @Override
    public @Nullable V compute(
        K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction, Duration duration) {
      return delegate.compute(key, remappingFunction, duration);
    }

    @Override
    public Map<K, V> oldest(int limit) {
      return delegate.oldest(limit);
    }

    @Override
    public <T> T oldest(Function<Stream<Policy.CacheEntry<K, V>>, T> mappingFunction) {
      return delegate.oldest(entries(mappingFunction));
    }

    @Override
    public Map<K, V> youngest(int limit) {
      return delegate.youngest(limit);
    }

    @Override
    public <T> T youngest(Function<Stream<Policy.CacheEntry<K, V>>, T> mappingFunction) {
      return delegate.youngest(entries(mappingFunction));
    }
  }

  /** Caffeine's refresh-after-write view presented as Larder's {@link Policy.FixedRefresh}. */
  static final class FixedRefreshView<K, V> implements Policy.FixedRefresh<K, V> {
    final com.github.benmanes.caffeine.cache.Policy.FixedRefresh<K, V> delegate;

    FixedRefreshView(com.github.benmanes.caffeine.cache.Policy.FixedRefresh<K, V> delegate) {
      this.delegate = delegate;
    }

    @Override
    public OptionalLong ageOf(K key, TimeUnit unit) {
      return delegate.ageOf(key, unit);
    }

    @Override
    public Optional<Duration> ageOf(K key) {
      return delegate.ageOf(key);
    }

    @Override
    public long getRefreshesAfter(TimeUnit unit) {
      return delegate.getRefreshesAfter(unit);
    }

    @Override
    public Duration getRefreshesAfter() {
      return delegate.getRefreshesAfter();
    }

    @Override
    public void setRefreshesAfter(long duration, TimeUnit unit) {
      delegate.setRefreshesAfter(duration, unit);
    }

    @Override
    public void setRefreshesAfter(Duration duration) {
      delegate.setRefreshesAfter(duration);
    }
  }

  /**
   * Caffeine 3.2.4's policy entry presented as Larder's {@link Policy.CacheEntry}; equality, hash
   * code, {@code setValue} and the string form are Caffeine's own.
   */
  static final class EntrySnapshot<K, V> implements Policy.CacheEntry<K, V> {
    final com.github.benmanes.caffeine.cache.Policy.CacheEntry<K, V> entry;

    EntrySnapshot(com.github.benmanes.caffeine.cache.Policy.CacheEntry<K, V> entry) {
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
