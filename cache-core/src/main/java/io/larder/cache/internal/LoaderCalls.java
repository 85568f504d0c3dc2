package io.larder.cache.internal;

import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * Calls a loader method that may throw a checked exception, as every load and reload does: an
 * unchecked exception passes through, a checked one is wrapped in a {@link CompletionException},
 * and an {@link InterruptedException} also restores the thread's interrupt flag (as Caffeine does).
 *
 * <p>Public only for {@code io.larder.cache.CacheLoader}'s default asynchronous methods; the
 * package is not exported.
 */
public final class LoaderCalls {
  private LoaderCalls() {}

  /** A loader call that may throw a checked exception. */
  @FunctionalInterface
  public interface Call<T> {
    /** Calls the loader; {@code null} if it found no value. */
    @Nullable T call() throws Exception;
  }

  /** Returns what the call returns, rethrowing a checked exception as described above. */
  @SuppressWarnings("NullAway") // a loader may return null where its signature allows it
  public static <T> T unchecked(Call<T> call) {
    try {
      return call.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    } catch (Exception e) {
      throw new CompletionException(e);
    }
  }
}
