package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.RemovalCause;
import io.larder.cache.internal.memory.ObjectLayout;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@link GrowthTarget} view of a {@link BoundedLocalCache} that has no size, weight or memory
 * bound, only expiration or refresh: such a cache holds every entry written within its expiry
 * window, so keys that arrive faster than they expire (request-derived keys at a high rate) fill
 * the heap as surely as in a cache with no bound at all. The same holds for a cache with only a
 * per-entry memory cap ({@code maximumEntryMemory}), which limits each entry but not their number.
 *
 * <h2>Which entries a trim evicts</h2>
 *
 * <p>The ones that would expire first, which the cache would lose soonest anyway, in the order its
 * own expiration structures already keep (no scan, no sort):
 *
 * <ul>
 *   <li>{@code expireAfterWrite}: the head of the write-order deque (oldest write first);
 *   <li>{@code expireAfterAccess}: the head of the access-order deque (least recently used first);
 *   <li>both: the two deques merged by expiration time ({@code writeTime + expireAfterWrite}
 *       against {@code accessTime + expireAfterAccess});
 *   <li>{@code expireAfter(Expiry)}: the timer wheel, soonest bucket first (exact to a bucket's
 *       span; see {@link TimerWheel#soonestByBucket});
 *   <li>{@code refreshAfterWrite} alone, or a per-entry memory cap alone: no expiration order
 *       exists, so the table's iteration order, as for an unbounded cache.
 * </ul>
 *
 * <p>An eviction takes the cache's eviction lock, runs a maintenance cycle first (so that pending
 * writes are in the order and expired entries leave as EXPIRED), then evicts each chosen entry as
 * the size policy would: cause SIZE, counted with its weight, told to the eviction listener inside
 * the atomic removal and to the removal listener. An asynchronous cache's loads in flight are
 * skipped, as Caffeine's size eviction skips them.
 */
final class ExpiringGrowthTarget<K, V> implements GrowthTarget {
  private final BoundedLocalCache<K, V> cache;
  private final boolean entryCapOnly;

  /**
   * Creates the view; {@code entryCapOnly} when the cache's only limit is a per-entry memory cap
   * rather than expiration or refresh.
   */
  ExpiringGrowthTarget(BoundedLocalCache<K, V> cache, boolean entryCapOnly) {
    this.cache = cache;
    this.entryCapOnly = entryCapOnly;
  }

  @Override
  public long entryCount() {
    return cache.estimatedSize();
  }

  /** Samples a region of the table chosen by the seed (see {@link TableSample}); live nodes. */
  @Override
  public void sample(int max, int seed, List<Object> out) {
    TableSample.sample(
        cache.data.values().spliterator(),
        cache.data.mappingCount(),
        max,
        seed,
        node -> {
          if (!node.isAlive()) {
            return false;
          }
          K key = node.getKey();
          V value = node.getValue();
          if ((key == null) || (value == null)) {
            return false; // a collected weak key or value
          }
          out.add(key);
          out.add(FutureValues.storedValue(value, cache.isAsync()));
          return true;
        });
  }

  /** Returns the cache's node, the map's node and two table slots (see {@link MemoryWeigher}). */
  @Override
  public long overheadPerEntry(ObjectLayout layout) {
    return MemoryWeigher.entryOverhead(layout, cache.nodeFactory.nodeType());
  }

  @Override
  public String boundDescription() {
    return entryCapOnly
        ? "no size bound, only a per-entry memory cap (maximumEntryMemory),"
        : "no size bound, only expiration,";
  }

  @Override
  public String advice() {
    return entryCapOnly
        ? "a per-entry cap limits each entry, not how many there are, so bound it with "
            + "maximumMemory, maximumSize or maximumWeight as well"
        : "expiration alone does not bound a cache whose keys arrive faster than they expire, so "
            + "bound it with maximumSize, maximumWeight or maximumMemory as well";
  }

  /**
   * Evicts up to {@code count} entries, those that would expire first, with cause SIZE. Returns 0
   * at once if the calling thread already holds the eviction lock (a write made by a listener
   * during maintenance): the trim is then left to the next check.
   */
  @Override
  public long evict(long count) {
    BoundedMaintenance<K, V> maintenance = cache.maintenance;
    if ((count <= 0) || maintenance.evictionLock.isHeldByCurrentThread()) {
      return 0;
    }
    long evicted = 0;
    maintenance.lock();
    try {
      maintenance.maintenance(null);
      int limit = (int) Math.min(count, Integer.MAX_VALUE - 8);
      for (Node<K, V> node : soonestToExpire(limit)) {
        if (!node.isAlive() || cache.expiration.isComputingAsync(node.getValue())) {
          continue; // removed meanwhile, or a load in flight: never evicted
        }
        if (cache.removals.evictEntry(node, RemovalCause.SIZE)) {
          evicted++;
        }
      }
    } finally {
      maintenance.evictionLock.unlock();
    }
    maintenance.rescheduleCleanUpIfIncomplete();
    return evicted;
  }

  /** Returns up to {@code limit} nodes, soonest to expire first (see the class comment). */
  private List<Node<K, V>> soonestToExpire(int limit) {
    ExpirationPolicy<K, V> expiration = cache.expiration;
    List<Node<K, V>> nodes = new ArrayList<>(Math.min(limit, 1024));
    if (expiration.expiresVariable) {
      requireNonNull(expiration.timerWheel).soonestByBucket(limit, nodes);
    } else if (expiration.expiresAfterWrite && expiration.expiresAfterAccess) {
      nodes.addAll(mergedByExpiration(limit));
    } else if (expiration.expiresAfterWrite) {
      take(requireNonNull(expiration.writeOrderDeque).iterator(), limit, nodes);
    } else if (expiration.expiresAfterAccess) {
      take(cache.policy.window.iterator(), limit, nodes);
    } else {
      take(cache.data.values().iterator(), limit, nodes);
    }
    return nodes;
  }

  /** Returns up to {@code limit} nodes of both deques, by the sooner of their expiration times. */
  private Set<Node<K, V>> mergedByExpiration(int limit) {
    ExpirationPolicy<K, V> expiration = cache.expiration;
    Iterator<Node<K, V>> byWrite = requireNonNull(expiration.writeOrderDeque).iterator();
    Iterator<Node<K, V>> byAccess = cache.policy.window.iterator();
    Set<Node<K, V>> chosen = new LinkedHashSet<>(); // nodes have identity equality
    Node<K, V> write = next(byWrite);
    Node<K, V> access = next(byAccess);
    while ((chosen.size() < limit) && ((write != null) || (access != null))) {
      if ((access == null)
          || ((write != null)
              && (expiration.writeTime(write) + expiration.expiresAfterWriteNanos()
                  <= expiration.accessTime(access) + expiration.expiresAfterAccessNanos()))) {
        chosen.add(requireNonNull(write));
        write = next(byWrite);
      } else {
        chosen.add(access);
        access = next(byAccess);
      }
    }
    return chosen;
  }

  private static <N> @Nullable N next(Iterator<N> iterator) {
    return iterator.hasNext() ? iterator.next() : null;
  }

  private static <N> void take(Iterator<N> iterator, int limit, List<N> out) {
    while ((out.size() < limit) && iterator.hasNext()) {
      out.add(iterator.next());
    }
  }
}
