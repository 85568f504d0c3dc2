package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The {@code keySet()}, {@code values()} and {@code entrySet()} views of every {@code asMap()},
 * with their iterators, spliterators and write-through entry, over a {@link MapViewSource}: one
 * family where Caffeine has three copies (bounded, unbounded, and an async cache's synchronous map
 * view). They read the mappings the source shows, and write through the source, so that listeners
 * and the policy see every change: an iterator's {@code remove} removes the key, an entry's {@code
 * setValue} is a {@code put}, and the conditional removals are the source's {@code remove(key,
 * value)}.
 */
final class MapViews {
  /** The characteristics of the key and entry views' spliterators. */
  static final int DISTINCT_VIEW =
      Spliterator.DISTINCT | Spliterator.CONCURRENT | Spliterator.NONNULL;

  /** The characteristics of the value view's spliterator: values may repeat. */
  static final int VALUE_VIEW = Spliterator.CONCURRENT | Spliterator.NONNULL;

  private MapViews() {}

  /** The key view. */
  static final class KeySetView<K, V> extends AbstractSet<K> {
    private final MapViewSource<K, V> source;

    KeySetView(MapViewSource<K, V> source) {
      this.source = requireNonNull(source);
    }

    @Override
    public int size() {
      return source.size();
    }

    @Override
    public boolean isEmpty() {
      return source.isEmpty();
    }

    @Override
    public void clear() {
      source.clear();
    }

    @Override
    public boolean contains(Object o) {
      return source.containsKey(o);
    }

    @Override
    public boolean remove(Object o) {
      return source.removeKey(o);
    }

    @Override
    public boolean removeAll(Collection<?> collection) {
      return source.removeAllKeys(collection);
    }

    @Override
    public boolean removeIf(Predicate<? super K> filter) {
      return source.removeKeysIf(filter);
    }

    @Override
    public boolean retainAll(Collection<?> collection) {
      requireNonNull(collection);
      return source.removeKeysIf(key -> !collection.contains(key));
    }

    @Override
    public Iterator<K> iterator() {
      return new ViewIterator<>(source, (key, value) -> key);
    }

    @Override
    public Spliterator<K> spliterator() {
      return source.spliterator((key, value) -> key, DISTINCT_VIEW);
    }
  }

  /** The value view. */
  static final class ValuesView<K, V> extends AbstractCollection<V> {
    private final MapViewSource<K, V> source;

    ValuesView(MapViewSource<K, V> source) {
      this.source = requireNonNull(source);
    }

    @Override
    public int size() {
      return source.size();
    }

    @Override
    public boolean isEmpty() {
      return source.isEmpty();
    }

    @Override
    public void clear() {
      source.clear();
    }

    @Override
    public boolean contains(Object o) {
      return source.containsValue(o);
    }

    @Override
    public boolean remove(@Nullable Object o) {
      if (o == null) {
        return false;
      }
      for (MapViewSource.Cursor<K, V> cursor = source.mappings(); cursor.advance(); ) {
        K key = cursor.key();
        V value = cursor.value();
        if (source.valueMatches(o, value) && source.remove(key, value)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean removeAll(Collection<?> collection) {
      requireNonNull(collection);
      return source.removeMappingsIf((key, value) -> collection.contains(value));
    }

    @Override
    public boolean retainAll(Collection<?> collection) {
      requireNonNull(collection);
      return source.removeMappingsIf((key, value) -> !collection.contains(value));
    }

    @Override
    public boolean removeIf(Predicate<? super V> filter) {
      return source.removeValuesIf(filter);
    }

    @Override
    public Iterator<V> iterator() {
      return new ViewIterator<>(source, (key, value) -> value);
    }

    @Override
    public Spliterator<V> spliterator() {
      return source.spliterator((key, value) -> value, VALUE_VIEW);
    }
  }

  /** The entry view; its entries write through to the map. */
  static final class EntrySetView<K, V> extends AbstractSet<Map.Entry<K, V>> {
    private final MapViewSource<K, V> source;

    EntrySetView(MapViewSource<K, V> source) {
      this.source = requireNonNull(source);
    }

    @Override
    public int size() {
      return source.size();
    }

    @Override
    public boolean isEmpty() {
      return source.isEmpty();
    }

    @Override
    public void clear() {
      source.clear();
    }

    @Override
    public boolean contains(Object o) {
      if (!(o instanceof Map.Entry<?, ?>)) {
        return false;
      }
      Map.Entry<?, ?> entry = (Map.Entry<?, ?>) o;
      Object key = entry.getKey();
      Object value = entry.getValue();
      return (key != null) && (value != null) && source.containsEntry(key, value);
    }

    @Override
    public boolean remove(Object o) {
      if (!(o instanceof Map.Entry<?, ?>)) {
        return false;
      }
      Map.Entry<?, ?> entry = (Map.Entry<?, ?>) o;
      Object key = entry.getKey();
      return (key != null) && source.remove(key, entry.getValue());
    }

    @Override
    public boolean removeAll(Collection<?> collection) {
      requireNonNull(collection);
      boolean modified = false;
      if (source.scansForRemoveAll(collection)) {
        for (Map.Entry<K, V> entry : this) {
          if (collection.contains(entry)) {
            modified |= remove(entry);
          }
        }
      } else {
        for (Object item : collection) {
          modified |= remove(item);
        }
      }
      return modified;
    }

    @Override
    public boolean removeIf(Predicate<? super Map.Entry<K, V>> filter) {
      requireNonNull(filter);
      return source.removeMappingsIf(
          (key, value) -> filter.test(new WriteThroughEntry<>(source, key, value)));
    }

    @Override
    public boolean retainAll(Collection<?> collection) {
      requireNonNull(collection);
      return source.removeMappingsIf(
          (key, value) -> !collection.contains(new WriteThroughEntry<>(source, key, value)));
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
      return new ViewIterator<>(
          source, (key, value) -> new WriteThroughEntry<>(source, key, value));
    }

    @Override
    public Spliterator<Map.Entry<K, V>> spliterator() {
      return source.spliterator(
          (key, value) -> new WriteThroughEntry<>(source, key, value), DISTINCT_VIEW);
    }
  }

  /**
   * Iterates the mappings a source shows, presenting each as a key, a value or an entry; {@code
   * remove} removes the last one's key through the source.
   */
  static final class ViewIterator<K, V, T> implements Iterator<T> {
    private final MapViewSource<K, V> source;
    private final MapViewSource.Cursor<K, V> cursor;
    private final BiFunction<? super K, ? super V, ? extends T> presenter;
    private boolean onNext;
    private @Nullable K removalKey;

    ViewIterator(
        MapViewSource<K, V> source, BiFunction<? super K, ? super V, ? extends T> presenter) {
      this.source = source;
      this.cursor = source.mappings();
      this.presenter = presenter;
    }

    @Override
    public boolean hasNext() {
      if (!onNext) {
        onNext = cursor.advance();
      }
      return onNext;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      onNext = false;
      K key = cursor.key();
      removalKey = key;
      return presenter.apply(key, cursor.value());
    }

    @Override
    public void remove() {
      K key = removalKey;
      if (key == null) {
        throw new IllegalStateException();
      }
      source.removeKey(key);
      removalKey = null;
    }
  }

  /**
   * A cursor over a hash table's entries whose stored value is, or holds, the value shown: {@code
   * valueOf} returns the value to show, or {@code null} to skip the entry.
   */
  static final class EntryCursor<K, S, V> implements MapViewSource.Cursor<K, V> {
    private final Iterator<? extends Map.Entry<K, S>> entries;
    private final Function<? super S, ? extends @Nullable V> valueOf;
    private @Nullable K key;
    private @Nullable V value;

    EntryCursor(
        Iterator<? extends Map.Entry<K, S>> entries,
        Function<? super S, ? extends @Nullable V> valueOf) {
      this.entries = entries;
      this.valueOf = valueOf;
    }

    @Override
    public boolean advance() {
      while (entries.hasNext()) {
        Map.Entry<K, S> entry = entries.next();
        V shown = valueOf.apply(entry.getValue());
        if (shown != null) {
          key = entry.getKey();
          value = shown;
          return true;
        }
      }
      key = null;
      value = null;
      return false;
    }

    @Override
    public K key() {
      return requireNonNull(key);
    }

    @Override
    public V value() {
      return requireNonNull(value);
    }
  }

  /**
   * Splits a hash table's elements (nodes, or entries), presenting each one shown: {@code
   * presenter} returns the element as the view presents it, or {@code null} to skip it. It splits
   * and estimates as the table's own spliterator.
   */
  static final class ViewSpliterator<E, T> implements Spliterator<T> {
    private final Spliterator<E> spliterator;
    private final Function<? super E, ? extends @Nullable T> presenter;
    private final int characteristics;

    ViewSpliterator(
        Spliterator<E> spliterator,
        Function<? super E, ? extends @Nullable T> presenter,
        int characteristics) {
      this.spliterator = requireNonNull(spliterator);
      this.presenter = presenter;
      this.characteristics = characteristics;
    }

    /**
     * Returns a spliterator over a hash table's entries whose stored value is, or holds, the value
     * shown ({@code valueOf} returns it, or {@code null} to skip the entry).
     */
    static <K, S, V, T> Spliterator<T> overEntries(
        Spliterator<Map.Entry<K, S>> entries,
        Function<? super S, ? extends @Nullable V> valueOf,
        BiFunction<? super K, ? super V, ? extends T> presenter,
        int characteristics) {
      return new ViewSpliterator<Map.Entry<K, S>, T>(
          entries,
          entry -> {
            V value = valueOf.apply(entry.getValue());
            return (value == null) ? null : presenter.apply(entry.getKey(), value);
          },
          characteristics);
    }

    @Override
    public void forEachRemaining(Consumer<? super T> action) {
      requireNonNull(action);
      spliterator.forEachRemaining(
          element -> {
            T presented = presenter.apply(element);
            if (presented != null) {
              action.accept(presented);
            }
          });
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      requireNonNull(action);
      boolean[] advanced = new boolean[1];
      Consumer<E> step =
          element -> {
            T presented = presenter.apply(element);
            if (presented != null) {
              action.accept(presented);
              advanced[0] = true;
            }
          };
      while (!advanced[0] && spliterator.tryAdvance(step)) {
        // skip the elements not shown
      }
      return advanced[0];
    }

    @Override
    public @Nullable Spliterator<T> trySplit() {
      Spliterator<E> split = spliterator.trySplit();
      return (split == null) ? null : new ViewSpliterator<>(split, presenter, characteristics);
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

  /**
   * An entry whose {@code setValue} writes through to the map; serialized, it is a plain {@link
   * AbstractMap.SimpleEntry} that leaves the map behind, as Caffeine's.
   */
  static final class WriteThroughEntry<K, V> extends AbstractMap.SimpleEntry<K, V> {
    private static final long serialVersionUID = 1L;
    private final transient MapViewSource<K, V> source;

    WriteThroughEntry(MapViewSource<K, V> source, K key, V value) {
      super(key, value);
      this.source = source;
    }

    @Override
    public V setValue(V value) {
      requireNonNull(value);
      source.put(getKey(), value);
      return super.setValue(value);
    }

    private Object writeReplace() {
      return new AbstractMap.SimpleEntry<>(this);
    }
  }
}
