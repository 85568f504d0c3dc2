package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Expiry;
import io.larder.cache.Ticker;
import io.larder.cache.internal.TimedNodes.TimeLinkedNode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The time-based policies of a bounded cache: expiration after access, after write or after a
 * variable time ({@link Expiry}), and the refresh interval. It decides what an entry's time slots
 * hold, when an entry has expired, and keeps the structures that find expired entries without a
 * scan.
 *
 * <h2>Design</h2>
 *
 * <p>As in Caffeine, three structures each give their oldest entry in constant time, so that a
 * maintenance cycle touches only the entries that are due:
 *
 * <ul>
 *   <li><b>access order</b>: the eviction policy's own access-order deques (the window, probation
 *       and protected segments, or only the window for a cache without a size bound), kept in order
 *       by the replayed reads;
 *   <li><b>write order</b>: a {@link WriteOrderDeque}, reordered by each write;
 *   <li><b>variable time</b>: a hierarchical {@link TimerWheel} (Varghese and Lauck, "Hashed and
 *       Hierarchical Timing Wheels", SOSP 1987), since entries with arbitrary lifetimes have no
 *       common order.
 * </ul>
 *
 * <p>Because reads and writes reach these structures late (through the buffers) and reads may be
 * dropped, the structures are only an index: an entry's <i>timestamps</i> are the truth. A read
 * checks them at once, so an expired entry is invisible immediately; the removal happens later,
 * during maintenance, and re-checks them under the entry's lock so that an entry refreshed in the
 * meantime survives. A write within {@value #EXPIRE_TOLERANCE_SECONDS} second of the previous
 * timestamp does not touch it (Caffeine's tolerance), which keeps frequent writers from reordering
 * the deques all the time. Write times are even, as Caffeine's: the low bit marks a refresh being
 * started ({@link RefreshAfterWrite}).
 *
 * <p><b>Time slots.</b> A node has one or two {@code long} slots (see {@link TimedNodes}). The
 * first holds the access time (expiration after access) or the expiration time (variable
 * expiration); the write time (expiration after write, refresh) is in the second slot when the
 * first is taken, else in the first. The time-order links serve the write-order deque or the timer
 * wheel, never both: a cache cannot combine variable and fixed expiration.
 *
 * <p>Fixed durations can change at run time ({@link io.larder.cache.Policy.FixedExpiration}): they
 * are read on every check, so a new duration applies to existing entries at once.
 */
final class ExpirationPolicy<K, V> {
  static final int EXPIRE_TOLERANCE_SECONDS = 1;

  /** A write or read closer than this to the current timestamp leaves it as it is. */
  static final long EXPIRE_TOLERANCE = TimeUnit.SECONDS.toNanos(EXPIRE_TOLERANCE_SECONDS);

  /** The longest lifetime of an entry of a synchronous cache: about 146 years. */
  static final long MAXIMUM_EXPIRY = Long.MAX_VALUE >> 1;

  /** The lifetime of an asynchronous cache's future while it is in flight (beyond the maximum). */
  static final long ASYNC_EXPIRY = (Long.MAX_VALUE >> 1) + (Long.MAX_VALUE >> 2);

  private static final VarHandle EXPIRES_AFTER_ACCESS_NANOS;
  private static final VarHandle EXPIRES_AFTER_WRITE_NANOS;
  private static final VarHandle REFRESH_AFTER_WRITE_NANOS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      EXPIRES_AFTER_ACCESS_NANOS =
          lookup.findVarHandle(ExpirationPolicy.class, "expiresAfterAccessNanos", long.class);
      EXPIRES_AFTER_WRITE_NANOS =
          lookup.findVarHandle(ExpirationPolicy.class, "expiresAfterWriteNanos", long.class);
      REFRESH_AFTER_WRITE_NANOS =
          lookup.findVarHandle(ExpirationPolicy.class, "refreshAfterWriteNanos", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Removes an entry that the policy found expired; {@code false} if it must stay. */
  @FunctionalInterface
  interface Expirer<K, V> {
    boolean expire(Node<K, V> node, long now);
  }

  final boolean expiresAfterAccess;
  final boolean expiresAfterWrite;
  final boolean expiresVariable;
  final boolean refreshAfterWrite;
  final Ticker ticker;
  final @Nullable WriteOrderDeque<K, V> writeOrderDeque;
  final @Nullable TimerWheel<Node<K, V>> timerWheel;
  private final boolean writeTimeInSecondSlot;
  private final boolean isAsync;
  private final @Nullable Expiry<K, V> expiry;
  private final WindowTinyLfuPolicy<K, V> accessOrder;
  private final boolean evicts;
  private @Nullable Expirer<K, V> expirer;

  @SuppressWarnings("unused") // accessed through EXPIRES_AFTER_ACCESS_NANOS
  private long expiresAfterAccessNanos;

  @SuppressWarnings("unused") // accessed through EXPIRES_AFTER_WRITE_NANOS
  private long expiresAfterWriteNanos;

  @SuppressWarnings("unused") // accessed through REFRESH_AFTER_WRITE_NANOS
  private long refreshAfterWriteNanos;

  /**
   * Creates the policy for the settings; {@code accessOrder} is the eviction policy whose deques
   * double as the access order.
   */
  @SuppressWarnings("unchecked") // the settings' expiry accepts the cache's keys and values
  ExpirationPolicy(
      CacheSettings<K, V> settings, boolean isAsync, WindowTinyLfuPolicy<K, V> accessOrder) {
    long unset = CacheSettings.UNSET;
    this.isAsync = isAsync;
    this.accessOrder = accessOrder;
    this.evicts = settings.evicts();
    this.ticker = settings.ticker();
    this.expiry = (Expiry<K, V>) settings.expiry();
    this.expiresAfterAccess = settings.expireAfterAccessNanos() != unset;
    this.expiresAfterWrite = settings.expireAfterWriteNanos() != unset;
    this.expiresVariable = expiry != null;
    this.refreshAfterWrite = settings.refreshAfterWriteNanos() != unset;
    this.writeTimeInSecondSlot = expiresAfterAccess || expiresVariable;
    setExpiresAfterAccessNanos(settings.expireAfterAccessNanos());
    setExpiresAfterWriteNanos(settings.expireAfterWriteNanos());
    setRefreshAfterWriteNanos(settings.refreshAfterWriteNanos());
    this.writeOrderDeque = expiresAfterWrite ? new WriteOrderDeque<>() : null;
    this.timerWheel =
        expiresVariable
            ? new TimerWheel<Node<K, V>>(ExpirationPolicy::newSentinel, ticker.read())
            : null;
  }

  /** Creates the policy of a cache without time-based policies: every operation is a no-op. */
  ExpirationPolicy(WindowTinyLfuPolicy<K, V> accessOrder) {
    this.isAsync = false;
    this.accessOrder = accessOrder;
    this.evicts = true;
    this.ticker = Ticker.disabledTicker();
    this.expiry = null;
    this.expiresAfterAccess = false;
    this.expiresAfterWrite = false;
    this.expiresVariable = false;
    this.refreshAfterWrite = false;
    this.writeTimeInSecondSlot = false;
    this.writeOrderDeque = null;
    this.timerWheel = null;
  }

  private static <K, V> Node<K, V> newSentinel() {
    Object sentinel = new Object();
    return new TimeLinkedNode<>(sentinel, sentinel);
  }

  /** Sets what removes an expired entry (the cache, once constructed). */
  void setExpirer(Expirer<K, V> expirer) {
    this.expirer = expirer;
  }

  /** Returns whether any time-based policy is configured. */
  boolean isTimed() {
    return expiresAfterAccess || expiresAfterWrite || expiresVariable || refreshAfterWrite;
  }

  /** Returns whether any expiration is configured. */
  boolean expires() {
    return expiresAfterAccess || expiresAfterWrite || expiresVariable;
  }

  /** Returns whether reads must reach the policy even while the frequency sketch is unused. */
  boolean needsReads() {
    return expiresAfterAccess || expiresVariable;
  }

  /** Returns whether a write must reorder the entry (rather than count as a read). */
  boolean reordersOnWrite() {
    return expiresAfterWrite || expiresVariable;
  }

  /** Returns the variable expiry, or {@code null}. */
  @Nullable Expiry<K, V> expiry() {
    return expiry;
  }

  /** Returns the current time of the expiration ticker. */
  long now() {
    return ticker.read();
  }

  /* --------------- Durations --------------- */

  long expiresAfterAccessNanos() {
    return (long) EXPIRES_AFTER_ACCESS_NANOS.getOpaque(this);
  }

  void setExpiresAfterAccessNanos(long nanos) {
    EXPIRES_AFTER_ACCESS_NANOS.setOpaque(this, nanos);
  }

  long expiresAfterWriteNanos() {
    return (long) EXPIRES_AFTER_WRITE_NANOS.getOpaque(this);
  }

  void setExpiresAfterWriteNanos(long nanos) {
    EXPIRES_AFTER_WRITE_NANOS.setOpaque(this, nanos);
  }

  long refreshAfterWriteNanos() {
    return (long) REFRESH_AFTER_WRITE_NANOS.getOpaque(this);
  }

  void setRefreshAfterWriteNanos(long nanos) {
    REFRESH_AFTER_WRITE_NANOS.setOpaque(this, nanos);
  }

  /* --------------- Timestamps --------------- */

  long accessTime(Node<K, V> node) {
    return node.getTime();
  }

  long writeTime(Node<K, V> node) {
    return writeTimeInSecondSlot ? node.getSecondTime() : node.getTime();
  }

  long variableTime(Node<K, V> node) {
    return node.getTime();
  }

  /**
   * Sets the timestamps of an entry just read, unless its future is in flight: the access time
   * (expire after access) or the variable expiration time by the read rule of {@code expiry} (a
   * policy write's own), else the cache's. The two never both apply: a builder rejects {@code
   * expireAfterAccess} with {@code expireAfter}, so their order does not matter.
   */
  void onRead(
      Node<K, V> node, K key, V value, @Nullable Expiry<? super K, ? super V> expiry, long now) {
    if (!isComputingAsync(value)) {
      setAccessTime(node, now);
      tryExpireAfterRead(node, key, value, expiry, now);
    }
  }

  /** Sets the access time unless it is within the tolerance of the current one. */
  void setAccessTime(Node<K, V> node, long now) {
    if (!expiresAfterAccess) {
      return;
    }
    long accessTime = node.getTime();
    if ((expiresAfterAccessNanos() <= EXPIRE_TOLERANCE)
        || (Math.abs(now - accessTime) > EXPIRE_TOLERANCE)) {
      node.setTime(now);
    }
  }

  /** Sets the access time unconditionally (a new entry, or an expired one replaced). */
  void forceAccessTime(Node<K, V> node, long now) {
    if (expiresAfterAccess) {
      node.setTime(now);
    }
  }

  /**
   * Sets the write time, rounded down to an even number of nanoseconds as in Caffeine: the low bit
   * marks a refresh being started (see {@link #casWriteTime}).
   */
  void setWriteTime(Node<K, V> node, long now) {
    if (expiresAfterWrite || refreshAfterWrite) {
      if (writeTimeInSecondSlot) {
        node.setSecondTime(now & ~1L);
      } else {
        node.setTime(now & ~1L);
      }
    }
  }

  /**
   * Sets the write time to {@code update} if it is still {@code expect}: refresh after write marks
   * the write time odd while it starts a reload, so that one reader starts it and a write made
   * meanwhile is detected when the reload completes.
   */
  boolean casWriteTime(Node<K, V> node, long expect, long update) {
    return writeTimeInSecondSlot
        ? node.casSecondTime(expect, update)
        : node.casTime(expect, update);
  }

  /**
   * Returns the time since the entry was written, as the policy views report it: both times with
   * the low bit cleared, as in Caffeine.
   */
  long ageSinceWrite(Node<K, V> node, long now) {
    return (now & ~1L) - (writeTime(node) & ~1L);
  }

  void setVariableTime(Node<K, V> node, long expirationTime) {
    if (expiresVariable) {
      node.setTime(expirationTime);
    }
  }

  /** Sets the timestamps of a new node before it is published in the table. */
  void initialize(
      Node<K, V> node, K key, V value, @Nullable Expiry<? super K, ? super V> expiry, long now) {
    if (!isTimed()) {
      return;
    }
    long time = isComputingAsync(value) ? (now + ASYNC_EXPIRY) : now;
    setVariableTime(node, expireAfterCreate(key, value, expiry, now));
    forceAccessTime(node, time);
    setWriteTime(node, time);
  }

  /**
   * Sets the timestamps of an entry whose value was written: {@code varTime} is the expiration time
   * from {@link #expireAfterCreate} or {@link #expireAfterUpdate}. The write time moves only beyond
   * the tolerance unless {@code force} (an expired entry replaced), the access time only beyond the
   * tolerance, as in Caffeine. Returns whether the write exceeded the tolerance (the policy then
   * reorders the entry).
   */
  boolean onWrite(Node<K, V> node, V value, long varTime, long now, boolean force) {
    if (!isTimed()) {
      return false;
    }
    long time = isComputingAsync(value) ? (now + ASYNC_EXPIRY) : now;
    boolean exceedsTolerance = exceedsWriteTimeTolerance(node, varTime, time);
    if (force || exceedsTolerance) {
      setWriteTime(node, time);
    }
    setVariableTime(node, varTime);
    setAccessTime(node, time);
    return exceedsTolerance;
  }

  /** Returns whether a write at {@code now} moves the entry's write or expiration time. */
  boolean exceedsWriteTimeTolerance(Node<K, V> node, long varTime, long now) {
    long writeTime = writeTime(node);
    return (expiresAfterWrite
            && ((expiresAfterWriteNanos() <= EXPIRE_TOLERANCE)
                || (Math.abs(now - writeTime) > EXPIRE_TOLERANCE)))
        || (refreshAfterWrite
            && ((refreshAfterWriteNanos() <= EXPIRE_TOLERANCE)
                || (Math.abs(now - writeTime) > EXPIRE_TOLERANCE)))
        || (expiresVariable && (Math.abs(varTime - variableTime(node)) > EXPIRE_TOLERANCE));
  }

  /** Returns whether the value is an asynchronous cache's future still in flight. */
  boolean isComputingAsync(@Nullable Object value) {
    return isAsync
        && (value instanceof CompletableFuture<?>)
        && !((CompletableFuture<?>) value).isDone();
  }

  /**
   * Returns the ticker time at which the entry expires, as a snapshot taken at {@code now} reports
   * it: the earliest deadline of the configured policies, or {@code now + Long.MAX_VALUE} (which
   * may overflow, as in Caffeine) if none.
   */
  long expiresAt(Node<K, V> node, long now) {
    long expiresAfter = Long.MAX_VALUE;
    if (expiresAfterAccess) {
      expiresAfter = Math.min(expiresAfter, expiresAfterAccessNanos() - (now - accessTime(node)));
    }
    if (expiresAfterWrite) {
      expiresAfter = Math.min(expiresAfter, expiresAfterWriteNanos() - ageSinceWrite(node, now));
    }
    if (expiresVariable) {
      expiresAfter = variableTime(node) - now;
    }
    return now + expiresAfter;
  }

  /**
   * Returns the ticker time at which the entry becomes due for a refresh (its write time without
   * the refresh mark, plus the refresh interval), or {@code now + Long.MAX_VALUE} without refresh.
   */
  long refreshableAt(Node<K, V> node, long now) {
    return refreshAfterWrite
        ? (writeTime(node) & ~1L) + refreshAfterWriteNanos()
        : now + Long.MAX_VALUE;
  }

  /** Returns whether the entry has expired at {@code now} by any configured policy. */
  boolean hasExpired(Node<K, V> node, long now, @Nullable Object value) {
    if (!expires() || isComputingAsync(value)) {
      return false;
    }
    return (expiresAfterAccess && ((now - accessTime(node)) >= expiresAfterAccessNanos()))
        | (expiresAfterWrite && ((now - writeTime(node)) >= expiresAfterWriteNanos()))
        | (expiresVariable && ((now - variableTime(node)) >= 0));
  }

  /* --------------- Variable expiration --------------- */

  /**
   * Returns the expiration time of a new entry by the expiry (the cache's, or one given for this
   * write); {@code 0} without variable expiration. A negative duration is taken as zero (the entry
   * expires at once) and a longer one than {@link #MAXIMUM_EXPIRY} as that, as in Caffeine; an
   * exception from the expiry propagates to the caller and the write does not happen.
   */
  long expireAfterCreate(K key, V value, @Nullable Expiry<? super K, ? super V> expiry, long now) {
    if (!expiresVariable) {
      return 0L;
    }
    Expiry<? super K, ? super V> policy = (expiry == null) ? requireNonNull(this.expiry) : expiry;
    long duration = Math.max(0L, policy.expireAfterCreate(key, value, now));
    return expirationTime(now, duration);
  }

  /** Returns the expiration time after an update, as {@link #expireAfterCreate} does. */
  long expireAfterUpdate(
      Node<K, V> node, K key, V value, @Nullable Expiry<? super K, ? super V> expiry, long now) {
    if (!expiresVariable) {
      return 0L;
    }
    Expiry<? super K, ? super V> policy = (expiry == null) ? requireNonNull(this.expiry) : expiry;
    long currentDuration = Math.max(1L, variableTime(node) - now);
    long duration = Math.max(0L, policy.expireAfterUpdate(key, value, now, currentDuration));
    return expirationTime(now, duration);
  }

  /**
   * Returns the expiration time after a read, as {@link #expireAfterCreate} does: by the expiry of
   * the call (a policy write's own, whose read rule keeps the time unchanged), else the cache's.
   */
  long expireAfterRead(
      Node<K, V> node, K key, V value, @Nullable Expiry<? super K, ? super V> expiry, long now) {
    if (!expiresVariable) {
      return 0L;
    }
    Expiry<? super K, ? super V> policy = (expiry == null) ? requireNonNull(this.expiry) : expiry;
    long currentDuration = Math.max(0L, variableTime(node) - now);
    long duration = Math.max(0L, policy.expireAfterRead(key, value, now, currentDuration));
    return expirationTime(now, duration);
  }

  /**
   * Applies the expiry's read rule to an entry just read, unless its future is in flight: the
   * call's expiry if it has one (a policy write's own), else the cache's. A concurrent write's time
   * wins (compare-and-set).
   */
  void tryExpireAfterRead(
      Node<K, V> node, K key, V value, @Nullable Expiry<? super K, ? super V> expiry, long now) {
    if (!expiresVariable || isComputingAsync(value)) {
      return;
    }
    long variableTime = variableTime(node);
    long currentDuration = Math.max(1L, variableTime - now);
    if (isAsync && (currentDuration > MAXIMUM_EXPIRY)) {
      return; // the future completed but its creation time is not set yet
    }
    Expiry<? super K, ? super V> policy = (expiry == null) ? requireNonNull(this.expiry) : expiry;
    long duration = Math.max(0L, policy.expireAfterRead(key, value, now, currentDuration));
    long expirationTime = expirationTime(now, duration);
    if ((duration <= EXPIRE_TOLERANCE)
        || (Math.abs(expirationTime - variableTime) > EXPIRE_TOLERANCE)) {
      node.casTime(variableTime, expirationTime);
    }
  }

  private long expirationTime(long now, long duration) {
    return isAsync ? (now + duration) : (now + Math.min(duration, MAXIMUM_EXPIRY));
  }

  /* --------------- Maintenance (guarded by the eviction lock) --------------- */

  /** Links a new entry in the write-order deque or the timer wheel. */
  void onAdd(Node<K, V> node) {
    if (expiresAfterWrite) {
      requireNonNull(writeOrderDeque).offerLast(node);
    } else if (expiresVariable) {
      requireNonNull(timerWheel).schedule(node);
    }
  }

  /** Reorders a written entry. */
  void onUpdate(Node<K, V> node) {
    if (expiresAfterWrite) {
      WriteOrderDeque<K, V> deque = requireNonNull(writeOrderDeque);
      if (deque.contains(node)) {
        deque.moveToBack(node);
      }
    } else if (expiresVariable) {
      requireNonNull(timerWheel).reschedule(node);
    }
  }

  /** Reorders a read entry (its expiration time may have changed). */
  void onAccess(Node<K, V> node) {
    if (expiresVariable) {
      requireNonNull(timerWheel).reschedule(node);
    }
  }

  /** Unlinks a removed entry. */
  void unlink(Node<K, V> node) {
    if (expiresAfterWrite) {
      requireNonNull(writeOrderDeque).remove(node);
    } else if (expiresVariable) {
      requireNonNull(timerWheel).deschedule(node);
    }
  }

  /** Removes the entries that have expired by now. */
  void expireEntries(long now) {
    if (!expires()) {
      return;
    }
    if (expiresAfterAccess) {
      expireAfterAccessEntries(accessOrder.window, now);
      if (evicts) {
        expireAfterAccessEntries(accessOrder.probation, now);
        expireAfterAccessEntries(accessOrder.protectedSegment, now);
      }
    }
    if (expiresAfterWrite) {
      expireAfterWriteEntries(now);
    }
    if (expiresVariable) {
      Expirer<K, V> remover = requireNonNull(expirer);
      requireNonNull(timerWheel).advance(now, remover::expire);
    }
  }

  /**
   * Expires from the least recently used end while the entries are due. An entry that is not due
   * stops the scan, unless its position is stale (a dropped read left it before younger entries) or
   * its future is in flight: it then moves to the back and the scan goes on.
   */
  private void expireAfterAccessEntries(AccessOrderDeque<K, V> deque, long now) {
    Node<K, V> head = deque.peekFirst();
    if (head == null) {
      return;
    }
    Expirer<K, V> remover = requireNonNull(expirer);
    long duration = expiresAfterAccessNanos();
    Node<K, V> last = requireNonNull(deque.peekLast());
    for (Node<K, V> node = head; node != null; ) {
      Node<K, V> next = (node == last) ? null : node.getNextInAccessOrder();
      if ((now - accessTime(node)) < duration) {
        boolean stalePosition = accessTime(last) < accessTime(node);
        if (stalePosition || isComputingAsync(node.getValue())) {
          deque.moveToBack(node);
          node = next;
          continue;
        }
        return;
      }
      remover.expire(node, now);
      node = next;
    }
  }

  /** Expires from the oldest write while the entries are due (see the access-order scan). */
  private void expireAfterWriteEntries(long now) {
    WriteOrderDeque<K, V> deque = requireNonNull(writeOrderDeque);
    Node<K, V> head = deque.peekFirst();
    if (head == null) {
      return;
    }
    Expirer<K, V> remover = requireNonNull(expirer);
    long duration = expiresAfterWriteNanos();
    Node<K, V> last = requireNonNull(deque.peekLast());
    for (Node<K, V> node = head; node != null; ) {
      Node<K, V> next = (node == last) ? null : node.getNextInTimeOrder();
      if ((now - writeTime(node)) < duration) {
        boolean stalePosition = writeTime(last) < writeTime(node);
        if (stalePosition || isComputingAsync(node.getValue())) {
          deque.moveToBack(node);
          node = next;
          continue;
        }
        return;
      }
      remover.expire(node, now);
      node = next;
    }
  }

  /**
   * Returns the delay until the next entry may expire, or {@link Long#MAX_VALUE} if none: the heads
   * of the deques and the timer wheel's next bucket.
   */
  long expirationDelay(long now) {
    long delay = Long.MAX_VALUE;
    if (expiresAfterAccess) {
      delay = Math.min(delay, accessDelay(accessOrder.window.peekFirst(), now));
      if (evicts) {
        delay = Math.min(delay, accessDelay(accessOrder.probation.peekFirst(), now));
        delay = Math.min(delay, accessDelay(accessOrder.protectedSegment.peekFirst(), now));
      }
    }
    if (expiresAfterWrite) {
      Node<K, V> node = requireNonNull(writeOrderDeque).peekFirst();
      if (node != null) {
        long age = Math.max(0L, now - writeTime(node));
        delay = Math.min(delay, expiresAfterWriteNanos() - age);
      }
    }
    if (expiresVariable) {
      delay = Math.min(delay, requireNonNull(timerWheel).getExpirationDelay());
    }
    return delay;
  }

  private long accessDelay(@Nullable Node<K, V> node, long now) {
    if (node == null) {
      return Long.MAX_VALUE;
    }
    long age = Math.max(0L, now - accessTime(node));
    return expiresAfterAccessNanos() - age;
  }
}
