package io.larder.cache;

import static java.util.Objects.requireNonNull;

import io.larder.cache.internal.SystemTimer;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The shared timer behind {@link Scheduler#systemScheduler()}.
 *
 * <p>Class-loader safety: the JDK's {@code CompletableFuture.delayedExecutor}, which Caffeine uses,
 * starts its timer thread from whichever thread first asks for it, and that thread inherits the
 * caller's context class loader: in a servlet container that is the first web application's loader,
 * which then can never be unloaded. Larder's timer ({@link SystemTimer}) starts its thread lazily
 * (never at class load), with a {@code null} context class loader and no inherited protection
 * domains, as a daemon; it drops the tasks of caches that were collected and ends about a second
 * after it has nothing left to serve, so nothing Larder owns keeps an application's loader
 * reachable for more than a couple of seconds once its caches are gone. The scheduled tasks
 * themselves hold their cache weakly (see the cache's expiration pacer).
 */
enum SystemScheduler implements Scheduler {
  INSTANCE;

  private final SystemTimer timer = new SystemTimer("larder-scheduler");

  @Override
  public Future<? extends @Nullable Object> schedule(
      Executor executor, Runnable command, long delay, TimeUnit unit) {
    requireNonNull(executor);
    requireNonNull(command);
    requireNonNull(unit);
    return timer.schedule(executor, command, delay, unit);
  }
}
