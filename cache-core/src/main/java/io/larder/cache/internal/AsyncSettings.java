package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Expiry;
import io.larder.cache.RemovalCause;
import io.larder.cache.RemovalListener;
import io.larder.cache.Weigher;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Adapts the settings of an asynchronous cache to the storage that holds its futures: a {@code
 * CacheSettings<K, V>} becomes a {@code CacheSettings<K, CompletableFuture<V>>} whose strategies
 * look through the futures, as Caffeine's do.
 *
 * <ul>
 *   <li>The weigher weighs the completed value, and an in-flight future as {@code 0}, so that a
 *       load in progress is never evicted for size; the storage re-weighs the entry when the
 *       future completes (the adapter calls {@code replace(key, future, future)}).
 *   <li>The variable expiry delegates once the future has completed and returns {@link
 *       #ASYNC_EXPIRY} (more than {@link #MAXIMUM_EXPIRY}) while it is in flight, so that the
 *       storage can tell a pending load from a long-lived value.
 *   <li>The eviction listener receives the completed value (an in-flight future is never evicted);
 *       the removal listener waits for the future and is told only of a successful value.
 * </ul>
 */
final class AsyncSettings {
  private static final Logger logger = System.getLogger(AsyncSettings.class.getName());

  /** The longest lifetime an entry may be given: about 146 years, as in Caffeine. */
  public static final long MAXIMUM_EXPIRY = Long.MAX_VALUE >> 1;

  /**
   * The lifetime of an in-flight future: about 220 years, beyond {@link #MAXIMUM_EXPIRY} so that a
   * storage recognises a pending load by its duration.
   */
  public static final long ASYNC_EXPIRY = (Long.MAX_VALUE >> 1) + (Long.MAX_VALUE >> 2);

  private AsyncSettings() {}

  /** Returns the settings of the storage that holds the futures of an asynchronous cache. */
  public static <K, V> CacheSettings<K, CompletableFuture<V>> adapt(CacheSettings<K, V> settings) {
    Expiry<? super K, ? super V> expiry = settings.expiry();
    RemovalListener<? super K, ? super V> evictionListener = settings.evictionListener();
    RemovalListener<? super K, ? super V> removalListener = settings.removalListener();
    return new CacheSettings<>(
        settings.name(),
        settings.creationSite(),
        settings.initialCapacity(),
        settings.maximumSize(),
        settings.maximumWeight(),
        new AsyncWeigher<K, V>(settings.weigher()),
        settings.weighted(),
        settings.weakKeys(),
        settings.valueStrength(),
        settings.expireAfterWriteNanos(),
        settings.expireAfterAccessNanos(),
        (expiry == null) ? null : new AsyncExpiry<K, V>(expiry),
        settings.refreshAfterWriteNanos(),
        settings.ticker(),
        settings.statsTicker(),
        settings.executor(),
        settings.scheduler(),
        (evictionListener == null) ? null : new AsyncEvictionListener<K, V>(evictionListener),
        (removalListener == null)
            ? null
            : new AsyncRemovalListener<K, V>(removalListener, settings.executor()),
        settings.statsCounterSupplier(),
        settings.maximumMemoryBytes(),
        settings.maximumEntryMemoryBytes(),
        settings.memoryBudget(),
        settings.leakGuard());
  }

  /** A weigher of futures: the completed value's weight, or {@code 0} while in flight. */
  static final class AsyncWeigher<K, V> implements Weigher<K, CompletableFuture<V>> {
    final Weigher<? super K, ? super V> delegate;

    AsyncWeigher(Weigher<? super K, ? super V> delegate) {
      this.delegate = requireNonNull(delegate);
    }

    @Override
    public int weigh(K key, CompletableFuture<V> future) {
      V value = FutureValues.getIfReady(future);
      return (value == null) ? 0 : delegate.weigh(key, value);
    }
  }

  /**
   * An expiry of futures: the delegate's duration (capped at {@link #MAXIMUM_EXPIRY}) once the
   * future has completed, {@link #ASYNC_EXPIRY} while in flight.
   */
  public static final class AsyncExpiry<K, V> implements Expiry<K, CompletableFuture<V>> {
    final Expiry<? super K, ? super V> delegate;

    /** Creates an expiry of futures that delegates to {@code delegate} for completed values. */
    public AsyncExpiry(Expiry<? super K, ? super V> delegate) {
      this.delegate = requireNonNull(delegate);
    }

    @Override
    public long expireAfterCreate(K key, CompletableFuture<V> future, long currentTime) {
      V value = FutureValues.getIfReady(future);
      if (value == null) {
        return ASYNC_EXPIRY;
      }
      return Math.min(delegate.expireAfterCreate(key, value, currentTime), MAXIMUM_EXPIRY);
    }

    @Override
    public long expireAfterUpdate(
        K key, CompletableFuture<V> future, long currentTime, long currentDuration) {
      V value = FutureValues.getIfReady(future);
      if (value == null) {
        return ASYNC_EXPIRY;
      }
      // An entry whose future was in flight is created, from the delegate's point of view, now.
      long duration =
          (currentDuration > MAXIMUM_EXPIRY)
              ? delegate.expireAfterCreate(key, value, currentTime)
              : delegate.expireAfterUpdate(key, value, currentTime, currentDuration);
      return Math.min(duration, MAXIMUM_EXPIRY);
    }

    @Override
    public long expireAfterRead(
        K key, CompletableFuture<V> future, long currentTime, long currentDuration) {
      V value = FutureValues.getIfReady(future);
      if (value == null) {
        return ASYNC_EXPIRY;
      }
      return Math.min(
          delegate.expireAfterRead(key, value, currentTime, currentDuration), MAXIMUM_EXPIRY);
    }
  }

  /** An eviction listener of futures: told of the completed value, synchronously. */
  static final class AsyncEvictionListener<K, V>
      implements RemovalListener<K, CompletableFuture<V>> {
    final RemovalListener<? super K, ? super V> delegate;

    AsyncEvictionListener(RemovalListener<? super K, ? super V> delegate) {
      this.delegate = requireNonNull(delegate);
    }

    @Override
    public void onRemoval(
        @Nullable K key, @Nullable CompletableFuture<V> future, RemovalCause cause) {
      // Only a completed entry is eligible for eviction
      V value = FutureValues.getIfReady(future);
      if (value != null) {
        delegate.onRemoval(key, value, cause);
      }
    }
  }

  /**
   * A removal listener of futures: once the future completes with a value, tells the delegate on
   * the executor; a failed or null future is not reported. Failures are logged, never thrown.
   */
  static final class AsyncRemovalListener<K, V>
      implements RemovalListener<K, CompletableFuture<V>> {
    final RemovalListener<? super K, ? super V> delegate;
    final Executor executor;

    AsyncRemovalListener(RemovalListener<? super K, ? super V> delegate, Executor executor) {
      this.delegate = requireNonNull(delegate);
      this.executor = requireNonNull(executor);
    }

    @Override
    @SuppressWarnings("FutureReturnValueIgnored")
    public void onRemoval(
        @Nullable K key, @Nullable CompletableFuture<V> future, RemovalCause cause) {
      if (future == null) {
        return;
      }
      future.thenAccept(
          value -> {
            if (value != null) {
              notify(key, value, cause);
            }
          });
    }

    private void notify(@Nullable K key, V value, RemovalCause cause) {
      Runnable task =
          () -> {
            try {
              delegate.onRemoval(key, value, cause);
            } catch (Throwable t) {
              logger.log(Level.WARNING, "Exception thrown by removal listener", t);
            }
          };
      try {
        executor.execute(task);
      } catch (Throwable t) {
        logger.log(Level.ERROR, "Exception thrown when submitting removal listener", t);
        task.run();
      }
    }
  }
}
