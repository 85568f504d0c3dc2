package io.larder.cache.internal;

import io.larder.cache.Expiry;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The conditional writes of an asynchronous cache's synchronous views ({@code
 * synchronous().asMap()} and the policy's {@code expireVariably()}), which store completed futures
 * and decide on the completed value of the key's current future, as Caffeine's do.
 *
 * <p>An in-flight future of the key is waited for outside any lock (a failure counts as absent),
 * then the write decides inside the storage's atomic {@code compute}; if another writer installed a
 * new in-flight future meanwhile, the computation leaves it in place and the write waits again.
 */
final class InFlightWrites {
  private InFlightWrites() {}

  /**
   * Stores {@code value} unless the key has a completed value, which is returned; waits for an
   * in-flight future first. The first look-up is a read (it may refresh the entry); later ones,
   * after a wait, are quiet if {@code quietRetries} (the map view) and reads again otherwise (the
   * policy), as in Caffeine.
   */
  static <K, V> @Nullable V putIfAbsent(
      LocalCache<K, CompletableFuture<V>> cache,
      K key,
      CompletableFuture<V> value,
      @Nullable Expiry<? super K, ? super CompletableFuture<V>> expiry,
      boolean quietRetries) {
    CompletableFuture<V> priorFuture = null;
    for (; ; ) {
      priorFuture =
          ((priorFuture == null) || !quietRetries)
              ? cache.getIfPresent(key, /* recordStats= */ false)
              : cache.getIfPresentQuietly(key);
      if (priorFuture != null) {
        if (!priorFuture.isDone()) {
          FutureValues.getWhenSuccessful(priorFuture);
          continue;
        }
        V prior = FutureValues.getWhenSuccessful(priorFuture);
        if (prior != null) {
          return prior;
        }
      }

      boolean[] added = {false};
      CompletableFuture<V> computed =
          cache.compute(
              key,
              (k, valueFuture) -> {
                added[0] =
                    (valueFuture == null)
                        || (valueFuture.isDone() && (FutureValues.getIfReady(valueFuture) == null));
                return added[0] ? value : valueFuture;
              },
              expiry,
              /* recordLoad= */ false,
              /* recordLoadFailure= */ false);

      if (added[0]) {
        return null;
      }
      V prior = FutureValues.getWhenSuccessful(computed);
      if (prior != null) {
        return prior;
      }
    }
  }

  /**
   * Computes a new value from the key's completed value ({@code null} if absent or failed) and
   * stores it as a completed future, or removes the entry if the function returns {@code null};
   * waits for an in-flight future first. The function's load is counted as {@code compute}'s.
   */
  static <K, V> @Nullable V compute(
      LocalCache<K, CompletableFuture<V>> cache,
      K key,
      BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> remappingFunction,
      @Nullable Expiry<? super K, ? super CompletableFuture<V>> expiry) {
    @SuppressWarnings("unchecked")
    @Nullable V[] newValue = (@Nullable V[]) new Object[1];
    for (; ; ) {
      FutureValues.getWhenSuccessful(cache.getIfPresentQuietly(key));

      CompletableFuture<V> valueFuture =
          cache.compute(
              key,
              (k, oldValueFuture) -> {
                if ((oldValueFuture != null) && !oldValueFuture.isDone()) {
                  return oldValueFuture;
                }
                V oldValue = FutureValues.getIfReady(oldValueFuture);
                BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> function =
                    cache.statsAware(
                        remappingFunction, /* recordLoad= */ true, /* recordLoadFailure= */ true);
                newValue[0] = function.apply(key, oldValue);
                return (newValue[0] == null)
                    ? null
                    : CompletableFuture.completedFuture(newValue[0]);
              },
              expiry,
              /* recordLoad= */ false,
              /* recordLoadFailure= */ false);

      if (newValue[0] != null) {
        return newValue[0];
      } else if (valueFuture == null) {
        return null;
      }
    }
  }
}
