package io.larder.cache.internal;

import io.larder.cache.Scheduler;
import io.larder.cache.internal.buffer.ReadBuffer;
import io.larder.cache.internal.buffer.WriteBuffer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The buffers between a bounded cache's lock-free operations and its eviction policy, and the
 * scheduling of the maintenance that replays them.
 *
 * <h2>Design</h2>
 *
 * <p>BP-Wrapper (Ding, Jiang and Zhang, "BP-Wrapper: A System Framework Making Any Replacement
 * Algorithms (Almost) Lock Contention Free", ICDE 2009, <a
 * href="https://ieeexplore.ieee.org/document/4812418">IEEE Xplore 4812418</a>): the hash table is
 * concurrent, and what the policy must learn of each operation is buffered instead of applied under
 * a lock. Reads go to a lossy {@link ReadBuffer}; writes (adds, updates, removals) go as small
 * tasks to a lossless {@link WriteBuffer}. A <i>maintenance cycle</i> takes the eviction lock (a
 * {@link ReentrantLock}, acquired with {@code tryLock} by the operations so that they never wait
 * for it) and runs its phases in order:
 *
 * <ol>
 *   <li>replay the read buffer into the policy (recency and frequency);
 *   <li>run the write buffer's tasks (link, re-weigh or unlink entries);
 *   <li>drain the weak and soft reference queues ({@link EntryReferences}): a bounded batch;
 *   <li>expire entries by access, write and variable time ({@link ExpirationPolicy});
 *   <li>evict while over the maximum;
 *   <li>adapt the admission window (the hill climber);
 *   <li>with a {@link io.larder.cache.Scheduler} configured, schedule the next cycle at the next
 *       expiration ({@link ExpirationPacer}).
 * </ol>
 *
 * <p>Cycles normally run on the cache's executor. A small state machine ({@code drainStatus}: idle,
 * required, processing-to-idle, processing-to-required) ensures that at most one cycle is submitted
 * at a time and that a write arriving during a cycle triggers another. A read schedules a cycle
 * only when its stripe of the read buffer is full or a cycle is required.
 *
 * <p><b>When maintenance falls behind.</b> If the executor rejects the task ({@code
 * RejectedExecutionException} or any other failure), the cycle runs on the calling thread. If the
 * executor accepts but delays, drops or never runs the task, the write buffer fills; a writer that
 * finds it full after {@value #WRITE_BUFFER_RETRIES} attempts <i>helps</i>: it takes the lock
 * (blocking) and runs the cycle itself. Hence the entries beyond the maximum are at most the
 * pending writes the buffer holds ({@link #WRITE_BUFFER_MAX}, 128 per processor rounded up to a
 * power of two) plus one per concurrent writer, whatever the executor does (the documented slack),
 * and none remain after {@code cleanUp()}.
 *
 * <p><b>Extension points.</b> Expiration adds its phase to {@link #maintenance} and, with a
 * configured {@code Scheduler}, a pacer that {@link #rescheduleCleanUpIfIncomplete} arms so that
 * expired entries go promptly even without activity; reference strength adds the drain of its
 * reference queues. The state machine and the buffers stay as they are.
 */
final class BoundedMaintenance<K, V> {
  private static final Logger logger = System.getLogger(BoundedMaintenance.class.getName());

  /**
   * The capacity of the write buffer: the most pending writes before writers help (Caffeine 3.2.4's
   * {@code WRITE_BUFFER_MAX}).
   */
  static final int WRITE_BUFFER_MAX =
      128 * FrequencySketch.ceilingPowerOfTwo(Runtime.getRuntime().availableProcessors());

  /** The attempts to append to a full write buffer before the writer runs maintenance itself. */
  static final int WRITE_BUFFER_RETRIES = 100;

  /** How long to wait for the eviction lock before warning that something holds it too long. */
  static final long WARN_AFTER_LOCK_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

  static final int IDLE = 0;
  static final int REQUIRED = 1;
  static final int PROCESSING_TO_IDLE = 2;
  static final int PROCESSING_TO_REQUIRED = 3;

  private static final VarHandle DRAIN_STATUS;
  private static final VarHandle RECORDS_READS;

  static {
    try {
      DRAIN_STATUS =
          MethodHandles.lookup().findVarHandle(DrainStatusValue.class, "status", int.class);
      RECORDS_READS =
          MethodHandles.lookup()
              .findVarHandle(BoundedMaintenance.class, "recordsReads", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final ReentrantLock evictionLock = new ReentrantLock();
  final ReadBuffer<Node<K, V>> readBuffer = new ReadBuffer<>();
  final WriteBuffer<Runnable> writeBuffer = new WriteBuffer<>(WRITE_BUFFER_MAX);
  final WindowTinyLfuPolicy<K, V> policy;
  final ExpirationPolicy<K, V> expiration;
  private final @Nullable ExpirationPacer pacer;
  private final Executor executor;
  private final Runnable drainBuffersTask = this::runScheduledCleanUp;

  /** The drain status, alone on its cache line: it changes every cycle, and reads poll it. */
  private final DrainStatus drainStatus = new DrainStatus();

  /**
   * Whether reads are recorded: false until the frequency sketch is sized (the cache is half full),
   * then true for good. Read opaquely (never hoisted out of a caller's loop, but without a fence):
   * a late view only drops a few reads.
   */
  @SuppressWarnings("unused") // accessed through RECORDS_READS
  private boolean recordsReads;

  private volatile boolean warnedOfSubmissionFailure;

  /**
   * Evicts the entries whose weak or soft references were cleared ({@link EntryReferences}), or
   * {@code null} when keys and values are held strongly; set once, before the cache is used.
   */
  @Nullable Runnable referenceDrain;

  /**
   * Measures a memory-bounded cache's large values once their write is applied ({@link
   * DeferredWeights}), or {@code null}; set once, before the cache is used.
   */
  @Nullable DeferredWeights<K, V> deferredWeights;

  /**
   * Counts a memory-bounded cache's large writes until they are applied ({@link WriteBacklog}), or
   * {@code null}; set once, before the cache is used.
   */
  @Nullable WriteBacklog backlog;

  BoundedMaintenance(WindowTinyLfuPolicy<K, V> policy, Executor executor) {
    this(policy, executor, null, Scheduler.disabledScheduler());
  }

  /**
   * Creates the maintenance of a cache with the time-based policies (none if {@code null}); a
   * scheduler other than the disabled one paces cycles at the next expiration.
   */
  @SuppressWarnings("this-escape") // the pacer's task only keeps a weak reference
  BoundedMaintenance(
      WindowTinyLfuPolicy<K, V> policy,
      Executor executor,
      @Nullable ExpirationPolicy<K, V> expiration,
      Scheduler scheduler) {
    this.policy = policy;
    this.executor = executor;
    this.expiration = (expiration == null) ? new ExpirationPolicy<>(policy) : expiration;
    this.pacer =
        (this.expiration.expires() && !ExpirationPacer.isDisabled(scheduler))
            ? new ExpirationPacer(scheduler, executor, this)
            : null;
  }

  /* --------------- Operations' side --------------- */

  /**
   * Records a read of the node for the policy, scheduling a maintenance cycle if the read buffer is
   * full or one is required.
   */
  void afterRead(Node<K, V> node) {
    boolean delayable = skipReadBuffer() || (readBuffer.offer(node) != ReadBuffer.FULL);
    if (shouldDrainBuffers(delayable)) {
      scheduleDrainBuffers();
    }
  }

  /**
   * Returns whether reads need not be recorded: while the frequency sketch is not yet sized (the
   * cache is less than half full), nothing will be evicted and recency does not matter yet.
   */
  boolean skipReadBuffer() {
    return !(boolean) RECORDS_READS.getOpaque(this) && !expiration.needsReads();
  }

  /** Schedules a cycle if one is required (for reads of absent or stale entries). */
  void scheduleIfRequired() {
    if (drainStatusOpaque() == REQUIRED) {
      scheduleDrainBuffers();
    }
  }

  /**
   * Records a write for the policy; when the write buffer stays full (maintenance is not keeping
   * up, or the executor lost the task), or a memory-bounded cache's large writes awaiting
   * maintenance pass their share of the bound ({@link WriteBacklog}), runs the cycle on the calling
   * thread.
   */
  void afterWrite(Runnable task) {
    WriteBacklog counted = backlog;
    if ((counted != null) && counted.isOverdue(task)) {
      maintainOnCaller(task);
      return;
    }
    for (int i = 0; i < WRITE_BUFFER_RETRIES; i++) {
      if (writeBuffer.offer(task)) {
        scheduleAfterWrite();
        return;
      }
      scheduleDrainBuffers();
      Thread.onSpinWait();
    }
    maintainOnCaller(task);
  }

  /** Runs a cycle and then the write on the calling thread, blocking for the lock. */
  private void maintainOnCaller(Runnable task) {
    lock();
    try {
      maintenance(task);
    } catch (RuntimeException e) {
      logger.log(Level.ERROR, "Exception thrown when performing the maintenance task", e);
    } finally {
      evictionLock.unlock();
    }
    rescheduleCleanUpIfIncomplete();
  }

  private boolean shouldDrainBuffers(boolean delayable) {
    int status = drainStatusOpaque();
    return switch (status) {
      case IDLE -> !delayable;
      case REQUIRED -> true;
      case PROCESSING_TO_IDLE, PROCESSING_TO_REQUIRED -> false;
      default -> throw new IllegalStateException("Invalid drain status: " + status);
    };
  }

  /** Marks a cycle as required after a write and schedules it unless one is running. */
  void scheduleAfterWrite() {
    int status = drainStatusOpaque();
    for (; ; ) {
      if ((status == IDLE) || (status == REQUIRED)) {
        if (status == IDLE) {
          DRAIN_STATUS.compareAndSet(drainStatus, IDLE, REQUIRED);
        }
        scheduleDrainBuffers();
        return;
      } else if (status == PROCESSING_TO_REQUIRED) {
        return;
      } else if (status != PROCESSING_TO_IDLE) {
        throw new IllegalStateException("Invalid drain status: " + status);
      } else if (DRAIN_STATUS.compareAndSet(
          drainStatus, PROCESSING_TO_IDLE, PROCESSING_TO_REQUIRED)) {
        return;
      }
      status = (int) DRAIN_STATUS.getAcquire(drainStatus);
    }
  }

  /**
   * Submits a maintenance cycle to the executor unless one is in progress or the lock is held; a
   * failure to submit runs it here.
   */
  void scheduleDrainBuffers() {
    if (drainStatusOpaque() >= PROCESSING_TO_IDLE) {
      return;
    }
    if (evictionLock.tryLock()) {
      try {
        if (drainStatusOpaque() >= PROCESSING_TO_IDLE) {
          return;
        }
        DRAIN_STATUS.setRelease(drainStatus, PROCESSING_TO_IDLE);
        executor.execute(drainBuffersTask);
      } catch (Throwable t) {
        logSubmissionFailure(t);
        maintenance(null);
      } finally {
        evictionLock.unlock();
      }
    }
  }

  /**
   * Logs a failure to submit the maintenance task: the first with its stack trace as a warning,
   * later ones at debug level, since a saturated executor would otherwise log on every write.
   */
  private void logSubmissionFailure(Throwable t) {
    if (warnedOfSubmissionFailure) {
      logger.log(Level.DEBUG, "Exception thrown when submitting maintenance task", t);
    } else {
      warnedOfSubmissionFailure = true;
      logger.log(
          Level.WARNING,
          "Exception thrown when submitting maintenance task; it runs on "
              + "the calling thread instead (further failures are logged at DEBUG level)",
          t);
    }
  }

  /* --------------- The cycle --------------- */

  /** Runs a cycle, blocking for the lock (the cache's {@code cleanUp()}). */
  void cleanUp() {
    try {
      performCleanUp(null);
    } catch (RuntimeException e) {
      logger.log(Level.ERROR, "Exception thrown when performing the maintenance task", e);
    }
  }

  void runScheduledCleanUp() {
    try {
      performCleanUp(null);
    } catch (RuntimeException e) {
      logger.log(Level.ERROR, "Exception thrown when performing the maintenance task", e);
    }
  }

  /** Runs a cycle and then the extra task, if any, blocking for the lock. */
  void performCleanUp(@Nullable Runnable task) {
    evictionLock.lock();
    try {
      maintenance(task);
    } finally {
      evictionLock.unlock();
    }
    rescheduleCleanUpIfIncomplete();
  }

  /**
   * Schedules another cycle if writes arrived during the last one. Only on the common pool: a
   * custom executor may run tasks on the caller, which would then pay for more than its share.
   */
  void rescheduleCleanUpIfIncomplete() {
    if ((drainStatusOpaque() == REQUIRED) && (executor == ForkJoinPool.commonPool())) {
      scheduleDrainBuffers();
    }
  }

  /**
   * Runs the phases of a cycle (see the class comment); the caller holds the eviction lock. The
   * extra task, if any, is a write that did not fit in the buffer, applied after the buffered ones
   * so that the policy sees the writes in order.
   */
  void maintenance(@Nullable Runnable task) {
    DRAIN_STATUS.setRelease(drainStatus, PROCESSING_TO_IDLE);
    try {
      drainReadBuffer();
      drainWriteBuffer();
      if (task != null) {
        task.run();
      }
      Runnable drainReferences = referenceDrain;
      if (drainReferences != null) {
        drainReferences.run();
      }
      long now = expiration.expires() ? expiration.now() : 0L;
      expiration.expireEntries(now);
      policy.evictEntries();
      policy.climb();
      pace(now);
      if (!(boolean) RECORDS_READS.getOpaque(this) && !policy.sketch.isNotInitialized()) {
        RECORDS_READS.setRelease(this, true);
      }
    } finally {
      if ((drainStatusOpaque() != PROCESSING_TO_IDLE)
          || !DRAIN_STATUS.compareAndSet(drainStatus, PROCESSING_TO_IDLE, IDLE)) {
        DRAIN_STATUS.setOpaque(drainStatus, REQUIRED);
      }
    }
  }

  private void drainReadBuffer() {
    if (!policy.sketch.isNotInitialized() || expiration.needsReads()) {
      readBuffer.drainTo(this::onAccess);
    }
  }

  private void onAccess(Node<K, V> node) {
    policy.onAccess(node);
    expiration.onAccess(node);
  }

  /** Schedules the next cycle at the next expiration, if a scheduler is configured. */
  private void pace(long now) {
    ExpirationPacer p = pacer;
    if (p == null) {
      return;
    }
    long delay = expiration.expirationDelay(now);
    if (delay == Long.MAX_VALUE) {
      p.cancel();
    } else {
      p.schedule(now, delay);
    }
  }

  /** Returns the pacer, or {@code null} without a scheduler (for tests). */
  @Nullable ExpirationPacer pacer() {
    return pacer;
  }

  /** Runs the pending writes, at most a buffer's worth so that a cycle's length is bounded. */
  void drainWriteBuffer() {
    for (int i = 0; i <= WRITE_BUFFER_MAX; i++) {
      Runnable task = writeBuffer.poll();
      if (task == null) {
        return;
      }
      task.run();
    }
    DRAIN_STATUS.setOpaque(drainStatus, PROCESSING_TO_REQUIRED);
  }

  /** Acquires the eviction lock, warning if it takes unreasonably long. */
  void lock() {
    long remainingNanos = WARN_AFTER_LOCK_WAIT_NANOS;
    long end = System.nanoTime() + remainingNanos;
    boolean interrupted = false;
    try {
      for (; ; ) {
        try {
          if (evictionLock.tryLock(remainingNanos, TimeUnit.NANOSECONDS)) {
            return;
          }
          logger.log(
              Level.WARNING,
              "The cache waited a long time for its eviction lock. A "
                  + "long-running computation, or an eviction listener, may be blocking the removal of "
                  + "the victim; consider an AsyncCache to decouple the computation from the map "
                  + "operation.",
              new TimeoutException());
          evictionLock.lock();
          return;
        } catch (InterruptedException e) {
          remainingNanos = end - System.nanoTime();
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Returns whether this thread runs a maintenance cycle (holds the eviction lock). */
  boolean isMaintainingOnThisThread() {
    return evictionLock.isHeldByCurrentThread();
  }

  int drainStatusOpaque() {
    return (int) DRAIN_STATUS.getOpaque(drainStatus);
  }

  /* --------------- Write tasks --------------- */

  /** Returns the task that adds a new node of the weight to the policy. */
  Runnable addTask(Node<K, V> node, int weight) {
    return countedIfLarge(new AddTask(node, weight), weight);
  }

  /** Returns the task that re-weighs a node (and counts the write as a use). */
  Runnable updateTask(Node<K, V> node, int weightDifference) {
    return countedIfLarge(new UpdateTask(node, weightDifference), weightDifference);
  }

  /**
   * Returns the write's task, counted by the backlog if the cache has one and the write is large.
   */
  private Runnable countedIfLarge(Runnable task, int weight) {
    WriteBacklog counted = backlog;
    return (counted == null) ? task : counted.count(task, weight);
  }

  /** Returns the task that unlinks a node removed from the table. */
  Runnable removalTask(Node<K, V> node) {
    return new RemovalTask(node);
  }

  // Inner classes: the reference to the maintenance takes the place of Caffeine's to the cache, so
  // a task is no larger than Caffeine's.

  private final class AddTask implements Runnable {
    private final Node<K, V> node;
    private final int weight;

    AddTask(Node<K, V> node, int weight) {
      this.node = node;
      this.weight = weight;
    }

    @Override
    public void run() {
      if (node.isAlive()) {
        expiration.onAdd(node);
      }
      policy.onAdd(node, weight);
      DeferredWeights<K, V> deferred = deferredWeights;
      if (deferred != null) {
        deferred.onApplied(node);
      }
    }
  }

  private final class UpdateTask implements Runnable {
    private final Node<K, V> node;
    private final int weightDifference;

    UpdateTask(Node<K, V> node, int weightDifference) {
      this.node = node;
      this.weightDifference = weightDifference;
    }

    @Override
    public void run() {
      if (node.isAlive()) {
        expiration.onUpdate(node);
      }
      policy.onUpdate(node, weightDifference);
      DeferredWeights<K, V> deferred = deferredWeights;
      if (deferred != null) {
        deferred.onApplied(node);
      }
    }
  }

  private final class RemovalTask implements Runnable {
    private final Node<K, V> node;

    RemovalTask(Node<K, V> node) {
      this.node = node;
    }

    @Override
    public void run() {
      // The add may not have been applied yet; unlinking an unlinked node is a no-op.
      policy.unlink(node);
      expiration.unlink(node);
      policy.makeDead(node);
    }
  }

  /** Padding before the drain status. */
  @SuppressWarnings("unused")
  abstract static class DrainStatusLeftPad {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p08, p09, p10, p11, p12, p13, p14, p15;
  }

  /** The drain status value. */
  abstract static class DrainStatusValue extends DrainStatusLeftPad {
    @SuppressWarnings("unused") // accessed through DRAIN_STATUS
    volatile int status;
  }

  /** The drain status, padded on both sides. */
  @SuppressWarnings("unused")
  static final class DrainStatus extends DrainStatusValue {
    long p16, p17, p18, p19, p20, p21, p22, p23;
    long p24, p25, p26, p27, p28, p29, p30, p31;
  }
}
