package io.larder.cache;

import static io.larder.cache.Durations.toNanosSaturated;

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
 * An access point for inspecting and performing low-level operations based on the cache's runtime
 * characteristics. Optional views are empty when the cache was not built with that feature.
 */
public interface Policy<K, V> {

  /** Returns whether the cache statistics are being accumulated. */
  boolean isRecordingStats();

  /**
   * Returns the value associated with the {@code key}, or {@code null}, without side effects: no
   * statistics, no change to the eviction or expiration order.
   */
  @Nullable V getIfPresentQuietly(K key);

  /**
   * Returns the entry and its metadata for the {@code key}, or {@code null}, without side effects
   * on the cache's policy.
   */
  default @Nullable CacheEntry<K, V> getEntryIfPresentQuietly(K key) {
    throw new UnsupportedOperationException();
  }

  /** Returns an unmodifiable snapshot of the reloads in flight, by key. */
  Map<K, CompletableFuture<V>> refreshes();

  /** Returns access to the size or weight bound, if the cache has one. */
  Optional<Eviction<K, V>> eviction();

  /** Returns access to the fixed expire-after-access policy, if the cache has one. */
  Optional<FixedExpiration<K, V>> expireAfterAccess();

  /** Returns access to the fixed expire-after-write policy, if the cache has one. */
  Optional<FixedExpiration<K, V>> expireAfterWrite();

  /** Returns access to the variable expiration policy, if the cache has one. */
  Optional<VarExpiration<K, V>> expireVariably();

  /** Returns access to the refresh-after-write policy, if the cache has one. */
  Optional<FixedRefresh<K, V>> refreshAfterWrite();

  /** The low-level operations for a cache with a size or weight bound. */
  interface Eviction<K, V> {

    /** Returns whether the cache is bounded by a maximum size or by a maximum weight. */
    boolean isWeighted();

    /** Returns the weight of the entry, if present and the cache is weighted. */
    OptionalInt weightOf(K key);

    /** Returns the approximate accumulated weight of entries, if the cache is weighted. */
    OptionalLong weightedSize();

    /** Returns the maximum total weighted or unweighted size of this cache. */
    long getMaximum();

    /** Specifies the maximum total size of this cache, evicting at once if it now exceeds it. */
    void setMaximum(long maximum);

    /** Returns an unmodifiable snapshot of up to {@code limit} entries, coldest first. */
    Map<K, V> coldest(int limit);

    /** Returns an unmodifiable snapshot of the coldest entries whose weights sum to the limit. */
    default Map<K, V> coldestWeighted(long weightLimit) {
      throw new UnsupportedOperationException();
    }

    /** Applies the function to a stream of entries, coldest first. */
    default <T> T coldest(Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
      throw new UnsupportedOperationException();
    }

    /** Returns an unmodifiable snapshot of up to {@code limit} entries, hottest first. */
    Map<K, V> hottest(int limit);

    /** Returns an unmodifiable snapshot of the hottest entries whose weights sum to the limit. */
    default Map<K, V> hottestWeighted(long weightLimit) {
      throw new UnsupportedOperationException();
    }

    /** Applies the function to a stream of entries, hottest first. */
    default <T> T hottest(Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
      throw new UnsupportedOperationException();
    }
  }

  /** The low-level operations for a cache with a fixed expiration policy. */
  interface FixedExpiration<K, V> {

    /** Returns the age of the entry based on the expiration policy, if present. */
    OptionalLong ageOf(K key, TimeUnit unit);

    /** Returns the age of the entry based on the expiration policy, if present. */
    default Optional<Duration> ageOf(K key) {
      OptionalLong duration = ageOf(key, TimeUnit.NANOSECONDS);
      return duration.isPresent()
          ? Optional.of(Duration.ofNanos(duration.getAsLong()))
          : Optional.empty();
    }

    /** Returns the fixed duration used to determine if an entry should be expired. */
    long getExpiresAfter(TimeUnit unit);

    /** Returns the fixed duration used to determine if an entry should be expired. */
    default Duration getExpiresAfter() {
      return Duration.ofNanos(getExpiresAfter(TimeUnit.NANOSECONDS));
    }

    /** Specifies a new fixed duration, applied to existing entries too. */
    void setExpiresAfter(long duration, TimeUnit unit);

    /** Specifies a new fixed duration, applied to existing entries too. */
    default void setExpiresAfter(Duration duration) {
      setExpiresAfter(toNanosSaturated(duration), TimeUnit.NANOSECONDS);
    }

    /**
     * Returns an unmodifiable snapshot of up to {@code limit} entries, closest to expiring first.
     */
    Map<K, V> oldest(int limit);

    /** Applies the function to a stream of entries, closest to expiring first. */
    default <T> T oldest(Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
      throw new UnsupportedOperationException();
    }

    /**
     * Returns an unmodifiable snapshot of up to {@code limit} entries, furthest from expiring
     * first.
     */
    Map<K, V> youngest(int limit);

    /** Applies the function to a stream of entries, furthest from expiring first. */
    default <T> T youngest(Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
      throw new UnsupportedOperationException();
    }
  }

  /** The low-level operations for a cache with a variable expiration policy. */
  interface VarExpiration<K, V> {

    /** Returns the duration until the entry should be automatically removed, if present. */
    OptionalLong getExpiresAfter(K key, TimeUnit unit);

    /** Returns the duration until the entry should be automatically removed, if present. */
    default Optional<Duration> getExpiresAfter(K key) {
      OptionalLong duration = getExpiresAfter(key, TimeUnit.NANOSECONDS);
      return duration.isPresent()
          ? Optional.of(Duration.ofNanos(duration.getAsLong()))
          : Optional.empty();
    }

    /** Specifies that the entry should be automatically removed after the duration, if present. */
    void setExpiresAfter(K key, long duration, TimeUnit unit);

    /** Specifies that the entry should be automatically removed after the duration, if present. */
    default void setExpiresAfter(K key, Duration duration) {
      setExpiresAfter(key, toNanosSaturated(duration), TimeUnit.NANOSECONDS);
    }

    /**
     * Associates the value with the key, expiring after the duration, if the key is absent; returns
     * the present value otherwise.
     */
    @Nullable V putIfAbsent(K key, V value, long duration, TimeUnit unit);

    /**
     * Associates the value with the key, expiring after the duration, if the key is absent; returns
     * the present value otherwise.
     */
    default @Nullable V putIfAbsent(K key, V value, Duration duration) {
      return putIfAbsent(key, value, toNanosSaturated(duration), TimeUnit.NANOSECONDS);
    }

    /** Associates the value with the key, expiring after the duration; returns the old value. */
    @Nullable V put(K key, V value, long duration, TimeUnit unit);

    /** Associates the value with the key, expiring after the duration; returns the old value. */
    default @Nullable V put(K key, V value, Duration duration) {
      return put(key, value, toNanosSaturated(duration), TimeUnit.NANOSECONDS);
    }

    /** Computes a new mapping that expires after the duration; {@code null} removes the entry. */
    default @Nullable V compute(
        K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction, Duration duration) {
      throw new UnsupportedOperationException();
    }

    /**
     * Returns an unmodifiable snapshot of up to {@code limit} entries, closest to expiring first.
     */
    Map<K, V> oldest(int limit);

    /** Applies the function to a stream of entries, closest to expiring first. */
    default <T> T oldest(Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
      throw new UnsupportedOperationException();
    }

    /**
     * Returns an unmodifiable snapshot of up to {@code limit} entries, furthest from expiring
     * first.
     */
    Map<K, V> youngest(int limit);

    /** Applies the function to a stream of entries, furthest from expiring first. */
    default <T> T youngest(Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
      throw new UnsupportedOperationException();
    }
  }

  /** The low-level operations for a cache with a refresh-after-write policy. */
  interface FixedRefresh<K, V> {

    /** Returns the age of the entry based on the refresh policy, if present. */
    OptionalLong ageOf(K key, TimeUnit unit);

    /** Returns the age of the entry based on the refresh policy, if present. */
    default Optional<Duration> ageOf(K key) {
      OptionalLong duration = ageOf(key, TimeUnit.NANOSECONDS);
      return duration.isPresent()
          ? Optional.of(Duration.ofNanos(duration.getAsLong()))
          : Optional.empty();
    }

    /** Returns the fixed duration after which an entry is eligible for refresh. */
    long getRefreshesAfter(TimeUnit unit);

    /** Returns the fixed duration after which an entry is eligible for refresh. */
    default Duration getRefreshesAfter() {
      return Duration.ofNanos(getRefreshesAfter(TimeUnit.NANOSECONDS));
    }

    /** Specifies a new fixed refresh duration. */
    void setRefreshesAfter(long duration, TimeUnit unit);

    /** Specifies a new fixed refresh duration. */
    default void setRefreshesAfter(Duration duration) {
      setRefreshesAfter(toNanosSaturated(duration), TimeUnit.NANOSECONDS);
    }
  }

  /** A key-value pair with its policy metadata, as captured at {@link #snapshotAt()}. */
  interface CacheEntry<K, V> extends Map.Entry<K, V> {

    /** Returns the entry's weight; {@code 1} if the cache does not use a weigher. */
    int weight();

    /** Returns the ticker time at which the entry expires; far in the future if it does not. */
    long expiresAt();

    /** Returns the time left until the entry expires, as seen at the snapshot. */
    default Duration expiresAfter() {
      return Duration.ofNanos(expiresAt() - snapshotAt());
    }

    /** Returns the ticker time at which the entry becomes eligible for refresh. */
    long refreshableAt();

    /**
     * Returns the time left until the entry becomes eligible for refresh, as seen at the snapshot.
     */
    default Duration refreshableAfter() {
      return Duration.ofNanos(refreshableAt() - snapshotAt());
    }

    /** Returns the ticker time at which this snapshot was taken. */
    long snapshotAt();
  }
}
