package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.RemovalCause;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Refresh after write of a bounded cache, as Caffeine's {@code refreshIfNeeded}: a read of an entry
 * written longer ago than the refresh interval starts the loader's {@code asyncReload}, and the old
 * value is served until the reload completes.
 *
 * <h2>Design</h2>
 *
 * <p><b>Starting.</b> Of the readers that find an entry due, one starts the reload: it marks the
 * entry's write time odd with a compare-and-set (write times are otherwise even, see {@link
 * ExpirationPolicy#setWriteTime}), registers the reload in the cache's {@code refreshes()}, and
 * restores the write time. A write that lands meanwhile sets a new write time, so the restore fails
 * and the completion sees that the entry changed.
 *
 * <p><b>Completing.</b> The outcome is applied atomically for the key, with the write time the
 * reload started from in hand:
 *
 * <ul>
 *   <li>a failure is logged and counted; the entry is untouched, so the next read past the interval
 *       tries again;
 *   <li>if the entry is gone, the reloaded value is discarded (cause EXPLICIT);
 *   <li>if the reload gave the same instance (or, for an asynchronous cache, a future of the same
 *       instance), the entry stays, written again as far as its timestamps go;
 *   <li>if the entry is unchanged since the reload started (still registered, same value, same
 *       write time), the reloaded value replaces it ({@code null} removes it);
 *   <li>otherwise the reloaded value is discarded (cause REPLACED); when a write changed the value
 *       or the write time meanwhile, the entry's timestamps are kept as that write left them (see
 *       {@link LocalCache#compute(Object, java.util.function.BiFunction, io.larder.cache.Expiry,
 *       boolean, boolean, boolean[])}), so that the next refresh is due an interval after it.
 * </ul>
 *
 * <p>In an asynchronous cache the stored value is a future: the reload receives its completed
 * value, and the reload's own future becomes the entry's value.
 */
final class RefreshAfterWrite<K, V> {
  private static final Logger logger = System.getLogger(RefreshAfterWrite.class.getName());

  private static final VarHandle REFRESHES;

  static {
    try {
      REFRESHES =
          MethodHandles.lookup()
              .findVarHandle(RefreshAfterWrite.class, "refreshes", ConcurrentMap.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final BoundedLocalCache<K, V> cache;
  private final ExpirationPolicy<K, V> expiration;
  private volatile LocalCache.@Nullable Reloader<K> reloader;

  @SuppressWarnings("unused") // created lazily through REFRESHES
  private volatile @Nullable ConcurrentMap<Object, CompletableFuture<?>> refreshes;

  RefreshAfterWrite(BoundedLocalCache<K, V> cache, ExpirationPolicy<K, V> expiration) {
    this.cache = cache;
    this.expiration = expiration;
  }

  /**
   * Returns the reloads in flight by key reference (the cache's {@link LocalCache#refreshes()}),
   * created on first use: a cache that never refreshes never allocates it.
   */
  ConcurrentMap<Object, CompletableFuture<?>> refreshes() {
    @SuppressWarnings("unchecked")
    ConcurrentMap<Object, CompletableFuture<?>> pending =
        (ConcurrentMap<Object, CompletableFuture<?>>) REFRESHES.getAcquire(this);
    if (pending == null) {
      pending = new ConcurrentHashMap<>();
      if (!REFRESHES.compareAndSet(this, null, pending)) {
        @SuppressWarnings("unchecked")
        ConcurrentMap<Object, CompletableFuture<?>> winner =
            (ConcurrentMap<Object, CompletableFuture<?>>) REFRESHES.getAcquire(this);
        pending = requireNonNull(winner);
      }
    }
    return pending;
  }

  /** Returns the reloads in flight, or {@code null} if none was ever started. */
  @Nullable ConcurrentMap<Object, CompletableFuture<?>> refreshesIfCreated() {
    return refreshes;
  }

  /** Discards the reload in flight for the key, if any, so that a write wins over it. */
  void discardRefresh(Object keyReference) {
    // containsKey first, as Caffeine: it does not see a reload being registered for this key (a
    // reservation in the refreshes map), which the loader itself may be writing to on this thread,
    // where a remove would fail with a recursive update
    ConcurrentMap<Object, CompletableFuture<?>> pending = refreshes;
    if ((pending != null) && pending.containsKey(keyReference)) {
      pending.remove(keyReference);
    }
  }

  /** Sets how the loading cache reloads a key; until then, nothing is refreshed. */
  void setReloader(LocalCache.Reloader<K> reloader) {
    this.reloader = requireNonNull(reloader);
  }

  /**
   * Starts the reload of the entry if its refresh interval has passed and none is in flight.
   * Returns the entry's new value if the reload completed at once (a same-thread executor), else
   * {@code null}.
   */
  @Nullable V refreshIfNeeded(Node<K, V> node, long now) {
    LocalCache.Reloader<K> reload = reloader;
    if (!expiration.refreshAfterWrite || (reload == null)) {
      return null;
    }
    long writeTime = expiration.writeTime(node);
    if (((now - writeTime) <= expiration.refreshAfterWriteNanos()) || ((writeTime & 1L) != 0L)) {
      return null;
    }
    K key = node.getKey();
    V oldValue = node.getValue();
    if ((key == null) || (oldValue == null) || expiration.isComputingAsync(oldValue)) {
      return null;
    }
    Object keyReference = node.getKeyReference();
    ConcurrentMap<Object, CompletableFuture<?>> refreshes = refreshes();
    long refreshWriteTime = writeTime | 1L;
    if (refreshes.containsKey(keyReference)
        || !node.isAlive()
        || !expiration.casWriteTime(node, writeTime, refreshWriteTime)) {
      return null;
    }

    ReloadStart start = new ReloadStart();
    try {
      refreshes.computeIfAbsent(keyReference, k -> start.begin(reload, key, oldValue));
    } finally {
      expiration.casWriteTime(node, refreshWriteTime, writeTime);
    }
    CompletableFuture<?> reloading = start.future;
    if (reloading == null) {
      return null;
    }
    CompletableFuture<@Nullable V> refreshed =
        reloading.handle(
            (newValue, error) ->
                complete(
                    node,
                    key,
                    keyReference,
                    oldValue,
                    writeTime,
                    start,
                    reloading,
                    newValue,
                    error));
    return FutureValues.getIfReady(refreshed);
  }

  /**
   * Applies a reload's outcome to the entry, as the class comment describes; {@code keyReference}
   * is the key as the reload was registered (the node's own is gone once it is removed).
   */
  private @Nullable V complete(
      Node<K, V> node,
      K key,
      Object keyReference,
      V oldValue,
      long writeTime,
      ReloadStart start,
      CompletableFuture<?> reloading,
      @Nullable Object newValue,
      @Nullable Throwable error) {
    long loadTime = cache.statsTicker().read() - start.startTime;
    ConcurrentMap<Object, CompletableFuture<?>> refreshes = refreshes();
    if (error != null) {
      if (!(error instanceof CancellationException) && !(error instanceof TimeoutException)) {
        logger.log(Level.WARNING, "Exception thrown during refresh", error);
      }
      refreshes.remove(keyReference, reloading);
      cache.statsCounter().recordLoadFailure(loadTime);
      return null;
    }

    // An asynchronous cache stores the reload's own future
    @SuppressWarnings("unchecked")
    V value = (V) ((cache.isAsync() && (newValue != null)) ? reloading : newValue);
    @Nullable RemovalCause[] cause = new RemovalCause[1];
    boolean[] preserveTimestamps = new boolean[1];
    V result;
    try {
      result =
          cache.compute(
              key,
              (k, currentValue) -> {
                boolean removed = refreshes.remove(keyReference, reloading);
                if (currentValue == null) {
                  if (value != null) {
                    cause[0] = RemovalCause.EXPLICIT;
                  }
                  return null;
                } else if (currentValue == value) {
                  return currentValue;
                } else if (cache.isAsync()
                    && (newValue == FutureValues.getIfReady((CompletableFuture<?>) currentValue))) {
                  return currentValue;
                } else if (removed
                    && (currentValue == oldValue)
                    && (expiration.writeTime(node) == writeTime)) {
                  return value;
                }
                if (value != null) {
                  cause[0] = RemovalCause.REPLACED;
                }
                if ((currentValue != oldValue) || (expiration.writeTime(node) != writeTime)) {
                  preserveTimestamps[0] = true;
                }
                return currentValue;
              },
              cache.expiry(),
              /* recordLoad= */ false,
              /* recordLoadFailure= */ true,
              preserveTimestamps);
    } catch (Throwable t) {
      logger.log(Level.WARNING, "Exception thrown during refresh", t);
      cache.statsCounter().recordLoadFailure(loadTime);
      return null;
    }

    RemovalCause discarded = cause[0];
    if (discarded != null) {
      cache.notifyRemoval(key, value, discarded);
    }
    if (newValue == null) {
      cache.statsCounter().recordLoadFailure(loadTime);
    } else {
      cache.statsCounter().recordLoadSuccess(loadTime);
    }
    return result;
  }

  /** The reload a reader started, and when. */
  private final class ReloadStart {
    long startTime;
    @Nullable CompletableFuture<?> future;

    /**
     * Calls the loader's {@code asyncReload}, from the completed value of an asynchronous cache's
     * future; returns the reload, or {@code null} (logged) if it could not be started.
     */
    @Nullable CompletableFuture<?> begin(LocalCache.Reloader<K> reload, K key, V oldValue) {
      try {
        startTime = cache.statsTicker().read();
        Object reloadFrom = oldValue;
        if (cache.isAsync()) {
          Object completed = FutureValues.getIfReady((CompletableFuture<?>) oldValue);
          if (completed == null) {
            return null; // its completion was changed (obtrude)
          }
          reloadFrom = completed;
        }
        future = requireNonNull(reload.reload(key, reloadFrom), "Null future");
        return future;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        logger.log(Level.WARNING, "Exception thrown when submitting refresh task", e);
        return null;
      } catch (Throwable t) {
        logger.log(Level.WARNING, "Exception thrown when submitting refresh task", t);
        return null;
      }
    }
  }
}
