package io.larder.cache.internal.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A lossy, striped, multi-producer single-consumer buffer that records reads for the eviction
 * policy, so that a read takes no lock.
 *
 * <h2>Design</h2>
 *
 * <p>This is the read side of BP-Wrapper (Ding, Jiang and Zhang, "BP-Wrapper: A System Framework
 * Making Any Replacement Algorithms (Almost) Lock Contention Free", ICDE 2009, <a
 * href="https://ieeexplore.ieee.org/document/4812418">IEEE Xplore 4812418</a>): reads are appended
 * to a buffer and replayed against the policy in batches by whoever holds the eviction lock,
 * instead of each read taking the lock. Unlike the paper's per-thread queues (which would need a
 * {@code ThreadLocal}, forbidden here because it pins class loaders), the buffer is a small array
 * of fixed-size ring buffers ("stripes"), each shared by the threads that hash to it. A thread
 * picks its stripe from its id; when a compare-and-set on a stripe fails (contention), the stripe
 * table doubles, up to four stripes per processor, so that contending threads spread out.
 *
 * <p>The buffer is <i>lossy</i>: when a stripe is full, or still contended after a few attempts,
 * the read is dropped rather than waited for. A lost read only makes the policy's recency and
 * frequency information slightly less precise; the hit rate is insensitive to it, while blocking
 * a reader would cost throughput. {@link #offer} never blocks.
 */
public final class ReadBuffer<E> {
  /** The element was added. */
  public static final int SUCCESS = 0;

  /** The element was dropped because its stripe was full: the caller should schedule a drain. */
  public static final int FULL = 1;

  /** The element was dropped because of contention. */
  public static final int FAILED = -1;

  /**
   * The number of elements a stripe holds (a power of two). This, the stripe limit and the
   * attempts are Caffeine 3.2.4's ({@code BoundedBuffer.BUFFER_SIZE}, {@code
   * StripedBuffer.MAXIMUM_TABLE_SIZE} and {@code ATTEMPTS}); the table's growth on contention
   * follows {@code java.util.concurrent.atomic.Striped64}, the cells of {@code LongAdder}.
   */
  static final int STRIPE_CAPACITY = 16;

  /** The most stripes: four per processor, rounded up to a power of two. */
  static final int MAX_STRIPES =
      4 * ceilingPowerOfTwo(Runtime.getRuntime().availableProcessors());

  /** The stripes tried (the thread's, then neighbours) before a contended read is dropped. */
  private static final int ATTEMPTS = 3;
  private static final VarHandle STRIPES;
  private static final VarHandle RESIZING;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STRIPES = lookup.findVarHandle(ReadBuffer.class, "stripes", Stripe[].class);
      RESIZING = lookup.findVarHandle(ReadBuffer.class, "resizing", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // accessed through STRIPES
  private Stripe<E> @Nullable [] stripes;

  @SuppressWarnings("unused") // accessed through RESIZING
  private int resizing;

  /**
   * Records the element, unless its stripe is full or contended; returns {@link #SUCCESS},
   * {@link #FULL} or {@link #FAILED}. Never blocks.
   */
  public int offer(E e) {
    Stripe<E>[] table = table();
    int hash = probe();
    if (table == null) {
      return expand(null, e);
    }
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Stripe<E> stripe = table[hash & (table.length - 1)];
      int result = stripe.offer(e);
      if (result != FAILED) {
        return result;
      }
      // Contended: grow the table so that the threads spread out, or try a neighbour.
      if (table.length < MAX_STRIPES) {
        return expand(table, e);
      }
      hash += 0x9e3779b9; // 2^32 / golden ratio: the next probe lands far from this one
    }
    return FAILED;
  }

  /** Hands every recorded element to the consumer; the caller is the single consumer. */
  public void drainTo(Consumer<? super E> consumer) {
    Stripe<E>[] table = table();
    if (table == null) {
      return;
    }
    for (Stripe<E> stripe : table) {
      stripe.drainTo(consumer);
    }
  }

  /** Returns the number of stripes (for tests and diagnostics). */
  public int stripeCount() {
    Stripe<E>[] table = table();
    return (table == null) ? 0 : table.length;
  }

  @SuppressWarnings("unchecked")
  private Stripe<E> @Nullable [] table() {
    return (Stripe<E>[]) STRIPES.getAcquire(this);
  }

  /** Creates or doubles the stripe table, then offers the element to the caller's stripe. */
  @SuppressWarnings("unchecked")
  private int expand(Stripe<E> @Nullable [] seen, E e) {
    if (RESIZING.compareAndSet(this, 0, 1)) {
      try {
        Stripe<E>[] current = table();
        if (current == seen) {
          Stripe<E>[] grown;
          if (current == null) {
            grown = (Stripe<E>[]) new Stripe<?>[1];
            grown[0] = new Stripe<>();
          } else {
            grown = java.util.Arrays.copyOf(current, current.length << 1);
            for (int i = current.length; i < grown.length; i++) {
              grown[i] = new Stripe<>();
            }
          }
          STRIPES.setRelease(this, grown);
        }
      } finally {
        RESIZING.setRelease(this, 0);
      }
    }
    Stripe<E>[] table = table();
    if (table == null) {
      return FAILED;
    }
    return table[probe() & (table.length - 1)].offer(e);
  }

  /** Returns the calling thread's stripe hash: its id, mixed. */
  @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
  private static int probe() {
    long id = Thread.currentThread().getId();
    return spread((int) (id ^ (id >>> 32)));
  }

  /**
   * Mixes the thread id so that consecutive ids pick scattered stripes: the same "lowbias32" mix
   * as the frequency sketch's ({@code FrequencySketch.spread}, which says where it comes from),
   * repeated here because that class is private to the parent package.
   */
  private static int spread(int x) {
    x = (x ^ (x >>> 16)) * 0x7feb352d;
    x = (x ^ (x >>> 15)) * 0x846ca68b;
    return x ^ (x >>> 16);
  }

  /** Returns the least power of two at least {@code x} (1 for {@code x <= 1}). */
  static int ceilingPowerOfTwo(int x) {
    return (x <= 1) ? 1 : 1 << (32 - Integer.numberOfLeadingZeros(x - 1));
  }

  /** Padding before a stripe's read counter, so that stripes do not share cache lines. */
  @SuppressWarnings("unused")
  abstract static class StripeLeftPad {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p08, p09, p10, p11, p12, p13, p14, p15;
  }

  /** The consumer's counter. */
  abstract static class StripeReadCounter extends StripeLeftPad {
    @SuppressWarnings("unused") // written by the consumer only, through READ
    long readCounter;
  }

  /** Padding between the consumer's and the producers' counters. */
  @SuppressWarnings("unused")
  abstract static class StripeMiddlePad extends StripeReadCounter {
    long p16, p17, p18, p19, p20, p21, p22, p23;
    long p24, p25, p26, p27, p28, p29, p30, p31;
  }

  /** The producers' counter. */
  abstract static class StripeWriteCounter extends StripeMiddlePad {
    @SuppressWarnings("unused") // advanced by producers with compare-and-set, through WRITE
    long writeCounter;
  }

  /** Padding after the producers' counter. */
  @SuppressWarnings("unused")
  abstract static class StripeRightPad extends StripeWriteCounter {
    long p32, p33, p34, p35, p36, p37, p38, p39;
    long p40, p41, p42, p43, p44, p45, p46, p47;
  }

  /**
   * A bounded ring buffer with many producers and one consumer. Its two counters sit on their own
   * cache lines (by padding through the class hierarchy, whose fields the JVM lays out in order),
   * so that producers on different stripes, and the consumer, do not invalidate each other's lines.
   */
  static final class Stripe<E> extends StripeRightPad {
    private static final int MASK = STRIPE_CAPACITY - 1;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle READ;
    private static final VarHandle WRITE;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        READ = lookup.findVarHandle(StripeReadCounter.class, "readCounter", long.class);
        WRITE = lookup.findVarHandle(StripeWriteCounter.class, "writeCounter", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final @Nullable Object[] slots = new Object[STRIPE_CAPACITY];

    int offer(E e) {
      long head = (long) READ.getAcquire(this);
      long tail = (long) WRITE.getAcquire(this);
      if (tail - head >= STRIPE_CAPACITY) {
        return FULL;
      }
      if (WRITE.compareAndSet(this, tail, tail + 1)) {
        SLOTS.setRelease(slots, (int) tail & MASK, e);
        return SUCCESS;
      }
      return FAILED;
    }

    @SuppressWarnings("unchecked")
    void drainTo(Consumer<? super E> consumer) {
      long head = (long) READ.getOpaque(this);
      long tail = (long) WRITE.getAcquire(this);
      while (head != tail) {
        int index = (int) head & MASK;
        E e = (E) SLOTS.getAcquire(slots, index);
        if (e == null) {
          // The producer claimed the slot but has not published yet: stop here and resume on the
          // next drain rather than wait for it.
          break;
        }
        SLOTS.setRelease(slots, index, null);
        consumer.accept(e);
        head++;
      }
      READ.setRelease(this, head);
    }

    long writeCounter() {
      return (long) WRITE.getAcquire(this);
    }
  }
}
