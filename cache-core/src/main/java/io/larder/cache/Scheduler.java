package io.larder.cache;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A scheduler that submits a task to an executor after a given delay; the cache uses it to run its
 * maintenance when the next entry is due to expire, with no other activity on the cache.
 */
@FunctionalInterface
public interface Scheduler {

  /**
   * Returns a future that will submit the task to the given executor after the given delay.
   *
   * @param executor the executor to run the task
   * @param command the runnable task to schedule
   * @param delay how long to delay, in units of {@code unit}
   * @param unit a {@code TimeUnit} determining how to interpret the {@code delay} parameter
   * @return a scheduled future representing pending submission of the task
   */
  Future<? extends @Nullable Object> schedule(
      Executor executor, Runnable command, long delay, TimeUnit unit);

  /** Returns a scheduler that always returns a successfully completed future. */
  static Scheduler disabledScheduler() {
    return DisabledScheduler.INSTANCE;
  }

  /**
   * Returns a scheduler backed by one shared daemon thread that Larder starts on first use and that
   * ends after a short idle period. Unlike a JDK-provided timer thread, it carries no context class
   * loader and no inherited access control context, so it never pins a web application's class
   * loader.
   */
  static Scheduler systemScheduler() {
    return SystemScheduler.INSTANCE;
  }

  /** Returns a scheduler that delegates to the a {@link ScheduledExecutorService}. */
  static Scheduler forScheduledExecutorService(ScheduledExecutorService scheduledExecutorService) {
    return new ExecutorServiceScheduler(scheduledExecutorService);
  }

  /**
   * Returns a scheduler that suppresses and logs any exception thrown by the delegate {@code
   * scheduler}, and replaces a {@code null} future with a completed one.
   */
  static Scheduler guardedScheduler(Scheduler scheduler) {
    return (scheduler instanceof GuardedScheduler) ? scheduler : new GuardedScheduler(scheduler);
  }
}

/**
 * Adapts a {@link ScheduledExecutorService}: when the delay elapses, the task goes to the executor.
 */
final class ExecutorServiceScheduler implements Scheduler {
  private static final Logger logger = System.getLogger(ExecutorServiceScheduler.class.getName());

  final ScheduledExecutorService scheduledExecutorService;

  ExecutorServiceScheduler(ScheduledExecutorService scheduledExecutorService) {
    this.scheduledExecutorService =
        requireNonNull(scheduledExecutorService, "scheduledExecutorService");
  }

  @Override
  public Future<? extends @Nullable Object> schedule(
      Executor executor, Runnable command, long delay, TimeUnit unit) {
    requireNonNull(executor);
    requireNonNull(command);
    requireNonNull(unit);
    if (scheduledExecutorService.isShutdown()) {
      return DisabledFuture.INSTANCE;
    }
    return scheduledExecutorService.schedule(
        () -> {
          try {
            executor.execute(command);
          } catch (RuntimeException | Error t) {
            logger.log(Level.WARNING, "Exception thrown when submitting scheduled task", t);
            throw t;
          }
        },
        delay,
        unit);
  }
}

/** A scheduler that logs and discards the failures of its delegate. */
final class GuardedScheduler implements Scheduler {
  private static final Logger logger = System.getLogger(GuardedScheduler.class.getName());

  final Scheduler delegate;

  GuardedScheduler(Scheduler delegate) {
    this.delegate = requireNonNull(delegate, "scheduler");
  }

  @Override
  @SuppressWarnings("NullAway")
  public Future<? extends @Nullable Object> schedule(
      Executor executor, Runnable command, long delay, TimeUnit unit) {
    try {
      Future<? extends @Nullable Object> future = delegate.schedule(executor, command, delay, unit);
      return (future == null) ? DisabledFuture.INSTANCE : future;
    } catch (RuntimeException | Error t) {
      logger.log(Level.WARNING, "Exception thrown by scheduler; discarded task", t);
      return DisabledFuture.INSTANCE;
    }
  }
}

/** The scheduler that never runs anything. */
enum DisabledScheduler implements Scheduler {
  INSTANCE;

  @Override
  public Future<? extends @Nullable Object> schedule(
      Executor executor, Runnable command, long delay, TimeUnit unit) {
    requireNonNull(executor);
    requireNonNull(command);
    requireNonNull(unit);
    return DisabledFuture.INSTANCE;
  }
}

/** A future that is already complete with {@code null}. */
enum DisabledFuture implements Future<@Nullable Void> {
  INSTANCE;

  @Override
  public boolean isDone() {
    return true;
  }

  @Override
  public boolean isCancelled() {
    return false;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return false;
  }

  @Override
  public @Nullable Void get() {
    return null;
  }

  @Override
  public @Nullable Void get(long timeout, TimeUnit unit) {
    requireNonNull(unit);
    return null;
  }
}
