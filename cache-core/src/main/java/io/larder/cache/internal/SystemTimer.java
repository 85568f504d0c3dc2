package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The timer thread behind {@code Scheduler.systemScheduler()}: one daemon thread that hands each
 * task to its executor when its delay has passed, and that ends as soon as it has nothing left to
 * serve, so that it never keeps the class loader that loaded Larder reachable for long.
 *
 * <p><b>Why not a {@code ScheduledThreadPoolExecutor}.</b> A pool thread with a task queued never
 * times out, whatever its keep-alive: a dropped cache's maintenance task, due in an hour, would
 * keep the thread (and through it Larder's classes and their loader) alive for that hour, and an
 * idle pool keeps its thread for the whole keep-alive. Here a task that is {@link Reclaimable} (the
 * expiration pacer's, which holds its cache weakly) is dropped from the queue as soon as its cache
 * has been collected: the thread looks at most {@link #CHECK_INTERVAL_NANOS} apart, and ends once
 * the queue has stayed empty for {@link #KEEP_ALIVE_NANOS}. A dropped application's loader is thus
 * released about two seconds after the collection that cleared its caches; a later schedule starts
 * the thread again, a cost paid once per idle period (about a millisecond for a cache's first write
 * on the 2-core host of {@code SystemSchedulerBenchmark}, against 0.14 ms with it running).
 *
 * <p><b>Class-loader safety.</b> The thread is created lazily, never at class load, as a daemon,
 * with no context class loader, and inside a privileged block, so that its inherited access control
 * context holds Larder's own protection domain only, not those of the application code on the stack
 * of whoever scheduled first (a protection domain refers to its class loader).
 */
public final class SystemTimer {
  /** How long the thread waits, at most, before it looks for tasks of collected caches. */
  static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** How long the thread waits with an empty queue before it ends. */
  static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final Logger logger = System.getLogger(SystemTimer.class.getName());

  /** A task whose work has become pointless (its cache was collected), so it may be dropped. */
  public interface Reclaimable {
    /** Returns whether running the task would do nothing, now and forever. */
    boolean isReclaimable();
  }

  private final String threadName;
  private final long keepAliveNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long sequence;
  private @Nullable Thread thread;
  private long threadsStarted;

  /** Creates a timer whose thread has the given name and ends after the default keep-alive. */
  public SystemTimer(String threadName) {
    this(threadName, KEEP_ALIVE_NANOS);
  }

  /** Creates a timer whose thread ends after an empty queue of {@code keepAliveNanos}. */
  public SystemTimer(String threadName, long keepAliveNanos) {
    this.threadName = requireNonNull(threadName);
    this.keepAliveNanos = keepAliveNanos;
  }

  /**
   * Hands {@code command} to {@code executor} once {@code delay} has passed; returns a future that
   * cancels it (a cancelled task leaves the queue at once).
   */
  public Future<?> schedule(Executor executor, Runnable command, long delay, TimeUnit unit) {
    requireNonNull(executor);
    requireNonNull(command);
    long delayNanos = Math.max(0L, unit.toNanos(delay));
    long now = System.nanoTime();
    long time = now + Math.min(delayNanos, Long.MAX_VALUE >> 1);
    lock.lock();
    try {
      Task task = new Task(this, executor, command, time, sequence++);
      queue.add(task);
      if (thread == null) {
        startThread();
      } else if (queue.peek() == task) {
        changed.signal();
      }
      return task;
    } finally {
      lock.unlock();
    }
  }

  /** Returns whether the timer's thread is alive (started and not yet ended). */
  public boolean isRunning() {
    lock.lock();
    try {
      return thread != null;
    } finally {
      lock.unlock();
    }
  }

  /** Returns how many times a thread was started, for tests and benchmarks. */
  public long threadsStarted() {
    lock.lock();
    try {
      return threadsStarted;
    } finally {
      lock.unlock();
    }
  }

  /** Returns the number of tasks waiting, cancelled and reclaimable ones included until seen. */
  public int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  @SuppressWarnings("removal") // the thread must not inherit its creator's protection domains
  private void startThread() {
    Thread started =
        AccessController.doPrivileged(
            (PrivilegedAction<Thread>)
                () -> {
                  Thread created = new Thread(null, this::runLoop, threadName, 0, false);
                  created.setDaemon(true);
                  created.setContextClassLoader(null);
                  return created;
                });
    thread = started;
    threadsStarted++;
    started.start();
  }

  /** The thread's loop: runs due tasks until the queue has stayed empty for the keep-alive. */
  private void runLoop() {
    for (; ; ) {
      Task due = nextDue();
      if (due == null) {
        return;
      }
      due.fire();
    }
  }

  /** Waits for the next due task; returns {@code null}, having ended the thread, when idle. */
  private @Nullable Task nextDue() {
    lock.lock();
    try {
      long idleSince = System.nanoTime();
      for (; ; ) {
        dropReclaimable();
        Task head = queue.peek();
        long now = System.nanoTime();
        if (head == null) {
          long idle = now - idleSince;
          if (idle >= keepAliveNanos) {
            thread = null;
            return null;
          }
          awaitNanos(Math.min(keepAliveNanos - idle, CHECK_INTERVAL_NANOS));
          continue;
        }
        idleSince = now;
        long delay = head.time - now;
        if (delay <= 0L) {
          queue.poll();
          return head;
        }
        awaitNanos(Math.min(delay, CHECK_INTERVAL_NANOS));
      }
    } finally {
      lock.unlock();
    }
  }

  private void awaitNanos(long nanos) {
    try {
      changed.awaitNanos(nanos);
    } catch (InterruptedException e) {
      // The timer is shared: an interrupt is not a request to stop; the loop looks again
    }
  }

  /** Drops the tasks that were cancelled or whose cache is gone. Guarded by the lock. */
  private void dropReclaimable() {
    queue.removeIf(Task::isReclaimable);
  }

  private void cancel(Task task) {
    lock.lock();
    try {
      queue.remove(task);
    } finally {
      lock.unlock();
    }
  }

  /** A scheduled hand-off of a command to its executor, and the future that cancels it. */
  private static final class Task implements Future<Object>, Comparable<Task> {
    private final SystemTimer timer;
    private final Executor executor;
    private final Runnable command;
    final long time;
    private final long order;
    private volatile int state; // 0 waiting, 1 handed to the executor, 2 cancelled

    Task(SystemTimer timer, Executor executor, Runnable command, long time, long order) {
      this.timer = timer;
      this.executor = executor;
      this.command = command;
      this.time = time;
      this.order = order;
    }

    boolean isReclaimable() {
      return (state == 2)
          || ((command instanceof Reclaimable reclaimable) && reclaimable.isReclaimable());
    }

    void fire() {
      synchronized (this) {
        if (state != 0) {
          return;
        }
        state = 1;
        notifyAll();
      }
      try {
        executor.execute(command);
      } catch (Throwable t) {
        logger.log(Level.WARNING, "Exception thrown when submitting a scheduled task", t);
      }
    }

    @Override
    public int compareTo(Task other) {
      int byTime = Long.compare(time - other.time, 0L);
      return (byTime != 0) ? byTime : Long.compare(order, other.order);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      synchronized (this) {
        if (state != 0) {
          return false;
        }
        state = 2;
        notifyAll();
      }
      timer.cancel(this);
      return true;
    }

    @Override
    public boolean isCancelled() {
      return state == 2;
    }

    @Override
    public boolean isDone() {
      return state != 0;
    }

    /** Waits until the command was handed to its executor; its result is {@code null}. */
    @Override
    public synchronized @Nullable Object get() throws InterruptedException {
      while (state == 0) {
        wait();
      }
      return result();
    }

    @Override
    public synchronized @Nullable Object get(long timeout, TimeUnit unit)
        throws InterruptedException, TimeoutException {
      long deadline = System.nanoTime() + unit.toNanos(timeout);
      while (state == 0) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0L) {
          throw new TimeoutException();
        }
        TimeUnit.NANOSECONDS.timedWait(this, remaining);
      }
      return result();
    }

    private @Nullable Object result() {
      if (state == 2) {
        throw new CancellationException();
      }
      return null;
    }
  }
}
