package io.larder.cache.internal;

import io.larder.cache.Scheduler;
import java.lang.ref.WeakReference;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Schedules a cache's next maintenance at its next expiration, so that expired entries are removed
 * (and the listeners told) without further activity on the cache: Caffeine's pacer.
 *
 * <p>One task is pending at a time. A request for a time no earlier than the pending one (or
 * earlier by less than the tolerance, about a second) keeps the pending task; an earlier one
 * cancels it and schedules anew. Delays are rounded up to the tolerance, so a burst of short
 * lifetimes costs one wake-up per second.
 *
 * <p><b>Leak safety.</b> The task handed to the scheduler holds the cache's maintenance through a
 * {@link WeakReference} only: a cache dropped with a task pending becomes unreachable, and the
 * task, when it fires, finds the reference cleared and does nothing. Guarded by the eviction lock.
 */
final class ExpirationPacer {
  /** The granularity of scheduled maintenance: about a second. */
  static final long TOLERANCE = TimerWheel.ceilingPowerOfTwo(TimeUnit.SECONDS.toNanos(1));

  /** The longest delay requested from the scheduler. */
  static final long MAXIMUM_DELAY = Long.MAX_VALUE >> 1;

  private final Scheduler scheduler;
  private final Executor executor;
  private final Runnable task;
  private long nextFireTime;
  private @Nullable Future<?> future;

  /** Creates the pacer of a cache's maintenance, which the scheduled task holds weakly. */
  ExpirationPacer(Scheduler scheduler, Executor executor, BoundedMaintenance<?, ?> maintenance) {
    this.scheduler = scheduler;
    this.executor = executor;
    this.task = new WeakCleanUpTask(maintenance);
  }

  /** Returns whether the scheduler does nothing (the default), so pacing is pointless. */
  static boolean isDisabled(Scheduler scheduler) {
    return scheduler == Scheduler.disabledScheduler();
  }

  /** Returns the time the pending task fires at, or {@code 0} if none. */
  long nextFireTime() {
    return nextFireTime;
  }

  /** Returns whether a task is pending. */
  boolean isScheduled() {
    return future != null;
  }

  /** Schedules maintenance {@code delay} nanoseconds after {@code now}, coalescing requests. */
  void schedule(long now, long delay) {
    long scheduleAt = now + delay;
    Future<?> pending = future;
    if (pending != null) {
      if (((nextFireTime - now) > 0L) && maySkip(scheduleAt)) {
        return;
      }
      pending.cancel(/* mayInterruptIfRunning= */ false);
    }
    long actualDelay;
    if (delay <= TOLERANCE) {
      actualDelay = TOLERANCE;
    } else if (delay > MAXIMUM_DELAY) {
      actualDelay = MAXIMUM_DELAY;
    } else {
      actualDelay = delay;
    }
    nextFireTime = now + actualDelay;
    future = scheduler.schedule(executor, task, actualDelay, TimeUnit.NANOSECONDS);
  }

  private boolean maySkip(long scheduleAt) {
    long delta = scheduleAt - nextFireTime;
    return (delta >= 0L) || (-delta <= TOLERANCE);
  }

  /** Cancels the pending task, if any (nothing is left to expire). */
  void cancel() {
    Future<?> pending = future;
    if (pending != null) {
      pending.cancel(/* mayInterruptIfRunning= */ false);
      future = null;
      nextFireTime = 0L;
    }
  }

  /** The scheduled task: runs the cache's maintenance if the cache is still reachable. */
  static final class WeakCleanUpTask implements Runnable, SystemTimer.Reclaimable {
    private final WeakReference<BoundedMaintenance<?, ?>> maintenance;

    WeakCleanUpTask(BoundedMaintenance<?, ?> maintenance) {
      this.maintenance = new WeakReference<>(maintenance);
    }

    /** Returns whether the cache was collected, so the system timer may drop the task early. */
    @Override
    public boolean isReclaimable() {
      return maintenance.refersTo(null);
    }

    @Override
    public void run() {
      BoundedMaintenance<?, ?> target = maintenance.get();
      if (target != null) {
        target.runScheduledCleanUp();
      }
    }
  }
}
