package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A hierarchical timer wheel that schedules, reschedules and cancels variable expiration times in
 * O(1), and expires due entries in time proportional to the buckets passed.
 *
 * <p>Design: time (ticker nanoseconds) is cut into five wheels of coarser and coarser buckets, each
 * bucket's span a power of two so that a bucket index is a shift and a mask: 64 buckets of about
 * 1.07 s, 64 of about 1.14 min, 32 of about 1.22 h, 4 of about 1.63 days, and one overflow bucket.
 * An entry goes to the finest wheel whose whole range still covers its remaining lifetime. When the
 * clock advances, each wheel's buckets that the clock has passed are emptied: an entry that is due
 * is expired, and one that is not (it sat in a coarse bucket) is scheduled again, cascading to a
 * finer wheel. Each bucket is a circular doubly-linked list through a sentinel, so linking and
 * unlinking need no search. See Varghese and Lauck, "Hashed and Hierarchical Timing Wheels: Data
 * Structures for the Efficient Implementation of a Timer Facility" (SOSP 1987, <a
 * href="https://doi.org/10.1145/41457.37504">doi:10.1145/41457.37504</a>). The wheels' sizes and
 * spans are Caffeine 3.2.4's ({@code TimerWheel.BUCKETS} and {@code SPANS}).
 *
 * <p>Not thread-safe: the cache calls it only under its eviction lock.
 *
 * @param <N> the node type
 */
final class TimerWheel<N extends TimerNode<N>> {

  /** Decides the fate of a due entry. */
  @FunctionalInterface
  interface Expirer<N> {
    /**
     * Expires the entry if it is still due at {@code now}; returns {@code false} if it was not
     * removed (its time was extended concurrently), so that the wheel schedules it again.
     */
    boolean expire(N node, long now);
  }

  static final int[] BUCKETS = {64, 64, 32, 4, 1};
  static final long[] SPANS = {
    ceilingPowerOfTwo(TimeUnit.SECONDS.toNanos(1)), // 2^30 ns = 1.07 s
    ceilingPowerOfTwo(TimeUnit.MINUTES.toNanos(1)), // 2^36 ns = 1.14 min
    ceilingPowerOfTwo(TimeUnit.HOURS.toNanos(1)), // 2^42 ns = 1.22 h
    ceilingPowerOfTwo(TimeUnit.DAYS.toNanos(1)), // 2^47 ns = 1.63 d
    BUCKETS[3] * ceilingPowerOfTwo(TimeUnit.DAYS.toNanos(1)), // 6.5 d
    BUCKETS[3] * ceilingPowerOfTwo(TimeUnit.DAYS.toNanos(1)),
  };
  static final int[] SHIFT = {
    Long.numberOfTrailingZeros(SPANS[0]),
    Long.numberOfTrailingZeros(SPANS[1]),
    Long.numberOfTrailingZeros(SPANS[2]),
    Long.numberOfTrailingZeros(SPANS[3]),
    Long.numberOfTrailingZeros(SPANS[4]),
  };

  /** The number of buckets of all the wheels together. */
  static final int BUCKET_COUNT = 64 + 64 + 32 + 4 + 1;

  private final N[][] wheel;
  private long nanos;

  /** Creates a wheel whose buckets use sentinels from the factory, starting at time {@code now}. */
  @SuppressWarnings("unchecked")
  TimerWheel(Supplier<N> sentinelFactory, long now) {
    wheel = (N[][]) new TimerNode<?>[BUCKETS.length][];
    for (int i = 0; i < wheel.length; i++) {
      wheel[i] = (N[]) new TimerNode<?>[BUCKETS[i]];
      for (int j = 0; j < wheel[i].length; j++) {
        N sentinel = sentinelFactory.get();
        sentinel.setPreviousInVariableOrder(sentinel);
        sentinel.setNextInVariableOrder(sentinel);
        wheel[i][j] = sentinel;
      }
    }
    nanos = now;
  }

  /** Returns the time the wheel was last advanced to. */
  long currentTime() {
    return nanos;
  }

  /**
   * Advances the clock to {@code currentTime}, handing every entry that is due to the {@code
   * expirer}, and rescheduling the others of the buckets passed.
   */
  void advance(long currentTime, Expirer<N> expirer) {
    long previousTime = nanos;
    nanos = currentTime;
    // Ticker values may be negative (System.nanoTime has an arbitrary origin): shift both into
    // the positive range when the clock crosses zero so that unsigned tick counts stay ordered.
    long previousDelta = previousTime;
    long currentDelta = currentTime;
    if (previousTime < 0 && currentTime >= 0) {
      previousDelta += Long.MAX_VALUE;
      currentDelta += Long.MAX_VALUE;
    }
    try {
      for (int i = 0; i < SHIFT.length; i++) {
        long ticks = (currentDelta >>> SHIFT[i]) - (previousDelta >>> SHIFT[i]);
        if (ticks <= 0L) {
          break;
        }
        expireBuckets(i, previousTime >>> SHIFT[i], ticks, expirer);
      }
    } catch (RuntimeException | Error e) {
      nanos = previousTime;
      throw e;
    }
  }

  /** Empties the buckets of wheel {@code index} passed by {@code ticks} ticks after {@code from}. */
  private void expireBuckets(int index, long fromTicks, long ticks, Expirer<N> expirer) {
    N[] buckets = wheel[index];
    int mask = buckets.length - 1;
    int steps = (int) Math.min(1 + ticks, buckets.length);
    int start = (int) (fromTicks & mask);
    for (int i = start; i < start + steps; i++) {
      N sentinel = buckets[i & mask];
      N node = next(sentinel);
      sentinel.setPreviousInVariableOrder(sentinel);
      sentinel.setNextInVariableOrder(sentinel);
      while (node != sentinel) {
        N following = next(node);
        node.setPreviousInVariableOrder(null);
        node.setNextInVariableOrder(null);
        try {
          if ((node.getVariableTime() - nanos) > 0 || !expirer.expire(node, nanos)) {
            schedule(node);
          }
        } catch (RuntimeException | Error e) {
          // Put the unprocessed remainder back so that no entry is lost from the wheel.
          schedule(node);
          for (N rest = following; rest != sentinel; ) {
            N after = next(rest);
            rest.setPreviousInVariableOrder(null);
            rest.setNextInVariableOrder(null);
            schedule(rest);
            rest = after;
          }
          throw e;
        }
        node = following;
      }
    }
  }

  /** Schedules an unscheduled node by its variable time. */
  void schedule(N node) {
    link(findBucket(node.getVariableTime()), node);
  }

  /** Moves a scheduled node to the bucket of its (changed) variable time; no-op if unscheduled. */
  void reschedule(N node) {
    if (node.getNextInVariableOrder() != null) {
      unlink(node);
      schedule(node);
    }
  }

  /** Removes a node from the wheel, if scheduled. */
  void deschedule(N node) {
    unlink(node);
    node.setNextInVariableOrder(null);
    node.setPreviousInVariableOrder(null);
  }

  /** Returns the sentinel of the bucket that covers {@code time}. */
  private N findBucket(long time) {
    long duration = Math.max(0L, time - nanos);
    long when = (duration == 0L) ? nanos : time;
    int last = wheel.length - 1;
    for (int i = 0; i < last; i++) {
      if (duration < SPANS[i + 1]) {
        int index = (int) ((when >>> SHIFT[i]) & (wheel[i].length - 1));
        return wheel[i][index];
      }
    }
    return wheel[last][0];
  }

  private void link(N sentinel, N node) {
    N last = requireNonNull(sentinel.getPreviousInVariableOrder());
    node.setPreviousInVariableOrder(last);
    node.setNextInVariableOrder(sentinel);
    last.setNextInVariableOrder(node);
    sentinel.setPreviousInVariableOrder(node);
  }

  private void unlink(N node) {
    N following = node.getNextInVariableOrder();
    if (following != null) {
      N prev = requireNonNull(node.getPreviousInVariableOrder());
      following.setPreviousInVariableOrder(prev);
      prev.setNextInVariableOrder(following);
    }
  }

  private static <N extends TimerNode<N>> N next(N node) {
    return requireNonNull(node.getNextInVariableOrder());
  }

  /**
   * Returns the delay, in nanoseconds, until the next bucket holding entries is due, or {@link
   * Long#MAX_VALUE} when the wheel is empty; a scheduler wakes the cache up after this delay.
   */
  long getExpirationDelay() {
    for (int i = 0; i < SHIFT.length; i++) {
      N[] buckets = wheel[i];
      long ticks = nanos >>> SHIFT[i];
      long spanMask = SPANS[i] - 1;
      int mask = buckets.length - 1;
      int start = (int) (ticks & mask);
      for (int j = start; j < start + buckets.length; j++) {
        N sentinel = buckets[j & mask];
        if (next(sentinel) == sentinel) {
          continue;
        }
        long delay = ((long) (j - start) << SHIFT[i]) - (nanos & spanMask);
        delay = (delay > 0) ? delay : SPANS[i];
        for (int k = i + 1; k < SHIFT.length; k++) {
          delay = Math.min(delay, peekAhead(k));
        }
        return delay;
      }
    }
    return Long.MAX_VALUE;
  }

  /** Returns the delay until the next bucket of a coarser wheel, if it holds entries. */
  private long peekAhead(int index) {
    long ticks = nanos >>> SHIFT[index];
    N[] buckets = wheel[index];
    N sentinel = buckets[(int) ((ticks + 1) & (buckets.length - 1))];
    return (next(sentinel) == sentinel)
        ? Long.MAX_VALUE
        : SPANS[index] - (nanos & (SPANS[index] - 1));
  }

  /**
   * Returns the scheduled nodes in expiration order, soonest first ({@code ascending}) or latest
   * first, for the policy's {@code oldest} and {@code youngest} views. Nodes of equal time come in
   * the wheel's layout order (wheel by wheel, bucket by bucket, then as linked), in both
   * directions.
   *
   * <p>The order is exact, but found lazily so that {@code oldest(1)} of a million entries does
   * not sort them all. One pass over the wheel copies each bucket's nodes and their times (so that
   * the iteration is a snapshot that later changes of the wheel do not disturb, as a full sorted
   * copy was) and notes the bucket's soonest (or latest) time; the buckets then merge through a
   * small heap, one cursor per non-empty bucket (at most {@value #BUCKET_COUNT}), and a bucket is
   * heapified (in linear time) only when the merge first reaches it. A bucket's span does not bound
   * its nodes' times (a coarse bucket keeps a node until the wheel cascades it, and an overdue node
   * waits in the current one), hence the noted times rather than a walk in bucket order. Taking
   * {@code k} nodes costs the pass, the heapifying of the buckets they come from and {@code k}
   * logarithmic pops, instead of a sort of every node.
   */
  Iterator<N> expirationOrder(boolean ascending) {
    return new ExpirationOrder(ascending);
  }

  /**
   * Adds up to {@code limit} scheduled nodes to {@code out}, soonest bucket first: the finest
   * wheel's buckets from the current one round, then each coarser wheel's in the same way. An
   * entry sits in the finest wheel that covers its remaining lifetime, so this is expiration order
   * to within a bucket's span, found without sorting (the growth guard's trim of a cache that only
   * expires; {@link #expirationOrder} is exact).
   */
  void soonestByBucket(int limit, List<N> out) {
    int added = 0;
    for (int i = 0; i < wheel.length; i++) {
      N[] buckets = wheel[i];
      int mask = buckets.length - 1;
      int start = (int) ((nanos >>> SHIFT[i]) & mask);
      for (int j = start; j < start + buckets.length; j++) {
        N sentinel = buckets[j & mask];
        for (N node = next(sentinel); node != sentinel; node = next(node)) {
          if (added++ >= limit) {
            return;
          }
          out.add(node);
        }
      }
    }
  }

  /** Returns whether the node is scheduled in this wheel. */
  static <N extends TimerNode<N>> boolean isScheduled(@Nullable N node) {
    return node != null && node.getNextInVariableOrder() != null;
  }

  /**
   * The exact expiration order of {@link #expirationOrder}: a k-way merge of the buckets' copies,
   * each ordered by a binary heap built when the merge first reaches it (linear time) and popped
   * in logarithmic time per node, so that a bucket gives its first nodes without being sorted.
   */
  private final class ExpirationOrder implements Iterator<N> {
    private final boolean ascending;
    private final PriorityQueue<BucketCursor<N>> merge;

    ExpirationOrder(boolean ascending) {
      this.ascending = ascending;
      this.merge = new PriorityQueue<>(BUCKET_COUNT, this::compare);
      long now = nanos;
      int ordinal = 0;
      for (N[] buckets : wheel) {
        for (N sentinel : buckets) {
          if (TimerWheel.next(sentinel) != sentinel) {
            merge.add(new BucketCursor<>(ordinal, sentinel, now, ascending));
          }
          ordinal++;
        }
      }
    }

    /** Orders cursors by their head's time, then by layout order, which keeps ties stable. */
    private int compare(BucketCursor<N> a, BucketCursor<N> b) {
      int byTime = ascending ? Long.compare(a.head, b.head) : Long.compare(b.head, a.head);
      return (byTime != 0) ? byTime : Integer.compare(a.ordinal, b.ordinal);
    }

    @Override
    public boolean hasNext() {
      return !merge.isEmpty();
    }

    @Override
    public N next() {
      BucketCursor<N> cursor = merge.poll();
      if (cursor == null) {
        throw new NoSuchElementException();
      }
      N node = cursor.pop();
      if (!cursor.isEmpty()) {
        merge.add(cursor);
      }
      return node;
    }
  }

  /**
   * One bucket's place in the merge: its nodes (copied in link order, with their times relative to
   * the wheel's, comparable across a ticker's overflow), the time of the next node to give, and,
   * once the merge reaches the bucket, a binary heap of node indexes ordered by time, then by
   * index (link order), in the merge's direction.
   */
  private static final class BucketCursor<N extends TimerNode<N>> {
    final int ordinal;
    final boolean ascending;
    final List<N> nodes = new ArrayList<>();
    long[] times = new long[8];
    int @Nullable [] heap;
    int size;
    long head;

    /** Copies the bucket's nodes and notes its soonest (or latest) time as the head. */
    BucketCursor(int ordinal, N sentinel, long now, boolean ascending) {
      this.ordinal = ordinal;
      this.ascending = ascending;
      for (N node = TimerWheel.next(sentinel); node != sentinel; node = TimerWheel.next(node)) {
        long time = node.getVariableTime() - now;
        if (size == times.length) {
          times = Arrays.copyOf(times, 2 * size);
        }
        times[size] = time;
        nodes.add(node);
        head = ((size == 0) || before(time, head)) ? time : head;
        size++;
      }
    }

    boolean isEmpty() {
      return size == 0;
    }

    /** Removes and returns the bucket's next node; the head becomes the following one's time. */
    N pop() {
      int[] h = heap;
      if (h == null) {
        h = new int[size];
        for (int i = 0; i < size; i++) {
          h[i] = i;
        }
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
          siftDown(h, i);
        }
        heap = h;
      }
      int first = h[0];
      size--;
      if (size > 0) {
        h[0] = h[size];
        siftDown(h, 0);
        head = times[h[0]];
      }
      return nodes.get(first);
    }

    private void siftDown(int[] h, int index) {
      int i = index;
      int item = h[i];
      int half = size >>> 1;
      while (i < half) {
        int child = (i << 1) + 1;
        int right = child + 1;
        if ((right < size) && precedes(h[right], h[child])) {
          child = right;
        }
        if (!precedes(h[child], item)) {
          break;
        }
        h[i] = h[child];
        i = child;
      }
      h[i] = item;
    }

    /** Returns whether node {@code a} comes before node {@code b}: by time, then link order. */
    private boolean precedes(int a, int b) {
      long ta = times[a];
      long tb = times[b];
      return (ta == tb) ? (a < b) : before(ta, tb);
    }

    private boolean before(long a, long b) {
      return ascending ? (a < b) : (a > b);
    }
  }

  static long ceilingPowerOfTwo(long x) {
    return 1L << -Long.numberOfLeadingZeros(x - 1);
  }
}
