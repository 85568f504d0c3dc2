package io.larder.cache;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The shared timer behind {@link Scheduler#systemScheduler()}.
 *
 * <p>Class-loader safety: the JDK's {@code CompletableFuture.delayedExecutor}, which Caffeine uses,
 * starts its timer thread from whichever thread first asks for it, and that thread inherits the
 * caller's context class loader: in a servlet container that is the first web application's loader,
 * which then can never be unloaded. Larder's timer thread is created lazily (never at class load),
 * with a {@code null} context class loader, as a daemon, and its pool lets the thread end after an
 * idle minute, so nothing Larder owns keeps an application's loader reachable once its caches are
 * gone. The scheduled tasks themselves hold their cache weakly (see the cache's maintenance task).
 */
enum SystemScheduler implements Scheduler {
  INSTANCE;

  private static final long IDLE_SECONDS = 60;

  private volatile @Nullable ScheduledThreadPoolExecutor timer;

  @Override
  public Future<? extends @Nullable Object> schedule(
      Executor executor, Runnable command, long delay, TimeUnit unit) {
    requireNonNull(executor);
    requireNonNull(command);
    requireNonNull(unit);
    return timer().schedule(() -> executor.execute(command), delay, unit);
  }

  private ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor current = timer;
    if (current == null) {
      synchronized (this) {
        current = timer;
        if (current == null) {
          current = new ScheduledThreadPoolExecutor(1, new TimerThreadFactory());
          current.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
          current.allowCoreThreadTimeOut(true);
          current.setRemoveOnCancelPolicy(true);
          timer = current;
        }
      }
    }
    return current;
  }

  /** Creates the timer's daemon thread with no context class loader. */
  static final class TimerThreadFactory implements ThreadFactory {
    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(null, task, "larder-scheduler", 0, false);
      thread.setDaemon(true);
      thread.setContextClassLoader(null);
      return thread;
    }
  }
}
