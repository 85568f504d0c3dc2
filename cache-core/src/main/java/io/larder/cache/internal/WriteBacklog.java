package io.larder.cache.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The bytes of a memory-bounded cache's large writes that maintenance has not yet applied (a Larder
 * addition): when they pass a quarter of the cache's bound, the writer applies them itself instead
 * of waiting for the executor.
 *
 * <h2>Why</h2>
 *
 * <p>A bounded cache evicts when its maintenance applies the writes buffered since the last cycle,
 * normally on its executor. The write buffer holds up to {@link
 * BoundedMaintenance#WRITE_BUFFER_MAX} writes before writers help, a bound in entries, not bytes.
 * When the executor is late (on a two-core host the common pool has one thread, and it may be busy
 * measuring another cache's value or running the application's tasks), a writer of 10 MB values
 * piles 256 of them, 2.5 GB, onto a 64 MB budget: the {@code OutOfMemoryError} the budget promises
 * to prevent. Counting the buffered writes' bytes bounds what a late executor can cost.
 *
 * <h2>Design</h2>
 *
 * <p>Only <i>large</i> writes are counted: those adding more than the bound divided by four times
 * the write buffer's capacity (64 KB of a 64 MB budget on two processors). The small ones, at most
 * a buffer full, add up to less than a quarter of the bound; counting them would put a shared
 * counter on every write of a busy cache. A large write adds its bytes when its task is made and
 * takes them off when the task has run ({@link Counted}). A writer whose addition takes the count
 * past a quarter of the bound runs maintenance itself, as one that finds the buffer full does.
 * Hence the bytes written but not yet weighed against the bound stay under half the bound, plus one
 * value per concurrent writer, whatever the executor does.
 *
 * <p>The bound is read at each write: the policy's maximum (which {@code setMaximum} may change)
 * or, for a member of a shared budget, the smaller of it and the budget.
 */
final class WriteBacklog {
  /** The share of the bound that large writes awaiting maintenance may reach. */
  private static final int SHARE = 4;

  private final AtomicLong bytes = new AtomicLong();
  private final LongSupplier bound;

  WriteBacklog(LongSupplier bound) {
    this.bound = bound;
  }

  /**
   * Returns the backlog of a memory-bounded cache: its policy's maximum and its budget's, if any.
   */
  static WriteBacklog of(WindowTinyLfuPolicy<?, ?> policy, CacheSettings<?, ?> settings) {
    SharedMemoryBudget budget = settings.memoryBudget();
    if (budget == null) {
      return new WriteBacklog(policy::maximum);
    }
    long budgetBytes = budget.maximumBytes();
    return new WriteBacklog(() -> Math.min(policy.maximum(), budgetBytes));
  }

  /**
   * Returns the task, counted if the write is large: a write of {@code weight} bytes more than the
   * entry held.
   */
  Runnable count(Runnable task, long weight) {
    long limit = bound.getAsLong();
    if (weight <= (limit / SHARE / BoundedMaintenance.WRITE_BUFFER_MAX)) {
      return task;
    }
    bytes.addAndGet(weight);
    return new Counted(task, weight);
  }

  /**
   * Returns whether the task is a counted write that took the backlog past its share of the bound.
   */
  boolean isOverdue(Runnable task) {
    return (task instanceof Counted) && (bytes.get() > (bound.getAsLong() / SHARE));
  }

  /** A large write's task: takes its bytes off the backlog once it has run. */
  private final class Counted implements Runnable {
    private final Runnable task;
    private final long weight;

    Counted(Runnable task, long weight) {
      this.task = task;
      this.weight = weight;
    }

    @Override
    public void run() {
      try {
        task.run();
      } finally {
        bytes.addAndGet(-weight);
      }
    }
  }
}
