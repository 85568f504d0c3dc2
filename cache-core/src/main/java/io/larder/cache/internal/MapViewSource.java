package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Set;
import java.util.Spliterator;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code asMap()} key, value and entry views ({@link MapViews}) need of the map they show:
 * its size and lookups, its writes, and the mappings it shows, as a {@link Cursor} to iterate and a
 * spliterator to split. The three maps with such views implement it: a bounded cache ({@link
 * BoundedViewSource}, over {@link BoundedLocalCache}), an unbounded cache ({@link
 * UnboundedLocalCache}) and an async cache's {@code synchronous().asMap()} ({@link
 * SyncCacheMapView}).
 *
 * <p>Where the three behave differently, as Caffeine's three copies of the views do, the difference
 * is a method here, not a copy of a view: which mappings are shown and how they split (live nodes;
 * the whole table; completed futures), how a mapping is looked up and removed by key, how the
 * removals of {@code removeAll} choose their order ({@link #scansForRemoveAll}), and, for an async
 * cache's map, which bulk removals act on its storage instead of on the completed mappings ({@link
 * #removeAllKeys}, {@link #removeKeysIf}, {@link #removeValuesIf}, {@link #valueMatches}).
 */
interface MapViewSource<K, V> {

  /** A position in the mappings a view shows, in the hash table's order. */
  interface Cursor<K, V> {
    /** Moves to the next mapping shown; returns {@code false} when there is none. */
    boolean advance();

    /** Returns the key of the mapping the cursor is on (after {@code advance} returned true). */
    K key();

    /** Returns the value of the mapping the cursor is on (after {@code advance} returned true). */
    V value();
  }

  /** Returns the number of mappings, as the map's {@code size()}. */
  int size();

  /** Returns whether the map is empty, as the map's {@code isEmpty()}. */
  boolean isEmpty();

  /** Removes every mapping, as the map's {@code clear()}. */
  void clear();

  /** Returns whether a mapping of the key is shown, as the map's {@code containsKey}. */
  boolean containsKey(Object key);

  /** Returns whether a mapping to the value is shown, as the map's {@code containsValue}. */
  boolean containsValue(Object value);

  /** Returns whether the key maps to the value: {@code entrySet().contains}; both non-null. */
  boolean containsEntry(Object key, Object value);

  /**
   * Removes the key's mapping for {@code keySet().remove} and every iterator's {@code remove};
   * returns whether there was one.
   */
  boolean removeKey(Object key);

  /** Removes the key's mapping if it maps to the value, as the map's {@code remove(key, value)}. */
  boolean remove(Object key, @Nullable Object value);

  /** Maps the key to the value, as the map's {@code put}: what an entry's {@code setValue} does. */
  @Nullable V put(K key, V value);

  /** Returns a cursor before the first mapping shown. */
  Cursor<K, V> mappings();

  /**
   * Returns a spliterator over the mappings shown, each presented by {@code presenter}, with the
   * given characteristics; it splits and estimates as the map's hash table does.
   */
  <T> Spliterator<T> spliterator(
      BiFunction<? super K, ? super V, ? extends T> presenter, int characteristics);

  /**
   * Returns whether {@code removeAll} visits the map's mappings and asks the collection, rather
   * than visiting the collection and removing each element: when the collection is a larger set (as
   * Caffeine decides; the removals then come in the table's order), or when keys compare by
   * identity (weak keys), so that the caller's collection decides by its own equality.
   */
  default boolean scansForRemoveAll(Collection<?> collection) {
    return (collection instanceof Set<?>) && (collection.size() > size());
  }

  /** {@code keySet().removeAll}: removes each key in the collection. */
  default boolean removeAllKeys(Collection<?> keys) {
    requireNonNull(keys);
    boolean modified = false;
    if (scansForRemoveAll(keys)) {
      for (Cursor<K, V> cursor = mappings(); cursor.advance(); ) {
        K key = cursor.key();
        if (keys.contains(key)) {
          modified |= removeKey(key);
        }
      }
    } else {
      for (Object key : keys) {
        modified |= (key != null) && removeKey(key);
      }
    }
    return modified;
  }

  /** {@code keySet().removeIf} and {@code retainAll}: removes each key the filter accepts. */
  default boolean removeKeysIf(Predicate<? super K> filter) {
    requireNonNull(filter);
    boolean modified = false;
    for (Cursor<K, V> cursor = mappings(); cursor.advance(); ) {
      K key = cursor.key();
      if (filter.test(key) && removeKey(key)) {
        modified = true;
      }
    }
    return modified;
  }

  /** {@code values().removeIf}: removes each mapping whose value the filter accepts. */
  default boolean removeValuesIf(Predicate<? super V> filter) {
    requireNonNull(filter);
    return removeMappingsIf((key, value) -> filter.test(value));
  }

  /**
   * Removes each mapping shown that the filter accepts, conditionally on its value; the removal of
   * {@code values().removeAll} and {@code retainAll}.
   */
  default boolean removeMappingsIf(BiPredicate<? super K, ? super V> filter) {
    boolean modified = false;
    for (Cursor<K, V> cursor = mappings(); cursor.advance(); ) {
      K key = cursor.key();
      V value = cursor.value();
      if (filter.test(key, value) && remove(key, value)) {
        modified = true;
      }
    }
    return modified;
  }

  /** Returns whether {@code values().remove(wanted)} removes a mapping to {@code value}. */
  default boolean valueMatches(Object wanted, V value) {
    return wanted.equals(value);
  }

  /**
   * Passes each mapping shown to the visitor until it returns {@code false}; returns whether all
   * were.
   */
  default boolean forEachMappingWhile(BiPredicate<? super K, ? super V> visitor) {
    for (Cursor<K, V> cursor = mappings(); cursor.advance(); ) {
      if (!visitor.test(cursor.key(), cursor.value())) {
        return false;
      }
    }
    return true;
  }
}
