package io.larder.cache.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * Reads the values of the futures an asynchronous cache stores. A future counts as a value only
 * once it has completed successfully with a non-null result; an in-flight, failed or null future is
 * invisible to the synchronous views and the policy.
 */
final class FutureValues {
  private FutureValues() {}

  /** Returns whether the future has completed successfully with a non-null value. */
  static boolean isReady(@Nullable CompletableFuture<?> future) {
    return (future != null)
        && future.isDone()
        && !future.isCompletedExceptionally()
        && (future.join() != null);
  }

  /** Returns the future's value if it is ready, or {@code null} if in flight or failed. */
  static <V> @Nullable V getIfReady(@Nullable CompletableFuture<V> future) {
    return (future != null) && isReady(future) ? future.join() : null;
  }

  /**
   * Returns what the user stored, for sizing: in an asynchronous cache, a future's value once it is
   * ready, else the value as it is (an in-flight or failed future, or any value of a synchronous
   * cache, even one that happens to be a future).
   */
  static Object storedValue(Object value, boolean async) {
    if (async && (value instanceof CompletableFuture<?>)) {
      Object ready = getIfReady((CompletableFuture<?>) value);
      return (ready == null) ? value : ready;
    }
    return value;
  }

  /** Waits for the future and returns its value, or {@code null} if it failed or is absent. */
  static <V> @Nullable V getWhenSuccessful(@Nullable CompletableFuture<V> future) {
    try {
      return (future == null) ? null : future.join();
    } catch (CancellationException | CompletionException e) {
      return null;
    }
  }
}
