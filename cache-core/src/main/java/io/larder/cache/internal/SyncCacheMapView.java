package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.CacheInsight;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The {@code asMap()} view of an asynchronous cache's {@code synchronous()} view: a map of the
 * completed values, as Caffeine's.
 *
 * <p>An in-flight future is invisible to reads, iteration, {@code containsKey} and {@code equals},
 * but still counted by {@code size()}. A conditional write ({@code putIfAbsent}, {@code replace},
 * {@code remove(key, value)}, {@code compute*}, {@code merge}) waits for an in-flight future of its
 * key to complete, then decides under the storage's per-key lock; if another writer installed a new
 * in-flight future meanwhile, it waits again (see {@link InFlightWrites}). A failed future counts
 * as absent. Its key, value and entry views are {@link MapViews}; what they see of this map, and
 * which of their removals reach in-flight entries, is at the end of this class.
 */
final class SyncCacheMapView<K, V>
    implements ConcurrentMap<K, V>, MapViewSource<K, V>, CacheInsight.InsightSource {
  private final LocalAsyncCache<K, V> asyncCache;
  final LocalCache<K, CompletableFuture<V>> delegate;

  private @Nullable Set<K> keys;
  private @Nullable Collection<V> values;
  private @Nullable Set<Entry<K, V>> entries;

  SyncCacheMapView(LocalAsyncCache<K, V> asyncCache) {
    this.asyncCache = requireNonNull(asyncCache);
    this.delegate = asyncCache.cache();
  }

  @Override
  public CacheInsight insight() {
    return asyncCache.insight();
  }

  @Override
  public boolean isEmpty() {
    return delegate.isEmpty();
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public void clear() {
    delegate.clear();
  }

  @Override
  public boolean containsKey(Object key) {
    return FutureValues.isReady(delegate.getIfPresentQuietly(key));
  }

  @Override
  public boolean containsValue(Object value) {
    requireNonNull(value);
    for (CompletableFuture<V> valueFuture : delegate.values()) {
      if (value.equals(FutureValues.getIfReady(valueFuture))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public @Nullable V get(Object key) {
    return FutureValues.getIfReady(delegate.get(key));
  }

  @Override
  public @Nullable V putIfAbsent(K key, V value) {
    requireNonNull(value);
    return InFlightWrites.putIfAbsent(
        delegate,
        key,
        CompletableFuture.completedFuture(value),
        delegate.expiry(),
        /* quietRetries= */ true);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    map.forEach(this::put);
  }

  @Override
  public @Nullable V put(K key, V value) {
    requireNonNull(value);
    CompletableFuture<V> oldValueFuture =
        delegate.put(key, CompletableFuture.completedFuture(value));
    return FutureValues.getWhenSuccessful(oldValueFuture);
  }

  @Override
  public @Nullable V remove(Object key) {
    CompletableFuture<V> oldValueFuture = delegate.remove(key);
    return FutureValues.getWhenSuccessful(oldValueFuture);
  }

  @Override
  public boolean remove(Object key, @Nullable Object value) {
    requireNonNull(key);
    if (value == null) {
      return false;
    }

    @SuppressWarnings("unchecked")
    K castedKey = (K) key;
    boolean[] done = {false};
    boolean[] removed = {false};
    CompletableFuture<V> future = null;
    for (; ; ) {
      future = (future == null) ? delegate.get(castedKey) : delegate.getIfPresentQuietly(castedKey);
      if (!FutureValues.isReady(future)) {
        return false;
      }

      delegate.compute(
          castedKey,
          (k, oldValueFuture) -> {
            if (oldValueFuture == null) {
              done[0] = true;
              return null;
            } else if (!oldValueFuture.isDone()) {
              return oldValueFuture;
            }
            done[0] = true;
            V oldValue = FutureValues.getIfReady(oldValueFuture);
            removed[0] = Objects.equals(value, oldValue);
            return ((oldValue == null) || removed[0]) ? null : oldValueFuture;
          },
          delegate.expiry(),
          /* recordLoad= */ false,
          /* recordLoadFailure= */ true);

      if (done[0]) {
        return removed[0];
      }
    }
  }

  @Override
  public @Nullable V replace(K key, V value) {
    requireNonNull(value);
    @SuppressWarnings("unchecked")
    @Nullable V[] oldValue = (@Nullable V[]) new Object[1];
    boolean[] done = {false};
    for (; ; ) {
      CompletableFuture<V> future = delegate.getIfPresentQuietly(key);
      if ((future == null) || future.isCompletedExceptionally()) {
        return null;
      }

      FutureValues.getWhenSuccessful(future);
      delegate.compute(
          key,
          (k, oldValueFuture) -> {
            if (oldValueFuture == null) {
              done[0] = true;
              return null;
            } else if (!oldValueFuture.isDone()) {
              return oldValueFuture;
            }
            done[0] = true;
            oldValue[0] = FutureValues.getIfReady(oldValueFuture);
            return (oldValue[0] == null) ? null : CompletableFuture.completedFuture(value);
          },
          delegate.expiry(),
          /* recordLoad= */ false,
          /* recordLoadFailure= */ false);

      if (done[0]) {
        return oldValue[0];
      }
    }
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    requireNonNull(oldValue);
    requireNonNull(newValue);
    boolean[] done = {false};
    boolean[] replaced = {false};
    for (; ; ) {
      CompletableFuture<V> future = delegate.getIfPresentQuietly(key);
      if ((future == null) || future.isCompletedExceptionally()) {
        return false;
      }

      FutureValues.getWhenSuccessful(future);
      delegate.compute(
          key,
          (k, oldValueFuture) -> {
            if (oldValueFuture == null) {
              done[0] = true;
              return null;
            } else if (!oldValueFuture.isDone()) {
              return oldValueFuture;
            }
            done[0] = true;
            replaced[0] = Objects.equals(oldValue, FutureValues.getIfReady(oldValueFuture));
            return replaced[0] ? CompletableFuture.completedFuture(newValue) : oldValueFuture;
          },
          delegate.expiry(),
          /* recordLoad= */ false,
          /* recordLoadFailure= */ false);

      if (done[0]) {
        return replaced[0];
      }
    }
  }

  @Override
  public @Nullable V computeIfAbsent(
      K key, Function<? super K, ? extends @Nullable V> mappingFunction) {
    requireNonNull(mappingFunction);
    CompletableFuture<V> priorFuture = null;
    for (; ; ) {
      priorFuture = (priorFuture == null) ? delegate.get(key) : delegate.getIfPresentQuietly(key);
      if (priorFuture != null) {
        if (!priorFuture.isDone()) {
          FutureValues.getWhenSuccessful(priorFuture);
          continue;
        }
        V prior = FutureValues.getWhenSuccessful(priorFuture);
        if (prior != null) {
          delegate.statsCounter().recordHits(1);
          return prior;
        }
      }

      @SuppressWarnings({"rawtypes", "unchecked"})
      @Nullable CompletableFuture<V>[] future = new CompletableFuture[1];
      CompletableFuture<V> computed =
          delegate.compute(
              key,
              (k, valueFuture) -> {
                if ((valueFuture != null)
                    && (!valueFuture.isDone() || (FutureValues.getIfReady(valueFuture) != null))) {
                  return valueFuture;
                }
                V newValue =
                    delegate.<K, V>statsAware(mappingFunction, /* recordLoad= */ true).apply(key);
                if (newValue == null) {
                  return null;
                }
                future[0] = CompletableFuture.completedFuture(newValue);
                return future[0];
              },
              delegate.expiry(),
              /* recordLoad= */ false,
              /* recordLoadFailure= */ false);

      V result = FutureValues.getWhenSuccessful(computed);
      if ((computed == future[0]) || (result != null)) {
        return result;
      }
    }
  }

  @Override
  public @Nullable V computeIfPresent(
      K key, BiFunction<? super K, ? super V, ? extends @Nullable V> remappingFunction) {
    requireNonNull(remappingFunction);
    @SuppressWarnings("unchecked")
    @Nullable V[] newValue = (@Nullable V[]) new Object[1];
    for (; ; ) {
      FutureValues.getWhenSuccessful(delegate.getIfPresentQuietly(key));

      CompletableFuture<V> valueFuture =
          delegate.computeIfPresent(
              key,
              (k, oldValueFuture) -> {
                if (!oldValueFuture.isDone()) {
                  return oldValueFuture;
                }
                V oldValue = FutureValues.getIfReady(oldValueFuture);
                if (oldValue == null) {
                  return null;
                }
                newValue[0] = remappingFunction.apply(key, oldValue);
                return (newValue[0] == null)
                    ? null
                    : CompletableFuture.completedFuture(newValue[0]);
              });

      if (newValue[0] != null) {
        return newValue[0];
      } else if (valueFuture == null) {
        return null;
      }
    }
  }

  @Override
  public @Nullable V compute(
      K key, BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> remappingFunction) {
    requireNonNull(remappingFunction);
    return InFlightWrites.compute(delegate, key, remappingFunction, delegate.expiry());
  }

  @Override
  public @Nullable V merge(
      K key, V value, BiFunction<? super V, ? super V, ? extends @Nullable V> remappingFunction) {
    requireNonNull(value);
    requireNonNull(remappingFunction);
    CompletableFuture<V> newValueFuture = CompletableFuture.completedFuture(value);
    boolean[] merged = {false};
    for (; ; ) {
      FutureValues.getWhenSuccessful(delegate.getIfPresentQuietly(key));

      CompletableFuture<V> mergedValueFuture =
          delegate.merge(
              key,
              newValueFuture,
              (oldValueFuture, valueFuture) -> {
                if (!oldValueFuture.isDone()) {
                  return oldValueFuture;
                }
                merged[0] = true;
                V oldValue = FutureValues.getIfReady(oldValueFuture);
                if (oldValue == null) {
                  return valueFuture;
                }
                V mergedValue = remappingFunction.apply(oldValue, value);
                if (mergedValue == null) {
                  return null;
                } else if (mergedValue == oldValue) {
                  return oldValueFuture;
                } else if (mergedValue == value) {
                  return valueFuture;
                }
                return CompletableFuture.completedFuture(mergedValue);
              });

      if (merged[0] || (mergedValueFuture == newValueFuture)) {
        return FutureValues.getWhenSuccessful(mergedValueFuture);
      }
    }
  }

  @Override
  public Set<K> keySet() {
    Set<K> view = keys;
    if (view == null) {
      view = new MapViews.KeySetView<>(this);
      keys = view;
    }
    return view;
  }

  @Override
  public Collection<V> values() {
    Collection<V> view = values;
    if (view == null) {
      view = new MapViews.ValuesView<>(this);
      values = view;
    }
    return view;
  }

  @Override
  public Set<Entry<K, V>> entrySet() {
    Set<Entry<K, V>> view = entries;
    if (view == null) {
      view = new MapViews.EntrySetView<>(this);
      entries = view;
    }
    return view;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return MapEquality.equals(this, size(), this::forEachMappingWhile, o);
  }

  @Override
  public int hashCode() {
    return MapEquality.hashCode(this::forEachMappingWhile);
  }

  @Override
  public String toString() {
    return MapEquality.toString(this, this::forEachMappingWhile);
  }

  /* ---- The map views' source (MapViews): the completed mappings; key removals reach all ---- */

  @Override
  public boolean containsEntry(Object key, Object value) {
    V cachedValue = get(key);
    return (cachedValue != null) && cachedValue.equals(value);
  }

  /** Removes the key's entry, completed or in flight, as the storage's key set does. */
  @Override
  public boolean removeKey(Object key) {
    return delegate.remove(key) != null;
  }

  @Override
  public MapViewSource.Cursor<K, V> mappings() {
    return new MapViews.EntryCursor<>(delegate.entrySet().iterator(), FutureValues::getIfReady);
  }

  @Override
  public <T> Spliterator<T> spliterator(
      BiFunction<? super K, ? super V, ? extends T> presenter, int characteristics) {
    return MapViews.ViewSpliterator.overEntries(
        delegate.entrySet().spliterator(), FutureValues::getIfReady, presenter, characteristics);
  }

  @Override
  public boolean scansForRemoveAll(Collection<?> collection) {
    return delegate.settings().weakKeys() || MapViewSource.super.scansForRemoveAll(collection);
  }

  /** Removes through the storage's key set, in-flight entries included, as Caffeine's. */
  @Override
  public boolean removeAllKeys(Collection<?> keys) {
    return delegate.keySet().removeAll(keys);
  }

  /** Removes through the storage's key set, in-flight entries included, as Caffeine's. */
  @Override
  public boolean removeKeysIf(Predicate<? super K> filter) {
    return delegate.keySet().removeIf(filter);
  }

  /** Removes the completed futures whose values pass, each on its own future, as Caffeine's. */
  @Override
  public boolean removeValuesIf(Predicate<? super V> filter) {
    requireNonNull(filter);
    return delegate
        .values()
        .removeIf(
            future -> {
              V value = FutureValues.getIfReady(future);
              return (value != null) && filter.test(value);
            });
  }

  /**
   * Compares as Caffeine's view of an async cache: the value's {@code equals}, not the argument's.
   */
  @Override
  public boolean valueMatches(Object wanted, V value) {
    return value.equals(wanted);
  }
}
