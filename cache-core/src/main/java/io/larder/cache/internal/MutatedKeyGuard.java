package io.larder.cache.internal;

import io.larder.cache.RemovalCause;
import io.larder.cache.RemovalListener;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps a bounded cache within its bound when a key's {@code hashCode} (or {@code equals}) changed
 * while the key was in the table.
 *
 * <h2>The problem</h2>
 *
 * <p>Eviction removes the policy's victim from the hash table by its key. If the key was mutated
 * after insertion, the table looks for it in the bin of its new hash and does not find it, and no
 * public operation of {@link java.util.concurrent.ConcurrentHashMap} can remove an entry whose key
 * no longer hashes to its bin (its iterators and views remove by key too). Caffeine logs an error
 * on each such eviction and unlinks the node.
 *
 * <h2>What Larder does</h2>
 *
 * <p>The node is <i>stranded</i>: under its monitor its value is taken and the node retired, the
 * eviction counted (cause SIZE) and told to both listeners as any eviction; the policy then
 * unlinks it and drops its key and value, so the live entries stay within the maximum and the
 * value is released. What stays in the table is the table's own node, the dead cache node and the
 * mutated key (about 100 bytes plus the key), which no lookup can reach; the cache's size does not
 * count them. The first occurrence in a cache is logged once, at ERROR, with the key's
 * class; the count of stranded entries is kept. With the guard off the eviction behaves exactly
 * as before (unlinked, not notified, not logged).
 */
final class MutatedKeyGuard {
  private static final Logger logger = System.getLogger(MutatedKeyGuard.class.getName());

  private final CacheGuards guards;
  private final String cacheName;
  private final AtomicBoolean logged = new AtomicBoolean();
  private final LongAdder stranded = new LongAdder();

  MutatedKeyGuard(CacheGuards guards, String cacheName) {
    this.guards = guards;
    this.cacheName = cacheName;
  }

  /**
   * Evicts a node that its key could not remove from the table: if it is still alive (no
   * concurrent removal retired it), tells {@code evictionNotifier} the key, the value and the
   * cause under the node's monitor, retires the node and returns {@code true}; the caller then
   * counts and notifies the eviction as usual. Returns {@code false} if the guard is off or the
   * node was removed concurrently.
   */
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  <K, V> boolean strand(Node<K, V> node, RemovalCause cause,
      RemovalListener<K, V> evictionNotifier) {
    if (!guards.isEnabled()) {
      return false;
    }
    K key;
    synchronized (node) {
      if (!node.isAlive()) {
        return false;
      }
      key = node.getKey();
      evictionNotifier.onRemoval(key, node.getValue(), cause);
      node.retire();
    }
    stranded.increment();
    if (logged.compareAndSet(false, true)) {
      guards.recordWarning();
      String keyType = (key == null) ? "null" : key.getClass().getName();
      logger.log(Level.ERROR, "Larder: the cache '" + cacheName + "' could not find an entry by "
          + "its key when evicting it: a key of type " + keyType + " had its hashCode or equals "
          + "changed while it was in the cache. This violates the Map contract. The entry was "
          + "evicted (cause SIZE) and its value released, but the key stays in the table. Use "
          + "immutable keys, or do not mutate a key while it is in a cache. (Logged once per "
          + "cache.)");
    }
    return true;
  }

  /** Returns how many entries were stranded by a mutated key. */
  long strandedEntries() {
    return stranded.sum();
  }
}
