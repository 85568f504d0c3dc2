package io.larder.cache.internal;

import io.larder.cache.RemovalCause;
import io.larder.cache.RemovalListener;
import io.larder.cache.internal.memory.ObjectLayout;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The {@link GrowthTarget} view of an {@link UnboundedLocalCache}: samples a region of its {@code
 * ConcurrentHashMap} and evicts in the map's iteration order (by hash bin, so in effect an
 * arbitrary order unrelated to use: the unbounded storage keeps no recency). An async cache's loads
 * in flight are skipped: like Caffeine's bounded caches, they weigh nothing until they complete and
 * are never evicted.
 */
final class UnboundedGrowthTarget<K, V> implements GrowthTarget {
  private static final Logger logger = System.getLogger(UnboundedGrowthTarget.class.getName());

  private final UnboundedLocalCache<K, V> storage;

  UnboundedGrowthTarget(UnboundedLocalCache<K, V> storage) {
    this.storage = storage;
  }

  @Override
  public long entryCount() {
    return storage.data.mappingCount();
  }

  /** Samples a region of the map chosen by the seed (see {@link TableSample}). */
  @Override
  public void sample(int max, int seed, List<Object> out) {
    TableSample.sample(
        storage.data.entrySet().spliterator(),
        storage.data.mappingCount(),
        max,
        seed,
        entry -> {
          out.add(entry.getKey());
          out.add(FutureValues.storedValue(entry.getValue(), storage.isAsync()));
          return true;
        });
  }

  /**
   * Returns the map's node (header, hash, key, value and next) and two table slots: a {@code
   * ConcurrentHashMap} resizes at three quarters full, so it has between 1.33 and 2.67 slots per
   * entry.
   */
  @Override
  public long overheadPerEntry(ObjectLayout layout) {
    int ref = layout.referenceBytes();
    return layout.alignObject(layout.headerBytes() + Integer.BYTES + 3L * ref) + 2L * ref;
  }

  @Override
  public long evict(long count) {
    long evicted = 0;
    Iterator<K> keys = storage.data.keySet().iterator();
    while ((evicted < count) && keys.hasNext()) {
      if (evictOne(keys.next())) {
        evicted++;
      }
    }
    return evicted;
  }

  /** Removes the key's mapping atomically, as a size eviction; returns whether it did. */
  private boolean evictOne(K key) {
    @Nullable RemovalListener<? super K, ? super V> evictionListener =
        storage.settings().evictionListener();
    Evicted<V> evicted = new Evicted<>();
    storage.data.computeIfPresent(
        key,
        (k, value) -> {
          if (storage.isAsync()
              && (value instanceof CompletableFuture<?>)
              && !((CompletableFuture<?>) value).isDone()) {
            return value; // a load in flight weighs nothing and is never evicted, as in Caffeine
          }
          if (evictionListener != null) {
            try {
              evictionListener.onRemoval(k, value, RemovalCause.SIZE);
            } catch (RuntimeException | Error e) {
              logger.log(Level.WARNING, "Exception thrown by eviction listener", e);
            }
          }
          storage.refreshes().remove(k);
          evicted.value = value;
          return null;
        });
    V value = evicted.value;
    if (value == null) {
      return false;
    }
    storage.statsCounter().recordEviction(1, RemovalCause.SIZE);
    storage.notifyRemoval(key, value, RemovalCause.SIZE);
    return true;
  }

  /** The value an eviction removed, captured inside the map's atomic operation. */
  private static final class Evicted<V> {
    @Nullable V value;
  }
}
