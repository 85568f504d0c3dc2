package io.larder.cache.internal.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * A bounded, lock-free, multi-producer single-consumer queue of pending policy updates (adds,
 * updates and removals of entries), drained in order by whoever holds the eviction lock.
 *
 * <h2>Design</h2>
 *
 * <p>The write side of BP-Wrapper (Ding, Jiang and Zhang, ICDE 2009, <a
 * href="https://ieeexplore.ieee.org/document/4812418">IEEE Xplore 4812418</a>): writes must not be
 * lost, so unlike the {@link ReadBuffer} this queue is lossless and FIFO, and a producer that finds
 * it full reports so instead of dropping (the cache then helps drain it, see {@code
 * BoundedLocalCache}). The algorithm is the classic array queue with a claimed-then-published slot:
 * a producer claims an index with a compare-and-set on the producer counter and then publishes its
 * element into the slot with a release store; the consumer reads the slot with an acquire load, so
 * it always sees a whole element, and waits briefly for a slot that was claimed but not yet
 * published.
 */
public final class WriteBuffer<E> extends WriteBufferConsumerIndex {
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
  private static final VarHandle PRODUCER;
  private static final VarHandle PRODUCER_LIMIT;
  private static final VarHandle CONSUMER;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      PRODUCER = lookup.findVarHandle(WriteBufferProducerIndex.class, "producerIndex", long.class);
      PRODUCER_LIMIT =
          lookup.findVarHandle(WriteBufferProducerIndex.class, "producerLimit", long.class);
      CONSUMER = lookup.findVarHandle(WriteBufferConsumerIndex.class, "consumerIndex", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final @Nullable Object[] slots;
  private final int mask;

  /** Creates a queue of the capacity, rounded up to a power of two. */
  public WriteBuffer(int capacity) {
    int length = ReadBuffer.ceilingPowerOfTwo(Math.max(2, capacity));
    this.slots = new Object[length];
    this.mask = length - 1;
    PRODUCER_LIMIT.setRelease(this, (long) length);
  }

  /** Returns the number of elements the queue holds when full. */
  public int capacity() {
    return slots.length;
  }

  /**
   * Appends the element, unless the queue is full; returns whether it was appended. Producers
   * compare against a cached limit (the consumer's index plus the capacity when last read), so
   * that they read the consumer's cache line only when the queue looks full.
   */
  public boolean offer(E e) {
    for (;;) {
      long producer = (long) PRODUCER.getVolatile(this);
      long limit = (long) PRODUCER_LIMIT.getVolatile(this);
      if (producer >= limit) {
        long consumer = (long) CONSUMER.getAcquire(this);
        limit = consumer + slots.length;
        if (producer >= limit) {
          return false;
        }
        PRODUCER_LIMIT.setRelease(this, limit);
      }
      if (PRODUCER.compareAndSet(this, producer, producer + 1)) {
        SLOTS.setRelease(slots, (int) producer & mask, e);
        return true;
      }
    }
  }

  /** Removes and returns the oldest element, or {@code null}; only the single consumer calls it. */
  @SuppressWarnings("unchecked")
  public @Nullable E poll() {
    long consumer = (long) CONSUMER.getOpaque(this);
    int index = (int) consumer & mask;
    Object e = SLOTS.getAcquire(slots, index);
    if (e == null) {
      if (consumer == (long) PRODUCER.getVolatile(this)) {
        return null;
      }
      // A producer claimed the slot and is about to publish it.
      do {
        Thread.onSpinWait();
        e = SLOTS.getAcquire(slots, index);
      } while (e == null);
    }
    SLOTS.setRelease(slots, index, null);
    CONSUMER.setRelease(this, consumer + 1);
    return (E) e;
  }

  /** Returns the number of claimed slots not yet consumed, approximately. */
  public int size() {
    long consumer = (long) CONSUMER.getAcquire(this);
    long producer = (long) PRODUCER.getAcquire(this);
    return (int) Math.max(0, Math.min(producer - consumer, slots.length));
  }
}

/** Padding before the producers' fields. */
@SuppressWarnings({"unused", "MultipleTopLevelClasses"})
abstract class WriteBufferLeftPad {
  long p00, p01, p02, p03, p04, p05, p06, p07;
  long p08, p09, p10, p11, p12, p13, p14, p15;
}

/** The producers' index and their cached limit, on their own cache line. */
@SuppressWarnings("MultipleTopLevelClasses")
abstract class WriteBufferProducerIndex extends WriteBufferLeftPad {
  @SuppressWarnings("unused") // accessed through PRODUCER
  long producerIndex;

  @SuppressWarnings("unused") // accessed through PRODUCER_LIMIT
  long producerLimit;
}

/** Padding between the producers' and the consumer's fields. */
@SuppressWarnings({"unused", "MultipleTopLevelClasses"})
abstract class WriteBufferMiddlePad extends WriteBufferProducerIndex {
  long p16, p17, p18, p19, p20, p21, p22, p23;
  long p24, p25, p26, p27, p28, p29, p30, p31;
}

/** The consumer's index, on its own cache line. */
@SuppressWarnings("MultipleTopLevelClasses")
abstract class WriteBufferConsumerIndex extends WriteBufferMiddlePad {
  @SuppressWarnings("unused") // accessed through CONSUMER
  long consumerIndex;

  @SuppressWarnings("unused")
  long p32, p33, p34, p35, p36, p37, p38, p39;
  @SuppressWarnings("unused")
  long p40, p41, p42, p43, p44, p45, p46, p47;
}
