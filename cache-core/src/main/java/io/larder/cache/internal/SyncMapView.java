package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.CacheInsight;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The {@code asMap()} view of an asynchronous cache's {@code synchronous()} view: a map of the
 * completed values, as Caffeine's.
 *
 * <p>An in-flight future is invisible to reads, iteration, {@code containsKey} and {@code
 * equals}, but still counted by {@code size()}. A conditional write ({@code putIfAbsent}, {@code
 * replace}, {@code remove(key, value)}, {@code compute*}, {@code merge}) waits for an in-flight
 * future of its key to complete, then decides under the storage's per-key lock; if another writer
 * installed a new in-flight future meanwhile, it waits again. A failed future counts as absent.
 */
final class SyncMapView<K, V> implements ConcurrentMap<K, V>, CacheInsight.InsightSource {
  private final LocalAsyncCache<K, V> asyncCache;
  private final LocalCache<K, CompletableFuture<V>> delegate;

  private @Nullable Set<K> keys;
  private @Nullable Collection<V> values;
  private @Nullable Set<Entry<K, V>> entries;

  SyncMapView(LocalAsyncCache<K, V> asyncCache) {
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
    return InFlightWrites.putIfAbsent(delegate, key, CompletableFuture.completedFuture(value),
        delegate.expiry(), /* quietRetries= */ true);
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
                    && (!valueFuture.isDone()
                        || (FutureValues.getIfReady(valueFuture) != null))) {
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
      view = new KeySet();
      keys = view;
    }
    return view;
  }

  @Override
  public Collection<V> values() {
    Collection<V> view = values;
    if (view == null) {
      view = new Values();
      values = view;
    }
    return view;
  }

  @Override
  public Set<Entry<K, V>> entrySet() {
    Set<Entry<K, V>> view = entries;
    if (view == null) {
      view = new EntrySet();
      entries = view;
    }
    return view;
  }

  /** Passes each completed mapping to {@code visitor} until it returns {@code false}. */
  private boolean forEachWhile(BiPredicate<? super K, ? super V> visitor) {
    for (var iterator = new EntryIterator(); iterator.hasNext(); ) {
      var entry = iterator.next();
      if (!visitor.test(entry.getKey(), entry.getValue())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return MapEquality.equals(this, size(), this::forEachWhile, o);
  }

  @Override
  public int hashCode() {
    return MapEquality.hashCode(this::forEachWhile);
  }

  @Override
  public String toString() {
    return MapEquality.toString(this, this::forEachWhile);
  }

  /** An entry of completed value whose {@code setValue} writes through to the cache. */
  private final class WriteThroughEntry extends AbstractMap.SimpleEntry<K, V> {
    private static final long serialVersionUID = 1L;

    WriteThroughEntry(K key, V value) {
      super(key, value);
    }

    @Override
    public V setValue(V value) {
      requireNonNull(value);
      put(getKey(), value);
      return super.setValue(value);
    }
  }

  private final class KeySet extends AbstractSet<K> {
    @Override
    public boolean isEmpty() {
      return SyncMapView.this.isEmpty();
    }

    @Override
    public int size() {
      return SyncMapView.this.size();
    }

    @Override
    public void clear() {
      SyncMapView.this.clear();
    }

    @Override
    public boolean contains(Object o) {
      return SyncMapView.this.containsKey(o);
    }

    @Override
    public boolean removeAll(Collection<?> collection) {
      return delegate.keySet().removeAll(collection);
    }

    @Override
    public boolean remove(Object o) {
      return delegate.keySet().remove(o);
    }

    @Override
    public boolean removeIf(Predicate<? super K> filter) {
      return delegate.keySet().removeIf(filter);
    }

    @Override
    public boolean retainAll(Collection<?> collection) {
      return delegate.keySet().retainAll(collection);
    }

    @Override
    public Iterator<K> iterator() {
      var iterator = new EntryIterator();
      return new Iterator<K>() {
        @Override
        public boolean hasNext() {
          return iterator.hasNext();
        }

        @Override
        public K next() {
          return iterator.next().getKey();
        }

        @Override
        public void remove() {
          iterator.remove();
        }
      };
    }

    @Override
    public Spliterator<K> spliterator() {
      return new MappedSpliterator<>(
          new EntrySpliterator(), Entry::getKey, Spliterator.DISTINCT | Spliterator.NONNULL);
    }
  }

  private final class Values extends AbstractCollection<V> {
    @Override
    public boolean isEmpty() {
      return SyncMapView.this.isEmpty();
    }

    @Override
    public int size() {
      return SyncMapView.this.size();
    }

    @Override
    public void clear() {
      SyncMapView.this.clear();
    }

    @Override
    public boolean contains(Object o) {
      return SyncMapView.this.containsValue(o);
    }

    @Override
    public boolean removeAll(Collection<?> collection) {
      requireNonNull(collection);
      boolean modified = false;
      for (var entry : delegate.entrySet()) {
        V value = FutureValues.getIfReady(entry.getValue());
        if ((value != null)
            && collection.contains(value)
            && SyncMapView.this.remove(entry.getKey(), value)) {
          modified = true;
        }
      }
      return modified;
    }

    @Override
    public boolean remove(@Nullable Object o) {
      if (o == null) {
        return false;
      }
      for (var entry : delegate.entrySet()) {
        V value = FutureValues.getIfReady(entry.getValue());
        if ((value != null) && value.equals(o) && SyncMapView.this.remove(entry.getKey(), value)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean removeIf(Predicate<? super V> filter) {
      requireNonNull(filter);
      return delegate
          .values()
          .removeIf(
              future -> {
                V value = FutureValues.getIfReady(future);
                return (value != null) && filter.test(value);
              });
    }

    @Override
    public boolean retainAll(Collection<?> collection) {
      requireNonNull(collection);
      boolean modified = false;
      for (var entry : delegate.entrySet()) {
        V value = FutureValues.getIfReady(entry.getValue());
        if ((value != null)
            && !collection.contains(value)
            && SyncMapView.this.remove(entry.getKey(), value)) {
          modified = true;
        }
      }
      return modified;
    }

    @Override
    public void forEach(Consumer<? super V> action) {
      requireNonNull(action);
      delegate
          .values()
          .forEach(
              future -> {
                V value = FutureValues.getIfReady(future);
                if (value != null) {
                  action.accept(value);
                }
              });
    }

    @Override
    public Iterator<V> iterator() {
      var iterator = new EntryIterator();
      return new Iterator<V>() {
        @Override
        public boolean hasNext() {
          return iterator.hasNext();
        }

        @Override
        public V next() {
          return iterator.next().getValue();
        }

        @Override
        public void remove() {
          iterator.remove();
        }
      };
    }

    @Override
    public Spliterator<V> spliterator() {
      return new MappedSpliterator<>(new EntrySpliterator(), Entry::getValue, Spliterator.NONNULL);
    }
  }

  private final class EntrySet extends AbstractSet<Entry<K, V>> {
    @Override
    public boolean isEmpty() {
      return SyncMapView.this.isEmpty();
    }

    @Override
    public int size() {
      return SyncMapView.this.size();
    }

    @Override
    public void clear() {
      SyncMapView.this.clear();
    }

    @Override
    public boolean contains(Object o) {
      if (!(o instanceof Entry<?, ?>)) {
        return false;
      }
      var entry = (Entry<?, ?>) o;
      Object key = entry.getKey();
      Object value = entry.getValue();
      if ((key == null) || (value == null)) {
        return false;
      }
      V cachedValue = SyncMapView.this.get(key);
      return (cachedValue != null) && cachedValue.equals(value);
    }

    @Override
    public boolean removeAll(Collection<?> collection) {
      requireNonNull(collection);
      boolean modified = false;
      if (delegate.settings().weakKeys()
          || ((collection instanceof Set<?>) && (collection.size() > size()))) {
        for (var entry : this) {
          if (collection.contains(entry)) {
            modified |= remove(entry);
          }
        }
      } else {
        for (var o : collection) {
          modified |= remove(o);
        }
      }
      return modified;
    }

    @Override
    public boolean remove(Object obj) {
      if (!(obj instanceof Entry<?, ?>)) {
        return false;
      }
      var entry = (Entry<?, ?>) obj;
      Object key = entry.getKey();
      return (key != null) && SyncMapView.this.remove(key, entry.getValue());
    }

    @Override
    public boolean removeIf(Predicate<? super Entry<K, V>> filter) {
      requireNonNull(filter);
      boolean modified = false;
      for (Entry<K, V> entry : this) {
        if (filter.test(entry)) {
          modified |= SyncMapView.this.remove(entry.getKey(), entry.getValue());
        }
      }
      return modified;
    }

    @Override
    public boolean retainAll(Collection<?> collection) {
      requireNonNull(collection);
      boolean modified = false;
      for (var entry : this) {
        if (!collection.contains(entry) && remove(entry)) {
          modified = true;
        }
      }
      return modified;
    }

    @Override
    public Iterator<Entry<K, V>> iterator() {
      return new EntryIterator();
    }

    @Override
    public Spliterator<Entry<K, V>> spliterator() {
      return new EntrySpliterator();
    }
  }

  /** Iterates over the entries whose futures have completed with a value. */
  private final class EntryIterator implements Iterator<Entry<K, V>> {
    private final Iterator<Entry<K, CompletableFuture<V>>> iterator;
    private @Nullable Entry<K, V> cursor;
    private @Nullable K removalKey;

    EntryIterator() {
      this.iterator = delegate.entrySet().iterator();
    }

    @Override
    public boolean hasNext() {
      while ((cursor == null) && iterator.hasNext()) {
        Entry<K, CompletableFuture<V>> entry = iterator.next();
        V value = FutureValues.getIfReady(entry.getValue());
        if (value != null) {
          cursor = new WriteThroughEntry(entry.getKey(), value);
        }
      }
      return (cursor != null);
    }

    @Override
    public Entry<K, V> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Entry<K, V> entry = requireNonNull(cursor);
      removalKey = entry.getKey();
      cursor = null;
      return entry;
    }

    @Override
    public void remove() {
      K key = removalKey;
      if (key == null) {
        throw new IllegalStateException();
      }
      delegate.remove(key);
      removalKey = null;
    }
  }

  /** Splits over the entries whose futures have completed with a value. */
  private final class EntrySpliterator implements Spliterator<Entry<K, V>> {
    private final Spliterator<Entry<K, CompletableFuture<V>>> spliterator;

    EntrySpliterator() {
      this(delegate.entrySet().spliterator());
    }

    EntrySpliterator(Spliterator<Entry<K, CompletableFuture<V>>> spliterator) {
      this.spliterator = requireNonNull(spliterator);
    }

    @Override
    public void forEachRemaining(Consumer<? super Entry<K, V>> action) {
      requireNonNull(action);
      spliterator.forEachRemaining(
          entry -> {
            V value = FutureValues.getIfReady(entry.getValue());
            if (value != null) {
              action.accept(new WriteThroughEntry(entry.getKey(), value));
            }
          });
    }

    @Override
    public boolean tryAdvance(Consumer<? super Entry<K, V>> action) {
      requireNonNull(action);
      boolean[] advanced = {false};
      Consumer<Entry<K, CompletableFuture<V>>> consumer =
          entry -> {
            V value = FutureValues.getIfReady(entry.getValue());
            if (value != null) {
              action.accept(new WriteThroughEntry(entry.getKey(), value));
              advanced[0] = true;
            }
          };
      while (spliterator.tryAdvance(consumer)) {
        if (advanced[0]) {
          return true;
        }
      }
      return false;
    }

    @Override
    public @Nullable Spliterator<Entry<K, V>> trySplit() {
      Spliterator<Entry<K, CompletableFuture<V>>> split = spliterator.trySplit();
      return (split == null) ? null : new EntrySpliterator(split);
    }

    @Override
    public long estimateSize() {
      return spliterator.estimateSize();
    }

    @Override
    public int characteristics() {
      return DISTINCT | CONCURRENT | NONNULL;
    }
  }

  /** A spliterator of the keys or values of an entry spliterator. */
  private static final class MappedSpliterator<E, T> implements Spliterator<T> {
    private final Spliterator<E> spliterator;
    private final Function<E, T> mapper;
    private final int characteristics;

    MappedSpliterator(Spliterator<E> spliterator, Function<E, T> mapper, int characteristics) {
      this.spliterator = spliterator;
      this.mapper = mapper;
      this.characteristics = characteristics | CONCURRENT;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      requireNonNull(action);
      return spliterator.tryAdvance(e -> action.accept(mapper.apply(e)));
    }

    @Override
    public void forEachRemaining(Consumer<? super T> action) {
      requireNonNull(action);
      spliterator.forEachRemaining(e -> action.accept(mapper.apply(e)));
    }

    @Override
    public @Nullable Spliterator<T> trySplit() {
      Spliterator<E> split = spliterator.trySplit();
      return (split == null) ? null : new MappedSpliterator<>(split, mapper, characteristics);
    }

    @Override
    public long estimateSize() {
      return spliterator.estimateSize();
    }

    @Override
    public int characteristics() {
      return characteristics;
    }
  }
}
