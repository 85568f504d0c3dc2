package io.larder.cache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * A bounded, lock-free, multi-producer single-consumer queue of pending policy updates (adds,
 * updates and removals of entries), drained in order by whoever holds the eviction lock.
 *
 * <h2>Design</h2>
 *
 * <p>The write side of BP-Wrapper (Ding, Jiang and Zhang, ICDE 2009): writes must not be lost, so
 * unlike the {@link ReadBuffer} this queue is lossless and FIFO, and a producer that finds it full
 * reports so instead of dropping (the cache then helps drain it, see {@code BoundedLocalCache}).
 * The algorithm is the classic array queue with a claimed-then-published slot: a producer claims
 * an index with a compare-and-set on the producer counter and then publishes its element into
 * the slot with a release store; the consumer reads the slot with an acquire load, so it always
 * sees a whole element, and waits briefly for a slot that was claimed but not yet published.
 */
final class WriteBuffer<E> {
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
  private static final VarHandle PRODUCER;
  private static final VarHandle CONSUMER;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      PRODUCER = lookup.findVarHandle(WriteBuffer.class, "producerIndex", long.class);
      CONSUMER = lookup.findVarHandle(WriteBuffer.class, "consumerIndex", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final @Nullable Object[] slots;
  private final int mask;

  @SuppressWarnings("unused") // accessed through PRODUCER
  private long producerIndex;

  @SuppressWarnings("unused") // accessed through CONSUMER
  private long consumerIndex;

  /** Creates a queue of the capacity, rounded up to a power of two. */
  WriteBuffer(int capacity) {
    int length = FrequencySketch.ceilingPowerOfTwo(Math.max(2, capacity));
    this.slots = new Object[length];
    this.mask = length - 1;
  }

  /** Returns the number of elements the queue holds when full. */
  int capacity() {
    return slots.length;
  }

  /** Appends the element, unless the queue is full; returns whether it was appended. */
  boolean offer(E e) {
    for (;;) {
      long producer = (long) PRODUCER.getVolatile(this);
      long consumer = (long) CONSUMER.getAcquire(this);
      if (producer - consumer >= slots.length) {
        return false;
      }
      if (PRODUCER.compareAndSet(this, producer, producer + 1)) {
        SLOTS.setRelease(slots, (int) producer & mask, e);
        return true;
      }
    }
  }

  /** Removes and returns the oldest element, or {@code null}; only the single consumer calls it. */
  @SuppressWarnings("unchecked")
  @Nullable E poll() {
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
  int size() {
    long consumer = (long) CONSUMER.getAcquire(this);
    long producer = (long) PRODUCER.getAcquire(this);
    return (int) Math.max(0, Math.min(producer - consumer, slots.length));
  }
}
