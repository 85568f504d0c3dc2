package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map.Entry;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The {@code keySet()}, {@code values()} and {@code entrySet()} views of a {@link
 * SyncCacheMapView}, with their iterators and spliterators: they show the entries whose futures
 * completed with a value, and write through the map view (or its storage) so that listeners and the
 * policy see every change.
 */
final class SyncCacheMapViews {
  private SyncCacheMapViews() {}

  /** An entry of completed value whose {@code setValue} writes through to the cache. */
  @SuppressWarnings("serial") // the map view is not serializable: writeReplace leaves it behind
  static final class WriteThroughEntry<K, V> extends AbstractMap.SimpleEntry<K, V> {
    private static final long serialVersionUID = 1L;
    private final SyncCacheMapView<K, V> map;

    WriteThroughEntry(SyncCacheMapView<K, V> map, K key, V value) {
      super(key, value);
      this.map = map;
    }

    @Override
    public V setValue(V value) {
      requireNonNull(value);
      map.put(getKey(), value);
      return super.setValue(value);
    }

    /** Returns a plain copy, so that a serialized entry does not drag its map view along. */
    Object writeReplace() {
      return new AbstractMap.SimpleEntry<>(this);
    }
  }

  /** The {@code keySet()} view. */
  static final class KeySet<K, V> extends AbstractSet<K> {
    private final SyncCacheMapView<K, V> map;

    KeySet(SyncCacheMapView<K, V> map) {
      this.map = map;
    }

    @Override
    public boolean isEmpty() {
      return map.isEmpty();
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public void clear() {
      map.clear();
    }

    @Override
    public boolean contains(Object o) {
      return map.containsKey(o);
    }

    @Override
    public boolean removeAll(Collection<?> collection) {
      return map.delegate.keySet().removeAll(collection);
    }

    @Override
    public boolean remove(Object o) {
      return map.delegate.keySet().remove(o);
    }

    @Override
    public boolean removeIf(Predicate<? super K> filter) {
      return map.delegate.keySet().removeIf(filter);
    }

    @Override
    public boolean retainAll(Collection<?> collection) {
      return map.delegate.keySet().retainAll(collection);
    }

    @Override
    public Iterator<K> iterator() {
      var iterator = new EntryIterator<>(map);
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
          new EntrySpliterator<>(map), Entry::getKey, Spliterator.DISTINCT | Spliterator.NONNULL);
    }
  }

  /** The {@code values()} view. */
  static final class Values<K, V> extends AbstractCollection<V> {
    private final SyncCacheMapView<K, V> map;

    Values(SyncCacheMapView<K, V> map) {
      this.map = map;
    }

    @Override
    public boolean isEmpty() {
      return map.isEmpty();
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public void clear() {
      map.clear();
    }

    @Override
    public boolean contains(Object o) {
      return map.containsValue(o);
    }

    @Override
    public boolean removeAll(Collection<?> collection) {
      requireNonNull(collection);
      boolean modified = false;
      for (var entry : map.delegate.entrySet()) {
        V value = FutureValues.getIfReady(entry.getValue());
        if ((value != null) && collection.contains(value) && map.remove(entry.getKey(), value)) {
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
      for (var entry : map.delegate.entrySet()) {
        V value = FutureValues.getIfReady(entry.getValue());
        if ((value != null) && value.equals(o) && map.remove(entry.getKey(), value)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean removeIf(Predicate<? super V> filter) {
      requireNonNull(filter);
      return map.delegate
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
      for (var entry : map.delegate.entrySet()) {
        V value = FutureValues.getIfReady(entry.getValue());
        if ((value != null) && !collection.contains(value) && map.remove(entry.getKey(), value)) {
          modified = true;
        }
      }
      return modified;
    }

    @Override
    public void forEach(Consumer<? super V> action) {
      requireNonNull(action);
      map.delegate
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
      var iterator = new EntryIterator<>(map);
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
      return new MappedSpliterator<>(
          new EntrySpliterator<>(map), Entry::getValue, Spliterator.NONNULL);
    }
  }

  /** The {@code entrySet()} view. */
  static final class EntrySet<K, V> extends AbstractSet<Entry<K, V>> {
    private final SyncCacheMapView<K, V> map;

    EntrySet(SyncCacheMapView<K, V> map) {
      this.map = map;
    }

    @Override
    public boolean isEmpty() {
      return map.isEmpty();
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public void clear() {
      map.clear();
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
      V cachedValue = map.get(key);
      return (cachedValue != null) && cachedValue.equals(value);
    }

    @Override
    public boolean removeAll(Collection<?> collection) {
      requireNonNull(collection);
      boolean modified = false;
      if (map.delegate.settings().weakKeys()
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
      return (key != null) && map.remove(key, entry.getValue());
    }

    @Override
    public boolean removeIf(Predicate<? super Entry<K, V>> filter) {
      requireNonNull(filter);
      boolean modified = false;
      for (Entry<K, V> entry : this) {
        if (filter.test(entry)) {
          modified |= map.remove(entry.getKey(), entry.getValue());
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
      return new EntryIterator<>(map);
    }

    @Override
    public Spliterator<Entry<K, V>> spliterator() {
      return new EntrySpliterator<>(map);
    }
  }

  /** Iterates over the entries whose futures have completed with a value. */
  static final class EntryIterator<K, V> implements Iterator<Entry<K, V>> {
    private final SyncCacheMapView<K, V> map;
    private final Iterator<Entry<K, CompletableFuture<V>>> iterator;
    private @Nullable Entry<K, V> cursor;
    private @Nullable K removalKey;

    EntryIterator(SyncCacheMapView<K, V> map) {
      this.map = map;
      this.iterator = map.delegate.entrySet().iterator();
    }

    @Override
    public boolean hasNext() {
      while ((cursor == null) && iterator.hasNext()) {
        Entry<K, CompletableFuture<V>> entry = iterator.next();
        V value = FutureValues.getIfReady(entry.getValue());
        if (value != null) {
          cursor = new WriteThroughEntry<>(map, entry.getKey(), value);
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
      map.delegate.remove(key);
      removalKey = null;
    }
  }

  /** Splits over the entries whose futures have completed with a value. */
  static final class EntrySpliterator<K, V> implements Spliterator<Entry<K, V>> {
    private final SyncCacheMapView<K, V> map;
    private final Spliterator<Entry<K, CompletableFuture<V>>> spliterator;

    EntrySpliterator(SyncCacheMapView<K, V> map) {
      this(map, map.delegate.entrySet().spliterator());
    }

    EntrySpliterator(
        SyncCacheMapView<K, V> map, Spliterator<Entry<K, CompletableFuture<V>>> spliterator) {
      this.map = map;
      this.spliterator = requireNonNull(spliterator);
    }

    @Override
    public void forEachRemaining(Consumer<? super Entry<K, V>> action) {
      requireNonNull(action);
      spliterator.forEachRemaining(
          entry -> {
            V value = FutureValues.getIfReady(entry.getValue());
            if (value != null) {
              action.accept(new WriteThroughEntry<>(map, entry.getKey(), value));
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
              action.accept(new WriteThroughEntry<>(map, entry.getKey(), value));
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
      return (split == null) ? null : new EntrySpliterator<>(map, split);
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
  static final class MappedSpliterator<E, T> implements Spliterator<T> {
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
