package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Expiry;
import io.larder.cache.Policy;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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
 * The policy of an asynchronous cache, as Caffeine presents it: the storage's policy over futures,
 * with values shown as the futures' completed values and in-flight or failed futures left out of
 * every lookup and snapshot. Writes through the variable-expiration view store completed futures
 * and, like the synchronous map view, wait for an in-flight future of the key.
 */
final class AsyncPolicy<K, V> implements Policy<K, V> {
  private final LocalCache<K, CompletableFuture<V>> cache;
  private final Policy<K, CompletableFuture<V>> policy;

  AsyncPolicy(LocalCache<K, CompletableFuture<V>> cache) {
    this.cache = requireNonNull(cache);
    this.policy = cache.policy();
  }

  @Override
  public boolean isRecordingStats() {
    return policy.isRecordingStats();
  }

  @Override
  public @Nullable V getIfPresentQuietly(K key) {
    return FutureValues.getIfReady(policy.getIfPresentQuietly(key));
  }

  @Override
  public @Nullable CacheEntry<K, V> getEntryIfPresentQuietly(K key) {
    CacheEntry<K, CompletableFuture<V>> entry = policy.getEntryIfPresentQuietly(key);
    return (entry == null) ? null : completed(entry);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<K, CompletableFuture<V>> refreshes() {
    // The storage's reloads are futures of values, not of futures: its type is nominal
    return (Map<K, CompletableFuture<V>>) (Object) policy.refreshes();
  }

  @Override
  public Optional<Eviction<K, V>> eviction() {
    return policy.eviction().map(AsyncEviction::new);
  }

  @Override
  public Optional<FixedExpiration<K, V>> expireAfterAccess() {
    return policy.expireAfterAccess().map(AsyncFixedExpiration::new);
  }

  @Override
  public Optional<FixedExpiration<K, V>> expireAfterWrite() {
    return policy.expireAfterWrite().map(AsyncFixedExpiration::new);
  }

  @Override
  public Optional<VarExpiration<K, V>> expireVariably() {
    return policy.expireVariably().map(AsyncVarExpiration::new);
  }

  @Override
  public Optional<FixedRefresh<K, V>> refreshAfterWrite() {
    return policy.refreshAfterWrite().map(AsyncFixedRefresh::new);
  }

  /** Returns the entry with its future's completed value, or {@code null} if not completed. */
  static <K, V> @Nullable CacheEntry<K, V> completed(CacheEntry<K, CompletableFuture<V>> entry) {
    V value = FutureValues.getIfReady(entry.getValue());
    return (value == null) ? null : new CompletedEntry<>(entry, value);
  }

  /** Adapts a stream function over completed entries to the storage's entries of futures. */
  static <K, V, T> Function<Stream<CacheEntry<K, CompletableFuture<V>>>, T> overCompleted(
      Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
    requireNonNull(mappingFunction);
    return stream ->
        mappingFunction.apply(
            stream.map(AsyncPolicy::<K, V>completed).filter(Objects::nonNull).map(e -> e));
  }

  /** Returns the first {@code limit} entries of the stream, as Caffeine's size limiter does. */
  static <K, V> Function<Stream<CacheEntry<K, V>>, Map<K, V>> sizeLimiter(long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException();
    }
    return stream -> {
      var map = new LinkedHashMap<K, V>();
      stream.limit(limit).forEach(entry -> map.put(entry.getKey(), entry.getValue()));
      return Collections.unmodifiableMap(map);
    };
  }

  /** Returns the entries of the stream while their total weight stays within the limit. */
  static <K, V> Function<Stream<CacheEntry<K, V>>, Map<K, V>> weightLimiter(long weightLimit) {
    if (weightLimit < 0) {
      throw new IllegalArgumentException();
    }
    return stream -> {
      var map = new LinkedHashMap<K, V>();
      long[] weightedSize = {0L};
      stream
          .takeWhile(
              entry -> {
                weightedSize[0] = Math.addExact(weightedSize[0], entry.weight());
                return (weightedSize[0] <= weightLimit);
              })
          .forEach(entry -> map.put(entry.getKey(), entry.getValue()));
      return Collections.unmodifiableMap(map);
    };
  }

  /** A storage entry presented with its future's completed value. */
  static final class CompletedEntry<K, V> extends AbstractMap.SimpleImmutableEntry<K, V>
      implements CacheEntry<K, V> {
    private static final long serialVersionUID = 1L;

    private final int weight;
    private final long expiresAt;
    private final long refreshableAt;
    private final long snapshotAt;

    CompletedEntry(CacheEntry<K, ?> entry, V value) {
      super(entry.getKey(), value);
      this.weight = entry.weight();
      this.expiresAt = entry.expiresAt();
      this.refreshableAt = entry.refreshableAt();
      this.snapshotAt = entry.snapshotAt();
    }

    @Override
    public int weight() {
      return weight;
    }

    @Override
    public long expiresAt() {
      return expiresAt;
    }

    @Override
    public long refreshableAt() {
      return refreshableAt;
    }

    @Override
    public long snapshotAt() {
      return snapshotAt;
    }
  }

  private final class AsyncEviction implements Eviction<K, V> {
    private final Eviction<K, CompletableFuture<V>> delegate;

    AsyncEviction(Eviction<K, CompletableFuture<V>> delegate) {
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
      return coldest(sizeLimiter(limit));
    }

    @Override
    public Map<K, V> coldestWeighted(long weightLimit) {
      return coldest(isWeighted() ? weightLimiter(weightLimit) : sizeLimiter(weightLimit));
    }

    @Override
    public <T> T coldest(Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
      return delegate.coldest(overCompleted(mappingFunction));
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
      return delegate.hottest(overCompleted(mappingFunction));
    }
  }

  private final class AsyncFixedExpiration implements FixedExpiration<K, V> {
    private final FixedExpiration<K, CompletableFuture<V>> delegate;

    AsyncFixedExpiration(FixedExpiration<K, CompletableFuture<V>> delegate) {
      this.delegate = delegate;
    }

    @Override
    public OptionalLong ageOf(K key, TimeUnit unit) {
      return delegate.ageOf(key, unit);
    }

    @Override
    public long getExpiresAfter(TimeUnit unit) {
      return delegate.getExpiresAfter(unit);
    }

    @Override
    public void setExpiresAfter(long duration, TimeUnit unit) {
      delegate.setExpiresAfter(duration, unit);
    }

    @Override
    public Map<K, V> oldest(int limit) {
      return oldest(sizeLimiter(limit));
    }

    @Override
    public <T> T oldest(Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
      return delegate.oldest(overCompleted(mappingFunction));
    }

    @Override
    public Map<K, V> youngest(int limit) {
      return youngest(sizeLimiter(limit));
    }

    @Override
    public <T> T youngest(Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
      return delegate.youngest(overCompleted(mappingFunction));
    }
  }

  private final class AsyncVarExpiration implements VarExpiration<K, V> {
    private final VarExpiration<K, CompletableFuture<V>> delegate;

    AsyncVarExpiration(VarExpiration<K, CompletableFuture<V>> delegate) {
      this.delegate = delegate;
    }

    @Override
    public OptionalLong getExpiresAfter(K key, TimeUnit unit) {
      return delegate.getExpiresAfter(key, unit);
    }

    @Override
    public void setExpiresAfter(K key, long duration, TimeUnit unit) {
      delegate.setExpiresAfter(key, duration, unit);
    }

    @Override
    public @Nullable V put(K key, V value, long duration, TimeUnit unit) {
      requireNonNull(unit);
      requireNonNull(value);
      requireNonNegative(duration);
      CompletableFuture<V> oldValueFuture =
          delegate.put(key, CompletableFuture.completedFuture(value), duration, unit);
      return FutureValues.getWhenSuccessful(oldValueFuture);
    }

    @Override
    public @Nullable V putIfAbsent(K key, V value, long duration, TimeUnit unit) {
      requireNonNull(unit);
      requireNonNull(value);
      requireNonNegative(duration);
      var expiry = new AsyncSettings.AsyncExpiry<K, V>(new FixedExpireAfterWrite(duration, unit));
      return InFlightWrites.putIfAbsent(
          cache, key, CompletableFuture.completedFuture(value), expiry, /* quietRetries= */ false);
    }

    @Override
    public @Nullable V compute(
        K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction, Duration duration) {
      requireNonNull(key);
      requireNonNull(duration);
      requireNonNull(remappingFunction);
      if (duration.isNegative()) {
        throw new IllegalArgumentException("duration cannot be negative: " + duration);
      }
      var expiry =
          new AsyncSettings.AsyncExpiry<K, V>(
              new FixedExpireAfterWrite(toNanosSaturated(duration), TimeUnit.NANOSECONDS));

      @SuppressWarnings("NullAway") // as Caffeine, the function sees null if absent
      BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> function =
          remappingFunction;
      return InFlightWrites.compute(cache, key, function, expiry);
    }

    @Override
    public Map<K, V> oldest(int limit) {
      return oldest(sizeLimiter(limit));
    }

    @Override
    public <T> T oldest(Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
      return delegate.oldest(overCompleted(mappingFunction));
    }

    @Override
    public Map<K, V> youngest(int limit) {
      return youngest(sizeLimiter(limit));
    }

    @Override
    public <T> T youngest(Function<Stream<CacheEntry<K, V>>, T> mappingFunction) {
      return delegate.youngest(overCompleted(mappingFunction));
    }
  }

  private final class AsyncFixedRefresh implements FixedRefresh<K, V> {
    private final FixedRefresh<K, CompletableFuture<V>> delegate;

    AsyncFixedRefresh(FixedRefresh<K, CompletableFuture<V>> delegate) {
      this.delegate = delegate;
    }

    @Override
    public OptionalLong ageOf(K key, TimeUnit unit) {
      return delegate.ageOf(key, unit);
    }

    @Override
    public long getRefreshesAfter(TimeUnit unit) {
      return delegate.getRefreshesAfter(unit);
    }

    @Override
    public void setRefreshesAfter(long duration, TimeUnit unit) {
      delegate.setRefreshesAfter(duration, unit);
    }
  }

  private static long toNanosSaturated(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static void requireNonNegative(long duration) {
    if (duration < 0) {
      throw new IllegalArgumentException();
    }
  }

  /** An expiry that gives every write the same lifetime and leaves reads unchanged. */
  private static final class FixedExpireAfterWrite implements Expiry<Object, Object> {
    private final long nanos;

    FixedExpireAfterWrite(long duration, TimeUnit unit) {
      this.nanos = unit.toNanos(duration);
    }

    @Override
    public long expireAfterCreate(Object key, Object value, long currentTime) {
      return nanos;
    }

    @Override
    public long expireAfterUpdate(
        Object key, Object value, long currentTime, long currentDuration) {
      return nanos;
    }

    @Override
    public long expireAfterRead(Object key, Object value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
