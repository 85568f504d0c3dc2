package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BoundedLocalCache} as its map views ({@link MapViews}) see it: the live nodes of its
 * hash table, skipping the ones being removed, collected or expired. Iteration that meets a
 * collected or expired node schedules the maintenance, which removes and notifies it soon, as
 * Caffeine's does. Its own class so that the views' needs stay out of the cache's.
 */
final class BoundedViewSource<K, V> implements MapViewSource<K, V> {
  private final BoundedLocalCache<K, V> cache;

  BoundedViewSource(BoundedLocalCache<K, V> cache) {
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
  public boolean containsKey(Object key) {
    return cache.containsKey(key);
  }

  @Override
  public boolean containsValue(Object value) {
    return cache.containsValue(value);
  }

  /** Looks the node up without recording a read; an expired one is absent, as in Caffeine's. */
  @Override
  public boolean containsEntry(Object key, Object value) {
    Node<K, V> node = cache.data.get(cache.references.lookupKey(key));
    if (node == null) {
      return false;
    }
    V nodeValue = node.getValue();
    return (nodeValue != null)
        && node.containsValue(value)
        && !cache.expiration.hasExpired(node, cache.expiration.now(), nodeValue);
  }

  @Override
  public boolean removeKey(Object key) {
    return cache.remove(key) != null;
  }

  @Override
  public boolean remove(Object key, @Nullable Object value) {
    return cache.remove(key, value);
  }

  @Override
  public @Nullable V put(K key, V value) {
    return cache.put(key, value);
  }

  /** Weak keys compare by identity: the caller's collection decides by its equality instead. */
  @Override
  public boolean scansForRemoveAll(Collection<?> collection) {
    return cache.references.weakKeys() || MapViewSource.super.scansForRemoveAll(collection);
  }

  @Override
  public Cursor<K, V> mappings() {
    return new NodeCursor<>(cache);
  }

  @Override
  public <T> Spliterator<T> spliterator(
      BiFunction<? super K, ? super V, ? extends T> presenter, int characteristics) {
    return new MapViews.ViewSpliterator<Node<K, V>, T>(
        cache.data.values().spliterator(),
        node -> {
          K key = node.getKey();
          V value = node.getValue();
          return ((key != null) && cache.isPresent(node, value, cache.expiration.now()))
              ? presenter.apply(key, requireNonNull(value))
              : null;
        },
        characteristics);
  }

  /** The live nodes of the table, in its order; no allocation per node. */
  static final class NodeCursor<K, V> implements Cursor<K, V> {
    private final BoundedLocalCache<K, V> cache;
    private final Iterator<Node<K, V>> nodes;
    private @Nullable K key;
    private @Nullable V value;

    NodeCursor(BoundedLocalCache<K, V> cache) {
      this.cache = cache;
      this.nodes = cache.data.values().iterator();
    }

    @Override
    public boolean advance() {
      long now = cache.expiration.now();
      while (nodes.hasNext()) {
        Node<K, V> node = nodes.next();
        K nodeKey = node.getKey();
        V nodeValue = node.getValue();
        boolean evictable = cache.isEvictable(node, nodeKey, nodeValue, now);
        if (evictable || !node.isAlive()) {
          if (evictable) {
            // Collected or expired: the maintenance removes and notifies it now, as Caffeine's
            cache.scheduleDrainBuffers();
          }
          continue;
        }
        key = nodeKey;
        value = nodeValue;
        return true;
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
}
