package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Expiry;
import io.larder.cache.RemovalCause;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The compute family of a {@link BoundedLocalCache}: the atomic part of {@code computeIfAbsent}
 * (after the cache's lock-free fast path), {@code compute}, {@code computeIfPresent}, {@code merge}
 * and {@code replaceAll}. Each runs the caller's function inside the table's {@code compute}, under
 * the node's monitor, and tells the policy, the statistics and the listeners afterwards, as the
 * cache's own writes do.
 *
 * <p>A collected or expired entry counts as absent: it is reported as evicted (the eviction
 * listener inside the computation, the removal listener after it), and replaced in place if the
 * function gives a value. If the function throws while such an entry is being replaced, the entry
 * goes all the same and the exception propagates, as in Caffeine.
 */
final class BoundedComputations<K, V> {
  private final BoundedLocalCache<K, V> cache;

  BoundedComputations(BoundedLocalCache<K, V> cache) {
    this.cache = cache;
  }

  /**
   * Computes the value of an absent, collected or expired key with {@code mappingFunction}, or
   * reads the value that a concurrent writer installed meanwhile; {@code now} is when the caller's
   * fast path read the clock.
   */
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  @Nullable V computeIfAbsent(
      K key,
      Function<? super K, ? extends @Nullable V> mappingFunction,
      boolean recordStats,
      long now) {
    ComputeContext<K, V> ctx = new ComputeContext<>();
    Node<K, V> node =
        cache.data.compute(
            cache.references.storedKey(key),
            (k, n) -> {
              if (n == null) {
                V newValue = mappingFunction.apply(key);
                cache.refresher.discardRefresh(k);
                if (newValue == null) {
                  return null;
                }
                ctx.newValue = newValue;
                ctx.newWeight = cache.weigher.weigh(key, newValue);
                return cache.newNode(k, key, newValue, ctx.newWeight, cache.expiry(), now);
              }
              synchronized (n) {
                cache.requireIsAlive(key, n);
                ctx.nodeKey = n.getKey();
                ctx.oldValue = n.getValue();
                if ((ctx.nodeKey != null)
                    && (ctx.oldValue != null)
                    && !cache.expiration.hasExpired(n, now, ctx.oldValue)) {
                  return n;
                }
                // A collected or expired entry is replaced in place, and reported as such
                ctx.oldWeight = n.getWeight();
                ctx.cause =
                    ((ctx.nodeKey == null) || (ctx.oldValue == null))
                        ? RemovalCause.COLLECTED
                        : RemovalCause.EXPIRED;
                cache.notifyEviction(ctx.nodeKey, ctx.oldValue, ctx.cause);
                try {
                  V newValue = mappingFunction.apply(key);
                  if (newValue == null) {
                    ctx.removed = n;
                    cache.refresher.discardRefresh(k);
                    n.retire();
                    return null;
                  }
                  ctx.newValue = newValue;
                  ctx.newWeight = cache.weigher.weigh(key, newValue);
                  long varTime =
                      cache.expiration.expireAfterCreate(key, newValue, cache.expiry(), now);
                  n.setValue(newValue, cache.references.valueQueue());
                  n.setWeight(ctx.newWeight);
                  cache.expiration.onWrite(n, newValue, varTime, now, /* force= */ true);
                  cache.refresher.discardRefresh(k);
                  return n;
                } catch (Throwable t) {
                  // The evicted entry goes, whatever the function did (as in Caffeine)
                  ctx.newValue = null;
                  ctx.exception = t;
                  ctx.removed = n;
                  cache.refresher.discardRefresh(k);
                  n.retire();
                  return null;
                }
              }
            });
    if (ctx.cause != null) {
      cache.afterRemoval(ctx.nodeKey, ctx.oldValue, ctx.oldWeight, ctx.cause);
    }
    Node<K, V> removed = ctx.removed;
    if (removed != null) {
      cache.maintenance.afterWrite(cache.maintenance.removalTask(removed));
      Throwable exception = ctx.exception;
      if (exception != null) {
        throw toUncheckedException(exception);
      }
      return null;
    } else if (node == null) {
      return null;
    }
    V oldValue = ctx.oldValue;
    if ((oldValue != null) && (ctx.cause == null)) {
      return cache.readValue(node, key, oldValue, now, /* recordHit= */ recordStats);
    } else if (ctx.cause == null) {
      cache.afterAdd(node, ctx.newWeight);
    } else {
      cache.maintenance.afterWrite(
          cache.maintenance.updateTask(node, ctx.newWeight - ctx.oldWeight));
    }
    return ctx.newValue;
  }

  /**
   * Computes a new mapping for the key from its current value ({@code null} if absent); a {@code
   * null} result removes it. When {@code computeIfAbsent} is false an absent key stays absent. The
   * function runs inside the table's atomic compute, under the node's monitor. If the function sets
   * {@code preserveTimestamps[0]} and returns the live current value, the entry is left untouched
   * (a discarded refresh).
   */
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  @Nullable V remap(
      K key,
      BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> remappingFunction,
      @Nullable Expiry<? super K, ? super V> expiry,
      boolean computeIfAbsent,
      boolean[] preserveTimestamps) {
    ComputeContext<K, V> ctx = new ComputeContext<>();
    Object tableKey = computeIfAbsent ? cache.references.storedKey(key) : cache.lookupKey(key);
    Node<K, V> node =
        cache.data.compute(
            tableKey,
            (k, n) -> {
              long now = cache.expiration.now();
              ctx.now = now;
              if (n == null) {
                if (!computeIfAbsent) {
                  return null;
                }
                V newValue = remappingFunction.apply(key, null);
                if (newValue == null) {
                  return null;
                }
                ctx.newValue = newValue;
                ctx.newWeight = cache.weigher.weigh(key, newValue);
                cache.refresher.discardRefresh(k);
                return cache.newNode(k, key, newValue, ctx.newWeight, expiry, now);
              }
              synchronized (n) {
                cache.requireIsAlive(key, n);
                K nodeKey = n.getKey();
                V oldValue = n.getValue();
                ctx.nodeKey = nodeKey;
                ctx.oldValue = oldValue;
                ctx.oldWeight = n.getWeight();
                if ((nodeKey == null) || (oldValue == null)) {
                  ctx.cause = RemovalCause.COLLECTED;
                } else if (cache.expiration.hasExpired(n, now, oldValue)) {
                  ctx.cause = RemovalCause.EXPIRED;
                }
                // A collected or expired entry counts as absent, and is reported as evicted
                boolean evicted = (ctx.cause != null);
                if (evicted) {
                  cache.notifyEviction(nodeKey, oldValue, requireNonNull(ctx.cause));
                  if (!computeIfAbsent) {
                    ctx.removed = n;
                    cache.refresher.discardRefresh(k);
                    n.retire();
                    return null;
                  }
                }
                try {
                  V newValue = remappingFunction.apply(nodeKey, evicted ? null : oldValue);
                  if (newValue == null) {
                    if (!evicted) {
                      ctx.cause = RemovalCause.EXPLICIT;
                    }
                    ctx.removed = n;
                    cache.refresher.discardRefresh(k);
                    n.retire();
                    return null;
                  }
                  ctx.newValue = newValue;
                  if (!evicted && preserveTimestamps[0] && (newValue == oldValue)) {
                    // A discarded refresh: the entry stays as the last write left it
                    ctx.preserved = true;
                    cache.refresher.discardRefresh(k);
                    return n;
                  }
                  ctx.newWeight = cache.weigher.weigh(key, newValue);
                  long varTime;
                  if (evicted) {
                    varTime = cache.expiration.expireAfterCreate(key, newValue, expiry, now);
                    n.setValue(newValue, cache.references.valueQueue());
                  } else {
                    varTime = cache.expiration.expireAfterUpdate(n, key, newValue, expiry, now);
                    if (newValue != oldValue) {
                      ctx.cause = RemovalCause.REPLACED;
                      n.setValue(newValue, cache.references.valueQueue());
                    }
                  }
                  n.setWeight(ctx.newWeight);
                  ctx.exceedsTolerance =
                      cache.expiration.onWrite(n, newValue, varTime, now, /* force= */ evicted);
                  cache.refresher.discardRefresh(k);
                  return n;
                } catch (Throwable t) {
                  if (!evicted) {
                    throw t;
                  }
                  // The evicted entry goes, whatever the function did (as in Caffeine)
                  ctx.newValue = null;
                  ctx.exception = t;
                  ctx.removed = n;
                  cache.refresher.discardRefresh(k);
                  n.retire();
                  return null;
                }
              }
            });

    RemovalCause cause = ctx.cause;
    if (cause == RemovalCause.REPLACED) {
      cache.notifyOnReplace(key, ctx.oldValue, requireNonNull(ctx.newValue));
    } else if (cause != null) {
      cache.afterRemoval(ctx.nodeKey, ctx.oldValue, ctx.oldWeight, cause);
    }

    Node<K, V> removed = ctx.removed;
    if (removed != null) {
      cache.maintenance.afterWrite(cache.maintenance.removalTask(removed));
    } else if (node == null || ctx.preserved) {
      // absent and not computed, or left untouched
    } else if ((ctx.oldValue == null) && (cause == null)) {
      cache.afterAdd(node, ctx.newWeight);
    } else if ((cause != null) && cause.wasEvicted()) {
      cache.maintenance.afterWrite(
          cache.maintenance.updateTask(node, ctx.newWeight - ctx.oldWeight));
    } else {
      cache.afterReplace(node, ctx.newWeight - ctx.oldWeight, ctx.exceedsTolerance, ctx.now);
    }
    Throwable exception = ctx.exception;
    if (exception != null) {
      throw toUncheckedException(exception);
    }
    return ctx.newValue;
  }

  /** State carried out of a computation lambda. */
  private static final class ComputeContext<K, V> {
    @Nullable K nodeKey;
    @Nullable V oldValue;
    @Nullable V newValue;
    @Nullable Node<K, V> removed;
    @Nullable RemovalCause cause;
    boolean preserved;
    boolean exceedsTolerance;
    long now;
    @Nullable Throwable exception;
    int oldWeight;
    int newWeight;
  }

  /**
   * Returns what to throw for an exception that a function threw while its entry was being evicted:
   * the exception itself if unchecked (an error is thrown from here), else wrapped in a {@link
   * CompletionException}, as Caffeine does.
   */
  private static RuntimeException toUncheckedException(Throwable t) {
    if (t instanceof Error) {
      throw (Error) t;
    }
    return (t instanceof RuntimeException) ? (RuntimeException) t : new CompletionException(t);
  }
}
