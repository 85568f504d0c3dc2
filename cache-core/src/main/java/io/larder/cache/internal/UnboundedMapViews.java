package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The key, value and entry views of an {@link UnboundedLocalCache}. They read the backing hash
 * table directly, and send every removal and every entry's {@code setValue} through the cache, so
 * that the listener hears of it (EXPLICIT or REPLACED) and any reload in flight is discarded.
 */
final class UnboundedMapViews {
  private UnboundedMapViews() {}

  /** The {@code keySet()} view; removals go through {@link UnboundedLocalCache#remove(Object)}. */
  static final class KeySetView<K> extends AbstractSet<K> {
    private final UnboundedLocalCache<K, ?> cache;

    KeySetView(UnboundedLocalCache<K, ?> cache) {
      this.cache = requireNonNull(cache);
    }

    @Override
    public int size() {
      return cache.size();
    }

    @Override
    public boolean isEmpty() {
      return cache.isEmpty();
    }

    @Override
    public void clear() {
      cache.clear();
    }

    @Override
    public boolean contains(Object o) {
      return cache.containsKey(o);
    }

    @Override
    public boolean remove(Object o) {
      return cache.remove(o) != null;
    }

    @Override
    public boolean removeIf(Predicate<? super K> filter) {
      requireNonNull(filter);
      boolean removed = false;
      for (K key : cache.data.keySet()) {
        if (filter.test(key) && (cache.remove(key) != null)) {
          removed = true;
        }
      }
      return removed;
    }

    @Override
    public boolean removeAll(Collection<?> collection) {
      requireNonNull(collection);
      boolean removed = false;
      if ((collection instanceof Set<?>) && (collection.size() > size())) {
        for (K key : this) {
          if (collection.contains(key)) {
            removed |= remove(key);
          }
        }
      } else {
        for (Object o : collection) {
          removed |= (o != null) && remove(o);
        }
      }
      return removed;
    }

    @Override
    public boolean retainAll(Collection<?> collection) {
      requireNonNull(collection);
      return removeIf(key -> !collection.contains(key));
    }

    @Override
    public void forEach(Consumer<? super K> action) {
      cache.data.keySet().forEach(action);
    }

    @Override
    public Iterator<K> iterator() {
      Iterator<K> keys = cache.data.keySet().iterator();
      return new RemovingIterator<K, K>(keys, cache) {
        @Override
        Object keyOf(K element) {
          return element;
        }
      };
    }

    /** Returns the table's own key spliterator: it cannot modify the cache. */
    @Override
    public Spliterator<K> spliterator() {
      return cache.data.keySet().spliterator();
    }

    @Override
    public Object[] toArray() {
      return cache.data.keySet().toArray();
    }

    @Override
    @SuppressWarnings("NullAway")
    public <T> T[] toArray(T[] array) {
      return cache.data.keySet().toArray(array);
    }
  }

  /** The {@code values()} view; removals go through the cache, conditional on the value. */
  static final class ValuesView<K, V> extends AbstractCollection<V> {
    private final UnboundedLocalCache<K, V> cache;

    ValuesView(UnboundedLocalCache<K, V> cache) {
      this.cache = requireNonNull(cache);
    }

    @Override
    public int size() {
      return cache.size();
    }

    @Override
    public boolean isEmpty() {
      return cache.isEmpty();
    }

    @Override
    public void clear() {
      cache.clear();
    }

    @Override
    public boolean contains(Object o) {
      return cache.containsValue(o);
    }

    @Override
    public boolean remove(@Nullable Object o) {
      if (o == null) {
        return false;
      }
      for (Map.Entry<K, V> entry : cache.data.entrySet()) {
        if (o.equals(entry.getValue()) && cache.remove(entry.getKey(), entry.getValue())) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean removeIf(Predicate<? super V> filter) {
      requireNonNull(filter);
      boolean removed = false;
      for (Map.Entry<K, V> entry : cache.data.entrySet()) {
        if (filter.test(entry.getValue()) && cache.remove(entry.getKey(), entry.getValue())) {
          removed = true;
        }
      }
      return removed;
    }

    @Override
    public boolean removeAll(Collection<?> collection) {
      requireNonNull(collection);
      return removeIf(collection::contains);
    }

    @Override
    public boolean retainAll(Collection<?> collection) {
      requireNonNull(collection);
      return removeIf(value -> !collection.contains(value));
    }

    @Override
    public void forEach(Consumer<? super V> action) {
      cache.data.values().forEach(action);
    }

    @Override
    public Iterator<V> iterator() {
      Iterator<Map.Entry<K, V>> entries = cache.data.entrySet().iterator();
      return new RemovingIterator<Map.Entry<K, V>, V>(entries, cache) {
        @Override
        Object keyOf(Map.Entry<K, V> element) {
          return element.getKey();
        }

        @Override
        V present(Map.Entry<K, V> element) {
          return element.getValue();
        }
      };
    }

    /** Returns the table's own value spliterator: it cannot modify the cache. */
    @Override
    public Spliterator<V> spliterator() {
      return cache.data.values().spliterator();
    }

    @Override
    public Object[] toArray() {
      return cache.data.values().toArray();
    }

    @Override
    @SuppressWarnings("NullAway")
    public <T> T[] toArray(T[] array) {
      return cache.data.values().toArray(array);
    }
  }

  /**
   * The {@code entrySet()} view; its entries write through to the cache, and removals go through
   * the cache, conditional on the value.
   */
  static final class EntrySetView<K, V> extends AbstractSet<Map.Entry<K, V>> {
    private final UnboundedLocalCache<K, V> cache;

    EntrySetView(UnboundedLocalCache<K, V> cache) {
      this.cache = requireNonNull(cache);
    }

    @Override
    public int size() {
      return cache.size();
    }

    @Override
    public boolean isEmpty() {
      return cache.isEmpty();
    }

    @Override
    public void clear() {
      cache.clear();
    }

    @Override
    public boolean contains(Object o) {
      if (!(o instanceof Map.Entry<?, ?>)) {
        return false;
      }
      Map.Entry<?, ?> entry = (Map.Entry<?, ?>) o;
      Object key = entry.getKey();
      Object value = entry.getValue();
      if (key == null || value == null) {
        return false;
      }
      V present = cache.data.get(key);
      return (present != null) && present.equals(value);
    }

    @Override
    public boolean remove(Object o) {
      if (!(o instanceof Map.Entry<?, ?>)) {
        return false;
      }
      Map.Entry<?, ?> entry = (Map.Entry<?, ?>) o;
      Object key = entry.getKey();
      return (key != null) && cache.remove(key, entry.getValue());
    }

    @Override
    public boolean removeIf(Predicate<? super Map.Entry<K, V>> filter) {
      requireNonNull(filter);
      boolean removed = false;
      for (Map.Entry<K, V> entry : cache.data.entrySet()) {
        if (filter.test(new WriteThroughEntry<>(cache, entry.getKey(), entry.getValue()))
            && cache.remove(entry.getKey(), entry.getValue())) {
          removed = true;
        }
      }
      return removed;
    }

    @Override
    public boolean removeAll(Collection<?> collection) {
      requireNonNull(collection);
      boolean removed = false;
      if ((collection instanceof Set<?>) && (collection.size() > size())) {
        for (Map.Entry<K, V> entry : this) {
          if (collection.contains(entry)) {
            removed |= remove(entry);
          }
        }
      } else {
        for (Object o : collection) {
          removed |= remove(o);
        }
      }
      return removed;
    }

    @Override
    public boolean retainAll(Collection<?> collection) {
      requireNonNull(collection);
      return removeIf(entry -> !collection.contains(entry));
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
      Iterator<Map.Entry<K, V>> entries = cache.data.entrySet().iterator();
      return new RemovingIterator<Map.Entry<K, V>, Map.Entry<K, V>>(entries, cache) {
        @Override
        Object keyOf(Map.Entry<K, V> element) {
          return element.getKey();
        }

        @Override
        Map.Entry<K, V> present(Map.Entry<K, V> element) {
          return new WriteThroughEntry<>(cache, element.getKey(), element.getValue());
        }
      };
    }

    @Override
    public Spliterator<Map.Entry<K, V>> spliterator() {
      return new EntrySpliterator<>(cache, cache.data.entrySet().spliterator());
    }
  }

  /**
   * An iterator over the backing table whose {@code remove} goes through the cache.
   *
   * @param <E> what the table's iterator yields
   * @param <T> what this iterator yields
   */
  abstract static class RemovingIterator<E, T> implements Iterator<T> {
    private final Iterator<E> iterator;
    private final UnboundedLocalCache<?, ?> cache;
    private @Nullable Object lastKey;

    RemovingIterator(Iterator<E> iterator, UnboundedLocalCache<?, ?> cache) {
      this.iterator = iterator;
      this.cache = cache;
    }

    /** Returns the key of an element of the table's iterator. */
    abstract Object keyOf(E element);

    /** Returns the element as this iterator presents it. */
    @SuppressWarnings("unchecked")
    T present(E element) {
      return (T) element;
    }

    @Override
    public boolean hasNext() {
      return iterator.hasNext();
    }

    @Override
    public T next() {
      E element = iterator.next();
      lastKey = keyOf(element);
      return present(element);
    }

    @Override
    public void remove() {
      Object key = lastKey;
      if (key == null) {
        throw new IllegalStateException();
      }
      cache.remove(key);
      lastKey = null;
    }
  }

  /** A spliterator over the table's entries that presents them as write-through entries. */
  static final class EntrySpliterator<K, V> implements Spliterator<Map.Entry<K, V>> {
    private final UnboundedLocalCache<K, V> cache;
    private final Spliterator<Map.Entry<K, V>> spliterator;

    EntrySpliterator(UnboundedLocalCache<K, V> cache, Spliterator<Map.Entry<K, V>> spliterator) {
      this.cache = cache;
      this.spliterator = spliterator;
    }

    @Override
    public boolean tryAdvance(Consumer<? super Map.Entry<K, V>> action) {
      requireNonNull(action);
      return spliterator.tryAdvance(
          entry -> action.accept(new WriteThroughEntry<>(cache, entry.getKey(), entry.getValue())));
    }

    @Override
    public void forEachRemaining(Consumer<? super Map.Entry<K, V>> action) {
      requireNonNull(action);
      spliterator.forEachRemaining(
          entry -> action.accept(new WriteThroughEntry<>(cache, entry.getKey(), entry.getValue())));
    }

    @Override
    public @Nullable Spliterator<Map.Entry<K, V>> trySplit() {
      Spliterator<Map.Entry<K, V>> split = spliterator.trySplit();
      return (split == null) ? null : new EntrySpliterator<>(cache, split);
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

  /** An entry whose {@code setValue} puts the new value in the cache. */
  static final class WriteThroughEntry<K, V> extends AbstractMap.SimpleEntry<K, V> {
    private static final long serialVersionUID = 1;

    private final transient UnboundedLocalCache<K, V> cache;

    WriteThroughEntry(UnboundedLocalCache<K, V> cache, K key, V value) {
      super(key, value);
      this.cache = cache;
    }

    @Override
    public V setValue(V value) {
      cache.put(getKey(), requireNonNull(value));
      return super.setValue(value);
    }

    /** Returns a plain copy, so that a serialized entry does not drag its cache along. */
    Object writeReplace() {
      return new AbstractMap.SimpleEntry<>(this);
    }
  }
}
