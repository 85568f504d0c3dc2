package io.larder.cache.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Completes the placeholder futures of an asynchronous bulk load once the loader's map arrives, as
 * Caffeine does: each requested key's placeholder receives its value (or {@code null}, which
 * removes the entry); extra entries the loader returned are stored as completed futures; a failed
 * or {@code null} map fails every placeholder and removes it. The load is counted once, as a
 * success or a failure, with its duration.
 */
final class AsyncBulkCompleter<K, V>
    implements BiFunction<
        @Nullable Map<? extends K, ? extends V>,
        @Nullable Throwable,
        @Nullable Map<? extends K, ? extends V>> {
  private static final Logger logger = System.getLogger(AsyncBulkCompleter.class.getName());

  private final LocalCache<K, CompletableFuture<V>> cache;
  private final Map<K, CompletableFuture<V>> proxies;
  private final long startTime;

  AsyncBulkCompleter(
      LocalCache<K, CompletableFuture<V>> cache, Map<K, CompletableFuture<V>> proxies) {
    this.startTime = cache.statsTicker().read();
    this.proxies = proxies;
    this.cache = cache;
  }

  @Override
  public @Nullable Map<? extends K, ? extends V> apply(
      @Nullable Map<? extends K, ? extends V> result, @Nullable Throwable error) {
    long loadTime = cache.statsTicker().read() - startTime;
    Throwable failure = handleResponse(result, error);
    if (failure == null) {
      cache.statsCounter().recordLoadSuccess(loadTime);
      return result;
    }
    cache.statsCounter().recordLoadFailure(loadTime);
    throw propagate(failure);
  }

  /**
   * Fails the placeholders with the exception the loader threw when called; rethrows it if
   * unchecked, and otherwise returns it wrapped for the caller to throw.
   */
  CompletionException error(Throwable error) {
    long loadTime = cache.statsTicker().read() - startTime;
    Throwable failure = handleResponse(/* result= */ null, error);
    cache.statsCounter().recordLoadFailure(loadTime);
    if (failure instanceof RuntimeException runtimeException) {
      throw runtimeException;
    } else if (failure instanceof Error err) {
      throw err;
    }
    return new CompletionException(failure);
  }

  /** Returns the failure to throw from a dependent stage: itself if unchecked, else wrapped. */
  private static RuntimeException propagate(Throwable failure) {
    if (failure instanceof RuntimeException runtimeException) {
      return runtimeException;
    } else if (failure instanceof Error err) {
      throw err;
    }
    return new CompletionException(failure);
  }

  @SuppressWarnings("NullAway") // obtrudeValue(null) completes a placeholder whose key is absent
  private @Nullable Throwable handleResponse(
      @Nullable Map<? extends K, ? extends V> result, @Nullable Throwable error) {
    if (result == null) {
      Throwable failure = (error == null) ? new NullMapCompletionException() : error;
      for (var entry : proxies.entrySet()) {
        cache.remove(entry.getKey(), entry.getValue());
        entry.getValue().obtrudeException(failure);
      }
      if (!(failure instanceof CancellationException) && !(failure instanceof TimeoutException)) {
        logger.log(Level.WARNING, "Exception thrown during asynchronous load", failure);
      }
      return failure;
    }
    Throwable failure = fillProxies(result);
    return addNewEntries(result, failure);
  }

  /** Completes the placeholders with the loaded values. */
  @SuppressWarnings("NullAway")
  private @Nullable Throwable fillProxies(Map<? extends K, ? extends V> result) {
    Throwable error = null;
    for (var entry : proxies.entrySet()) {
      K key = entry.getKey();
      V value = result.get(key);
      CompletableFuture<V> future = entry.getValue();
      future.obtrudeValue(value);

      if (value == null) {
        cache.remove(key, future);
      } else {
        try {
          // update the weight and expiration timestamps
          cache.replace(key, future, future);
        } catch (Throwable t) {
          logger.log(Level.WARNING, "Exception thrown during asynchronous load", t);
          cache.remove(key, future);
          error = addFailure(error, t);
        }
      }
    }
    return error;
  }

  /** Stores the entries the loader returned that were not requested. */
  private @Nullable Throwable addNewEntries(
      Map<? extends K, ? extends V> result, @Nullable Throwable failure) {
    Throwable error = failure;
    for (Map.Entry<? extends K, ? extends V> entry : result.entrySet()) {
      K key = entry.getKey();
      V value = entry.getValue();
      if (!proxies.containsKey(key) && (value != null)) {
        try {
          cache.put(key, CompletableFuture.completedFuture(value));
        } catch (Throwable t) {
          logger.log(Level.WARNING, "Exception thrown during asynchronous load", t);
          error = addFailure(error, t);
        }
      }
    }
    return error;
  }

  private static Throwable addFailure(@Nullable Throwable error, Throwable t) {
    if (error == null) {
      return t;
    }
    error.addSuppressed(t);
    return error;
  }

  /** Fails the futures of a bulk load whose loader returned a {@code null} map. */
  static final class NullMapCompletionException extends CompletionException {
    private static final long serialVersionUID = 1L;

    NullMapCompletionException() {
      super();
    }
  }
}
