package io.larder.cache.internal;

import io.larder.cache.CacheObserver.Rule;
import io.larder.cache.RemovalCause;
import io.larder.cache.RemovalListener;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Removes from a bounded cache's hash table an entry whose key's {@code hashCode} (or {@code
 * equals}) changed while the key was in the table.
 *
 * <h2>The problem</h2>
 *
 * <p>Eviction, expiration and {@code clear()} remove an entry from the hash table by its key. If
 * the key was mutated after insertion, the table looks for it in the bin of its new hash and does
 * not find it, and no public operation of {@link java.util.concurrent.ConcurrentHashMap} can remove
 * an entry whose key no longer hashes to its bin: its iterators and views remove by key too, and
 * the map never reveals the hash it stored. Caffeine logs an error and unlinks its node from the
 * policy, but the table keeps its own node, Caffeine's dead node and the mutated key (with
 * everything the key references) for as long as the cache lives; the entry is neither counted as an
 * eviction nor notified, and the cache's size still counts it.
 *
 * <h2>What Larder does</h2>
 *
 * <p>While the guard is on, each node records the hash code its table key had when the node was
 * created (all but the two low bits, which hold the policy's queue type: see {@link Node}). When a
 * removal by key misses a node that is still alive, the storage looks the table up again with
 * {@link #tableLookup}: a stand-in key whose {@code hashCode} is the recorded one (each of the four
 * values the two missing bits allow, so at most four lookups) and whose {@code equals} matches the
 * table's key object by identity only, so that no other entry can be taken for it. The entry is
 * then removed exactly as one found by its key: under its node's monitor, told to the eviction
 * listener and counted with the cause of the removal (SIZE for an eviction by the bound or by the
 * unbounded-growth guard, EXPIRED for expiration), and told to the removal listener. The key
 * becomes unreachable from the cache. The first occurrence in a cache is logged once, at ERROR,
 * with the key's class.
 *
 * <p>Should the recorded hash not find it either (a key whose hash code changed between its
 * insertion and the recording, or a {@code hashCode} that is not a function of the key's state),
 * the node is <i>stranded</i> as before: its value is taken and the node retired under its monitor,
 * the eviction counted and notified, the cache's size stops counting it, but the key and the
 * table's node stay in the table. With the guard off nothing is recorded and a removal that misses
 * behaves exactly as Caffeine's (unlinked, not notified, not counted, not logged).
 */
final class MutatedKeyGuard {
  private static final Logger logger = System.getLogger(MutatedKeyGuard.class.getName());

  /** The lookups with the recorded hash: one per value of the two bits it does not keep. */
  static final int LOOKUPS = 4;

  private final CacheGuards guards;
  private final String cacheName;
  private final AtomicBoolean logged = new AtomicBoolean();
  private final LongAdder removed = new LongAdder();
  private final LongAdder stranded = new LongAdder();

  MutatedKeyGuard(CacheGuards guards, String cacheName) {
    this.guards = guards;
    this.cacheName = cacheName;
  }

  /** Returns whether nodes record their key's hash (the guard is on). */
  boolean recordsKeyHashes() {
    return guards.isEnabled();
  }

  /**
   * Returns the stand-in key of the {@code attempt}-th lookup (0 to {@link #LOOKUPS} - 1) for the
   * table entry whose key object is {@code tableKey} and whose node is {@code node}.
   */
  static Object tableLookup(Node<?, ?> node, Object tableKey, int attempt) {
    return new IdentityLookup(node.recordedKeyHash(attempt), tableKey);
  }

  /**
   * Counts an entry that its key could not find but its recorded hash did, and logs the first
   * occurrence in the cache.
   */
  void recordRemoved(@Nullable Object key) {
    removed.increment();
    logOnce(
        key,
        "The entry was removed from the cache (found by the hash its key had when it "
            + "was inserted) and counted and notified as an eviction, so nothing leaks; but lookups "
            + "by that key missed it while it was there.");
  }

  /**
   * Evicts a node that neither its key nor its recorded hash could remove from the table: if it is
   * still alive (no concurrent removal retired it), tells {@code evictionNotifier} the key, the
   * value and the cause under the node's monitor, retires the node and returns {@code true}; the
   * caller then counts and notifies the eviction as usual. Returns {@code false} if the guard is
   * off or the node was removed concurrently.
   */
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  <K, V> boolean strand(
      Node<K, V> node, RemovalCause cause, RemovalListener<K, V> evictionNotifier) {
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
    logOnce(
        key,
        "The entry was evicted (cause "
            + cause
            + ") and its value released, but the key could not be found even by its original "
            + "hash and stays in the table.");
    return true;
  }

  private void logOnce(@Nullable Object key, String outcome) {
    if (logged.compareAndSet(false, true)) {
      String keyType = (key == null) ? "null" : key.getClass().getName();
      String message =
          "Larder: the cache '"
              + cacheName
              + "' could not find an entry by "
              + "its key when removing it: a key of type "
              + keyType
              + " had its hashCode or equals "
              + "changed while it was in the cache. This violates the Map contract. "
              + outcome
              + " Use immutable keys, or do not mutate a key while it is in a cache. (Logged once "
              + "per cache.)";
      guards.recordWarning(Rule.MUTATED_KEY, message);
      logger.log(Level.ERROR, message);
    }
  }

  /** Returns how many entries were found by their recorded hash and removed. */
  long removedEntries() {
    return removed.sum();
  }

  /** Returns how many entries were stranded: evicted but left in the table. */
  long strandedEntries() {
    return stranded.sum();
  }

  /**
   * A stand-in for a table key: the hash code the key had, and equality by identity with the key
   * object. The table calls {@code lookup.equals(storedKey)} only for a stored hash equal to the
   * lookup's, so it can match the one entry whose key is that object, and nothing else.
   */
  private static final class IdentityLookup {
    private final int hash;
    private final Object tableKey;

    IdentityLookup(int hash, Object tableKey) {
      this.hash = hash;
      this.tableKey = tableKey;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other == tableKey;
    }
  }
}
