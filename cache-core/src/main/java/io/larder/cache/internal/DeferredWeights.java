package io.larder.cache.internal;

import java.lang.ref.WeakReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The full measurement of a memory-bounded cache's large values after their write, off the writer's
 * thread (a Larder addition).
 *
 * <h2>Design</h2>
 *
 * <p>A value whose graph has more objects than {@link
 * io.larder.cache.internal.memory.SizeEstimator#WRITER_WALK_LIMIT} outside arrays, collections and
 * maps (a long hand-written linked list, a deep tree) cannot be extrapolated from a sample: it must
 * be walked to its end, which costs tens to hundreds of milliseconds for a hundred thousand
 * objects. So the {@link MemoryWeigher} stops the writer's walk at the limit and, if no other value
 * of this cache is being measured, writes the entry with the part counted so far (a lower bound)
 * and leaves the rest to this class:
 *
 * <ol>
 *   <li>The weigher takes the cache's one slot ({@link #defer}), recording the value (weakly).
 *   <li>The write publishes the entry and hands its add or update task to the maintenance. When the
 *       maintenance applies that task ({@link #onApplied}, under the eviction lock), the entry is
 *       certainly in the table with that value, so the slot is matched with its node there, never
 *       by a look-up that could run before the write.
 *   <li>The full measurement then runs on the cache's executor; it sets the node's weight under the
 *       node's monitor, if the node still holds that value, and hands the difference to the
 *       maintenance as an update task, the same path as a {@code put} that changes an entry's
 *       weight (so the policy, a shared budget and the per-entry cap all see it). Then the slot is
 *       free again.
 * </ol>
 *
 * <p>One slot per cache bounds what the budget can miss: while a value is being measured, the next
 * large value is measured in full on its writer's thread, as before this class existed. So at any
 * time a cache holds at most one entry weighed short, by at most that one value. A write whose task
 * never reaches the policy (a {@code replace} of an absent key, a {@code put} that left the entry's
 * weight unchanged) leaves its slot unmatched; the next large value takes it over after {@link
 * #STALE_NANOS}. The slot holds its value weakly, so an unmatched slot keeps nothing alive.
 *
 * <p>If the executor rejects the measurement, it runs at once, in the maintenance that matched it.
 */
final class DeferredWeights<K, V> {
  /** How long an unmatched slot blocks other deferrals before the next large value takes it. */
  static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final MemoryWeigher weigher;
  private final BoundedMaintenance<K, V> maintenance;
  private final Executor executor;
  private final boolean futures;
  private final AtomicReference<@Nullable Pending> slot = new AtomicReference<>();

  /** One value written with a provisional weight, waiting to be matched with its node. */
  private static final class Pending extends WeakReference<Object> {
    final int weight;
    final long since;
    volatile boolean launched;

    Pending(Object value, int weight) {
      super(value);
      this.weight = weight;
      this.since = System.nanoTime();
    }
  }

  private DeferredWeights(
      MemoryWeigher weigher,
      BoundedMaintenance<K, V> maintenance,
      Executor executor,
      boolean futures) {
    this.weigher = weigher;
    this.maintenance = maintenance;
    this.executor = executor;
    this.futures = futures;
  }

  /**
   * Lets the cache measure its weigher's large values after their write, when its weigher is a
   * {@link MemoryWeigher} (or, for an asynchronous cache, wraps one) used by no other cache.
   */
  static <K, V> void attachIfMemoryWeighed(BoundedLocalCache<K, V> cache, boolean isAsync) {
    Object weigher = cache.settings().weigher();
    if (weigher instanceof AsyncSettings.AsyncWeigher<?, ?> async) {
      weigher = async.delegate;
    }
    if (weigher instanceof MemoryWeigher memoryWeigher) {
      DeferredWeights<K, V> deferred =
          new DeferredWeights<>(
              memoryWeigher, cache.maintenance, cache.settings().executor(), isAsync);
      if (memoryWeigher.attach(deferred)) {
        cache.maintenance.deferredWeights = deferred;
      }
    }
  }

  /**
   * Takes the slot for a value that the writer's walk could not finish, to be written with the
   * provisional weight; returns false if another value holds it (then the writer measures this one
   * in full).
   */
  boolean defer(Object value, int provisionalWeight) {
    Pending current = slot.get();
    if (current == null) {
      return slot.compareAndSet(null, new Pending(value, provisionalWeight));
    }
    if (!current.launched && (current.weight == provisionalWeight) && (current.get() == value)) {
      return true; // the same value weighed again before its write was applied (an async put)
    }
    if (current.launched || (System.nanoTime() - current.since < STALE_NANOS)) {
      return false;
    }
    return slot.compareAndSet(current, new Pending(value, provisionalWeight));
  }

  /**
   * Learns that the maintenance applied a write of the node (its add or update task; the caller
   * holds the eviction lock); if the node holds the deferred value, starts its measurement.
   */
  void onApplied(Node<K, V> node) {
    Pending pending = slot.get();
    if ((pending == null) || pending.launched) {
      return;
    }
    Object value = pending.get();
    if (value == null) {
      slot.compareAndSet(pending, null);
      return;
    }
    if (!node.isAlive() || (node.getWeight() != pending.weight) || !holds(node, value)) {
      return; // another entry's write, or the same value under another key, weighed in full
    }
    pending.launched = true;
    Runnable measure = () -> measure(pending, node, value);
    try {
      executor.execute(measure);
    } catch (RuntimeException e) {
      measure.run();
    }
  }

  /** Returns whether a value is being measured after its write, for tests. */
  boolean isMeasuring() {
    Pending pending = slot.get();
    return (pending != null) && pending.launched;
  }

  /** Measures the value in full and corrects the node's weight if the node still holds it. */
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  private void measure(Pending pending, Node<K, V> node, Object value) {
    try {
      K key = node.getKey();
      if ((key == null) || !node.isAlive() || !holds(node, value)) {
        return;
      }
      int weight = weigher.weighInFull(key, value);
      int difference;
      synchronized (node) {
        if (!node.isAlive() || !holds(node, value)) {
          return;
        }
        difference = weight - node.getWeight();
        if (difference == 0) {
          return;
        }
        node.setWeight(weight);
      }
      Runnable update = maintenance.updateTask(node, difference);
      if (maintenance.isMaintainingOnThisThread()) {
        update.run(); // a same-thread executor, or a rejection: already inside the maintenance
      } else {
        maintenance.afterWrite(update);
      }
    } finally {
      pending.clear();
      slot.compareAndSet(pending, null);
    }
  }

  /** Returns whether the node's value is {@code value} (or, async, a future completed with it). */
  private boolean holds(Node<K, V> node, Object value) {
    Object current = node.getValue();
    if (current == value) {
      return true;
    }
    return futures
        && (current instanceof CompletableFuture<?> future)
        && (FutureValues.getIfReady(future) == value);
  }
}
