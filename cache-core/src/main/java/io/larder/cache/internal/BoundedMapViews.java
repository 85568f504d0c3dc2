package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The {@code keySet()}, {@code values()} and {@code entrySet()} views of a {@link
 * BoundedLocalCache}, with their iterators and spliterators. They read through to the hash table,
 * skip entries being removed, and write through to the cache so that listeners and the policy see
 * every change (an iterator's {@code remove} is a {@code remove(key)}; an entry's {@code setValue}
 * is a {@code put}).
 */
final class BoundedMapViews {
  private BoundedMapViews() {}

  /** The key view. */
  static final class KeySetView<K, V> extends AbstractSet<K> {
    private final BoundedLocalCache<K, V> cache;

    KeySetView(BoundedLocalCache<K, V> cache) {
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
    public boolean removeAll(Collection<?> collection) {
      requireNonNull(collection);
      boolean modified = false;
      // Weak keys compare by identity: the caller's collection decides by equality instead, as
      // retainAll does, so that the bulk operations agree with each other (and with Caffeine)
      if (cache.references.weakKeys()
          || ((collection instanceof Set<?>) && (collection.size() > size()))) {
        for (K key : this) {
          if (collection.contains(key)) {
            modified |= remove(key);
          }
        }
      } else {
        for (Object item : collection) {
          modified |= (item != null) && remove(item);
        }
      }
      return modified;
    }

    @Override
    public boolean removeIf(Predicate<? super K> filter) {
      requireNonNull(filter);
      boolean modified = false;
      for (K key : this) {
        if (filter.test(key) && remove(key)) {
          modified = true;
        }
      }
      return modified;
    }

    @Override
    public boolean retainAll(Collection<?> collection) {
      requireNonNull(collection);
      boolean modified = false;
      for (K key : this) {
        if (!collection.contains(key) && remove(key)) {
          modified = true;
        }
      }
      return modified;
    }

    @Override
    public Iterator<K> iterator() {
      EntryIterator<K, V> entries = new EntryIterator<>(cache);
      return new Iterator<K>() {
        @Override
        public boolean hasNext() {
          return entries.hasNext();
        }

        @Override
        public K next() {
          return entries.nextKey();
        }

        @Override
        public void remove() {
          entries.remove();
        }
      };
    }

    @Override
    public Spliterator<K> spliterator() {
      return new NodeSpliterator<>(
          cache,
          cache.data.values().spliterator(),
          (key, value) -> key,
          NodeSpliterator.DISTINCT_VIEW);
    }
  }

  /** The value view. */
  static final class ValuesView<K, V> extends AbstractCollection<V> {
    private final BoundedLocalCache<K, V> cache;

    ValuesView(BoundedLocalCache<K, V> cache) {
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
      for (EntryIterator<K, V> it = new EntryIterator<>(cache); it.hasNext(); ) {
        Map.Entry<K, V> entry = it.next();
        if (o.equals(entry.getValue()) && cache.remove(entry.getKey(), entry.getValue())) {
          return true;
        }
      }
      return false;
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
    public boolean removeIf(Predicate<? super V> filter) {
      requireNonNull(filter);
      boolean modified = false;
      for (EntryIterator<K, V> it = new EntryIterator<>(cache); it.hasNext(); ) {
        Map.Entry<K, V> entry = it.next();
        if (filter.test(entry.getValue())) {
          modified |= cache.remove(entry.getKey(), entry.getValue());
        }
      }
      return modified;
    }

    @Override
    public Iterator<V> iterator() {
      EntryIterator<K, V> entries = new EntryIterator<>(cache);
      return new Iterator<V>() {
        @Override
        public boolean hasNext() {
          return entries.hasNext();
        }

        @Override
        public V next() {
          return entries.nextValue();
        }

        @Override
        public void remove() {
          entries.remove();
        }
      };
    }

    @Override
    public Spliterator<V> spliterator() {
      return new NodeSpliterator<>(
          cache,
          cache.data.values().spliterator(),
          (key, value) -> value,
          NodeSpliterator.VALUE_VIEW);
    }
  }

  /** The entry view. */
  static final class EntrySetView<K, V> extends AbstractSet<Map.Entry<K, V>> {
    private final BoundedLocalCache<K, V> cache;

    EntrySetView(BoundedLocalCache<K, V> cache) {
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
      if ((key == null) || (value == null)) {
        return false;
      }
      Node<K, V> node = cache.data.get(cache.references.lookupKey(key));
      return (node != null) && node.containsValue(value);
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
    public boolean removeAll(Collection<?> collection) {
      requireNonNull(collection);
      boolean modified = false;
      // Weak keys compare by identity: the caller's collection decides by equality instead, as
      // retainAll does, so that the bulk operations agree with each other (and with Caffeine)
      if (cache.references.weakKeys()
          || ((collection instanceof Set<?>) && (collection.size() > size()))) {
        for (Map.Entry<K, V> entry : this) {
          if (collection.contains(entry)) {
            modified |= remove(entry);
          }
        }
      } else {
        for (Object item : collection) {
          modified |= (item != null) && remove(item);
        }
      }
      return modified;
    }

    @Override
    public boolean removeIf(Predicate<? super Map.Entry<K, V>> filter) {
      requireNonNull(filter);
      boolean modified = false;
      for (Map.Entry<K, V> entry : this) {
        if (filter.test(entry)) {
          modified |= cache.remove(entry.getKey(), entry.getValue());
        }
      }
      return modified;
    }

    @Override
    public boolean retainAll(Collection<?> collection) {
      requireNonNull(collection);
      boolean modified = false;
      for (Map.Entry<K, V> entry : this) {
        if (!collection.contains(entry) && remove(entry)) {
          modified = true;
        }
      }
      return modified;
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
      return new EntryIterator<>(cache);
    }

    @Override
    public Spliterator<Map.Entry<K, V>> spliterator() {
      return new NodeSpliterator<>(
          cache,
          cache.data.values().spliterator(),
          (key, value) -> new WriteThroughEntry<>(cache, key, value),
          NodeSpliterator.DISTINCT_VIEW);
    }
  }

  /** Iterates the live entries of the table, in the table's order. */
  static final class EntryIterator<K, V> implements Iterator<Map.Entry<K, V>> {
    private final BoundedLocalCache<K, V> cache;
    private final Iterator<Node<K, V>> iterator;
    private @Nullable K nextKey;
    private @Nullable V nextValue;
    private @Nullable K removalKey;

    EntryIterator(BoundedLocalCache<K, V> cache) {
      this.cache = cache;
      this.iterator = cache.data.values().iterator();
    }

    @Override
    public boolean hasNext() {
      if (nextValue != null) {
        return true;
      }
      long now = cache.expiration.now();
      while (iterator.hasNext()) {
        Node<K, V> node = iterator.next();
        K key = node.getKey();
        V value = node.getValue();
        boolean evictable = cache.isEvictable(node, key, value, now);
        if (evictable || !node.isAlive()) {
          if (evictable) {
            // Collected or expired: the maintenance removes and notifies it now, as Caffeine's
            cache.scheduleDrainBuffers();
          }
          continue;
        }
        nextKey = key;
        nextValue = value;
        return true;
      }
      return false;
    }

    /** Passes each remaining entry's key and value to the action, without an entry object. */
    void forEachMapping(BiConsumer<? super K, ? super V> action) {
      forEachMappingWhile(
          (key, value) -> {
            action.accept(key, value);
            return true;
          });
    }

    /**
     * Passes each remaining entry's key and value to the visitor until it returns {@code false};
     * returns whether every entry was visited.
     */
    boolean forEachMappingWhile(BiPredicate<? super K, ? super V> visitor) {
      while (hasNext()) {
        K key = requireNonNull(nextKey);
        V value = requireNonNull(nextValue);
        nextKey = null;
        nextValue = null;
        if (!visitor.test(key, value)) {
          return false;
        }
      }
      return true;
    }

    K nextKey() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      K key = requireNonNull(nextKey);
      removalKey = key;
      nextKey = null;
      nextValue = null;
      return key;
    }

    V nextValue() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      V value = requireNonNull(nextValue);
      removalKey = nextKey;
      nextKey = null;
      nextValue = null;
      return value;
    }

    @Override
    public Map.Entry<K, V> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      K key = requireNonNull(nextKey);
      V value = requireNonNull(nextValue);
      removalKey = key;
      nextKey = null;
      nextValue = null;
      return new WriteThroughEntry<>(cache, key, value);
    }

    @Override
    public void remove() {
      K key = removalKey;
      if (key == null) {
        throw new IllegalStateException();
      }
      cache.remove(key);
      removalKey = null;
    }
  }

  /** Splits the table's nodes, presenting each live one through a mapping of key and value. */
  static final class NodeSpliterator<K, V, T> implements Spliterator<T> {
    /** The characteristics of the key and entry views. */
    static final int DISTINCT_VIEW = DISTINCT | CONCURRENT | NONNULL;

    /** The characteristics of the value view: values may repeat. */
    static final int VALUE_VIEW = CONCURRENT | NONNULL;

    private final BoundedLocalCache<K, V> cache;
    private final Spliterator<Node<K, V>> spliterator;
    private final BiFunction<K, V, T> mapper;
    private final int characteristics;

    NodeSpliterator(
        BoundedLocalCache<K, V> cache,
        Spliterator<Node<K, V>> spliterator,
        BiFunction<K, V, T> mapper,
        int characteristics) {
      this.cache = cache;
      this.spliterator = requireNonNull(spliterator);
      this.mapper = mapper;
      this.characteristics = characteristics;
    }

    @Override
    public void forEachRemaining(Consumer<? super T> action) {
      requireNonNull(action);
      spliterator.forEachRemaining(node -> accept(node, action));
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      requireNonNull(action);
      boolean[] advanced = new boolean[1];
      while (!advanced[0] && spliterator.tryAdvance(node -> advanced[0] = accept(node, action))) {
        // skip entries that are being removed
      }
      return advanced[0];
    }

    private boolean accept(Node<K, V> node, Consumer<? super T> action) {
      K key = node.getKey();
      V value = node.getValue();
      if ((value != null) && cache.isPresent(node, value, cache.expiration.now())) {
        action.accept(mapper.apply(key, value));
        return true;
      }
      return false;
    }

    @Override
    public @Nullable Spliterator<T> trySplit() {
      Spliterator<Node<K, V>> split = spliterator.trySplit();
      return (split == null) ? null : new NodeSpliterator<>(cache, split, mapper, characteristics);
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

  /** An entry whose {@code setValue} writes through to the cache. */
  static final class WriteThroughEntry<K, V> extends AbstractMap.SimpleEntry<K, V> {
    private static final long serialVersionUID = 1L;
    private final transient BoundedLocalCache<K, V> cache;

    WriteThroughEntry(BoundedLocalCache<K, V> cache, K key, V value) {
      super(key, value);
      this.cache = cache;
    }

    @Override
    public V setValue(V value) {
      requireNonNull(value);
      cache.put(getKey(), value);
      return super.setValue(value);
    }

    private Object writeReplace() {
      return new AbstractMap.SimpleEntry<>(this);
    }
  }
}
