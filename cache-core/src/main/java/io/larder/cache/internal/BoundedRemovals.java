package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.RemovalCause;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The removals of whole entries from a {@link BoundedLocalCache}: the explicit ones ({@code
 * remove}, {@code remove(key, value)}, {@code clear}) and the policy's evictions ({@link
 * #evictEntry}: size, expiration, collection). Each takes the node out of the table inside the
 * table's {@code computeIfPresent}, under the node's monitor, where the eviction listener runs;
 * then tells the policy, and last counts an eviction and tells the removal listener ({@link
 * BoundedLocalCache#afterRemoval}), as Caffeine does.
 *
 * <p>An explicit removal of an entry whose key or value was collected, or that expired, removes it
 * all the same, but as an eviction of that cause. A node that its key no longer finds (the key's
 * hash changed while in the cache) is looked up by the hash recorded when it was created, if the
 * {@link MutatedKeyGuard} is on.
 */
final class BoundedRemovals<K, V> {
  private final BoundedLocalCache<K, V> cache;

  BoundedRemovals(BoundedLocalCache<K, V> cache) {
    this.cache = cache;
  }

  /* --------------- Explicit removals --------------- */

  /**
   * Removes the key's entry and returns its value. An entry whose key or value was collected, or
   * that expired, is removed all the same, but as an eviction of that cause (counted, and told to
   * the eviction listener), and {@code null} is returned, as Caffeine does.
   */
  @Nullable V remove(Object key) {
    RemovalContext<K, V> ctx = removeEntry(key, /* value= */ null);
    return ((ctx != null) && (ctx.cause == RemovalCause.EXPLICIT)) ? ctx.value : null;
  }

  /**
   * Removes the key's entry if its value is {@code value}; returns whether it did. A collected or
   * expired entry is removed whatever its value, as an eviction of that cause, and {@code false} is
   * returned, as Caffeine does.
   */
  boolean remove(Object key, @Nullable Object value) {
    requireNonNull(key);
    if (value == null) {
      return false;
    }
    RemovalContext<K, V> ctx = removeEntry(key, value);
    return (ctx != null) && (ctx.cause == RemovalCause.EXPLICIT);
  }

  /**
   * Removes the key's entry, if its value is {@code value} when one is given; a collected or
   * expired entry goes whatever its value, as an eviction of that cause (the eviction listener
   * inside the removal). Then tells the policy, counts an eviction and tells the removal listener.
   * Returns what was removed, or {@code null} if nothing was.
   */
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  private @Nullable RemovalContext<K, V> removeEntry(Object key, @Nullable Object value) {
    RemovalContext<K, V> ctx = new RemovalContext<>();
    cache.data.computeIfPresent(
        cache.lookupKey(key),
        (k, n) -> {
          synchronized (n) {
            cache.requireIsAlive(key, n);
            K nodeKey = n.getKey();
            V nodeValue = n.getValue();
            RemovalCause cause = removalCause(n, nodeKey, nodeValue);
            if ((value != null) && (cause == RemovalCause.EXPLICIT) && !n.containsValue(value)) {
              return n;
            }
            ctx.key = nodeKey;
            ctx.value = nodeValue;
            ctx.oldWeight = n.getWeight();
            ctx.node = n;
            ctx.cause = cause;
            if (cause.wasEvicted()) {
              cache.notifyEviction(nodeKey, nodeValue, cause);
            }
            cache.refresher.discardRefresh(k);
            n.retire();
            return null;
          }
        });
    Node<K, V> removed = ctx.node;
    if (removed == null) {
      return null;
    }
    cache.maintenance.afterWrite(cache.maintenance.removalTask(removed));
    cache.afterRemoval(ctx.key, ctx.value, ctx.oldWeight, requireNonNull(ctx.cause));
    return ctx;
  }

  /**
   * Returns why a node that is removed explicitly leaves: {@code COLLECTED} if its key or value was
   * collected, {@code EXPIRED} if it expired, else {@code EXPLICIT}; the caller holds the node's
   * monitor.
   */
  private RemovalCause removalCause(Node<K, V> node, @Nullable K key, @Nullable V value) {
    if ((key == null) || (value == null)) {
      return RemovalCause.COLLECTED;
    } else if (cache.expiration.hasExpired(node, cache.expiration.now(), value)) {
      return RemovalCause.EXPIRED;
    }
    return RemovalCause.EXPLICIT;
  }

  /**
   * Removes every entry: under the eviction lock, after discarding the pending reads and applying
   * the pending writes, one by one while writers keep up; once concurrent writes fill half the
   * write buffer, the rest by {@link #remove(Object)} outside the lock.
   */
  void clear() {
    BoundedMaintenance<K, V> maintenance = cache.maintenance;
    Deque<Node<K, V>> entries;
    maintenance.evictionLock.lock();
    try {
      // Discard the pending reads and apply the pending writes
      maintenance.readBuffer.drainTo(node -> {});
      Runnable task;
      while ((task = maintenance.writeBuffer.poll()) != null) {
        task.run();
      }

      // Remove one by one under the lock while writers keep up; stragglers outside it
      int threshold = BoundedMaintenance.WRITE_BUFFER_MAX / 2;
      entries = new ArrayDeque<>(cache.data.values());
      while (!entries.isEmpty() && (maintenance.writeBuffer.size() < threshold)) {
        removeNode(entries.pollFirst());
      }
    } finally {
      maintenance.evictionLock.unlock();
    }
    for (Node<K, V> node : entries) {
      Object key = node.getKeyReference();
      if (node.isAlive()) {
        remove(key);
      }
    }
  }

  /** Removes a node explicitly while holding the eviction lock (for {@link #clear()}). */
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  private void removeNode(Node<K, V> node) {
    K key = node.getKey();
    Object keyReference = node.getKeyReference();
    RemovalContext<K, V> ctx = new RemovalContext<>();
    BiFunction<Object, Node<K, V>, @Nullable Node<K, V>> remover =
        (k, n) -> {
          if (n != node) {
            return n;
          }
          synchronized (n) {
            ctx.value = n.getValue();
            ctx.removed = true;
            ctx.cause = removalCause(n, key, ctx.value);
            if (ctx.cause.wasEvicted()) {
              cache.notifyEviction(key, ctx.value, ctx.cause);
            }
            cache.refresher.discardRefresh(k);
            n.retire();
            return null;
          }
        };
    removeFromTable(node, key, keyReference, remover, ctx);
    unlinkAndFinish(node, key, ctx);
  }

  /* --------------- Evictions --------------- */

  /**
   * Removes a node chosen by the policy from the table and the policy (the policy's {@link
   * WindowTinyLfuPolicy.Evictor}); returns {@code false} if it must stay (it now weighs zero). The
   * caller holds the eviction lock.
   */
  boolean evictEntry(Node<K, V> node, RemovalCause cause) {
    long now = (cause == RemovalCause.EXPIRED) ? cache.expiration.now() : 0L;
    return evictEntry(node, cause, now);
  }

  /**
   * Removes the node for the cause, as {@link #evictEntry(Node, RemovalCause)}; an entry to expire
   * that is no longer due at {@code now} (a write refreshed it) stays, and {@code false} is
   * returned. The caller holds the eviction lock.
   */
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  boolean evictEntry(Node<K, V> node, RemovalCause cause, long now) {
    K key = node.getKey();
    Object keyReference = node.getKeyReference();
    RemovalContext<K, V> ctx = new RemovalContext<>();
    BiFunction<Object, Node<K, V>, @Nullable Node<K, V>> remover =
        (k, n) -> {
          if (n != node) {
            return n;
          }
          synchronized (n) {
            ctx.value = n.getValue();
            ctx.cause = ((key == null) || (ctx.value == null)) ? RemovalCause.COLLECTED : cause;
            if ((cause == RemovalCause.COLLECTED) && (ctx.cause != cause)) {
              ctx.resurrect = true; // a stale reference: the entry is whole
              return n;
            } else if ((ctx.cause == RemovalCause.SIZE) && (n.getWeight() == 0)) {
              ctx.resurrect = true;
              return n;
            } else if ((cause == RemovalCause.EXPIRED)
                && !cache.expiration.hasExpired(n, now, ctx.value)) {
              ctx.resurrect = true;
              return n;
            }
            cache.notifyEviction(key, ctx.value, ctx.cause);
            cache.refresher.discardRefresh(k);
            ctx.removed = true;
            n.retire();
            return null;
          }
        };
    removeFromTable(node, key, keyReference, remover, ctx);
    if (ctx.resurrect) {
      return false;
    }
    if (!ctx.removed && node.isAlive()) {
      // Not found by its key nor by its recorded hash, yet nobody removed it (MutatedKeyGuard)
      ctx.removed =
          cache
              .guards()
              .mutatedKeys()
              .strand(
                  node,
                  cause,
                  (k, v, c) -> {
                    ctx.value = v;
                    ctx.cause = c;
                    cache.notifyEviction(k, v, c);
                  });
    }
    unlinkAndFinish(node, key, ctx);
    return true;
  }

  /**
   * Applies {@code remover} to the node's table entry, found by its key or, if a live node is
   * neither removed nor kept by that ({@code ctx}), by the hash its key had when it was created
   * ({@link #removeByRecordedHash}); a node removed that way is recorded with the {@link
   * MutatedKeyGuard}.
   */
  private void removeFromTable(
      Node<K, V> node,
      @Nullable K key,
      Object keyReference,
      BiFunction<Object, Node<K, V>, @Nullable Node<K, V>> remover,
      RemovalContext<K, V> ctx) {
    cache.data.computeIfPresent(keyReference, remover);
    if (!ctx.removed && !ctx.resurrect && node.isAlive()) {
      removeByRecordedHash(node, keyReference, remover, ctx);
      if (ctx.removed) {
        cache.guards().mutatedKeys().recordRemoved(key);
      }
    }
  }

  /**
   * Takes the node out of the policy's orders and, if this thread removed it ({@code ctx}), counts
   * an eviction and tells the removal listener. The caller holds the eviction lock.
   */
  private void unlinkAndFinish(Node<K, V> node, @Nullable K key, RemovalContext<K, V> ctx) {
    // Unlink at once, even if a concurrent removal won the race, so that the next victim is chosen
    // from the remaining entries before that removal's task is applied.
    cache.policy.unlink(node);
    cache.expiration.unlink(node);
    cache.policy.makeDead(node);
    if (ctx.removed) {
      cache.afterRemoval(key, ctx.value, node.getWeight(), requireNonNull(ctx.cause));
    }
  }

  /**
   * Applies {@code remover} to the table entry of a live node that its key no longer finds (the
   * key's hash changed: see {@link MutatedKeyGuard}), looking it up by the hash the key had when
   * the node was created and by the identity of the key object, until the remover removed or kept
   * it ({@code ctx}). Nothing is looked up while the guard is off (Caffeine's behaviour).
   */
  private void removeByRecordedHash(
      Node<K, V> node,
      Object keyReference,
      BiFunction<Object, Node<K, V>, @Nullable Node<K, V>> remover,
      RemovalContext<K, V> ctx) {
    if (!cache.guards().mutatedKeys().recordsKeyHashes()) {
      return;
    }
    for (int attempt = 0; attempt < MutatedKeyGuard.LOOKUPS; attempt++) {
      cache.data.computeIfPresent(
          MutatedKeyGuard.tableLookup(node, keyReference, attempt), remover);
      if (ctx.removed || ctx.resurrect) {
        return;
      }
    }
  }

  /** State carried out of a removal lambda. */
  private static final class RemovalContext<K, V> {
    @Nullable K key;
    @Nullable V value;
    @Nullable RemovalCause cause;
    @Nullable Node<K, V> node;
    boolean removed;
    boolean resurrect;
    int oldWeight;
  }
}
