package io.larder.jcstress.buffer;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.larder.cache.internal.buffer.WriteBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.ZZI_Result;

/**
 * The bounded MPSC {@link WriteBuffer}: what a producer publishes, the consumer sees whole, once,
 * in claim order, and a full buffer refuses rather than overwrites.
 *
 * <p>The buffers are stressed directly, not through a cache, because what these tests check (an
 * element published whole and exactly once, a full buffer refusing rather than overwriting) cannot
 * be observed through the cache's API. They reach the buffers through cache-core's package {@code
 * io.larder.cache.internal.buffer}, whose types are public for this test hook and for the cache
 * itself, and which {@code module-info} does not export (see its package documentation). Elements
 * are {@link BufferElement}s with plain fields; a consumer that reports 0 saw one torn.
 *
 * <ul>
 *   <li>{@code ProducerConsumer}: one producer offers element 1 while the consumer polls. The poll
 *       finds nothing (-1) or the whole element (1); the arbiter polls the rest. Exactly one of the
 *       two polls gets it. The buffer has wrapped around once before, so the slot is reused.
 *   <li>{@code TwoProducers}: two producers offer into an empty buffer of two slots; both succeed,
 *       and the arbiter, as consumer, polls two whole elements then nothing.
 *   <li>{@code RaceForLastSlot}: one slot of two is taken; two producers race for the other.
 *       Exactly one succeeds, and the arbiter drains exactly two elements. Both succeeding means
 *       one element overwrote another.
 * </ul>
 */
public final class WriteBufferStressTest {
  private WriteBufferStressTest() {}

  /** Polls every element; returns the count, or -1 if any element was torn. */
  static int drain(WriteBuffer<BufferElement> buffer) {
    int count = 0;
    boolean torn = false;
    for (BufferElement e; (e = buffer.poll()) != null; ) {
      torn |= BufferElement.idOf(e) == 0;
      count++;
    }
    return torn ? -1 : count;
  }

  /** A producer publishes while the consumer polls. */
  @JCStressTest
  @Outcome(id = "-1, 1", expect = ACCEPTABLE, desc = "Polled before the offer; the arbiter got it.")
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "Polled the whole element.")
  @Outcome(id = "0, .*", expect = FORBIDDEN, desc = "The consumer saw a torn element.")
  @Outcome(expect = FORBIDDEN, desc = "The element was lost or delivered twice.")
  @State
  public static class ProducerConsumer {
    final WriteBuffer<BufferElement> buffer = new WriteBuffer<>(2);

    public ProducerConsumer() {
      for (int i = 0; i < 3; i++) {
        buffer.offer(new BufferElement(100 + i));
        buffer.poll();
      }
    }

    @Actor
    public void producer() {
      buffer.offer(new BufferElement(1));
    }

    @Actor
    public void consumer(II_Result r) {
      r.r1 = BufferElement.idOf(buffer.poll());
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r2 = drain(buffer);
    }
  }

  /** Two producers, one consumer afterwards. */
  @JCStressTest
  @Outcome(id = "true, true, 2", expect = ACCEPTABLE, desc = "Both published; both seen whole.")
  @Outcome(expect = FORBIDDEN, desc = "An offer refused with room left, or a lost or torn element.")
  @State
  public static class TwoProducers {
    final WriteBuffer<BufferElement> buffer = new WriteBuffer<>(2);

    @Actor
    public void first(ZZI_Result r) {
      r.r1 = buffer.offer(new BufferElement(1));
    }

    @Actor
    public void second(ZZI_Result r) {
      r.r2 = buffer.offer(new BufferElement(2));
    }

    @Arbiter
    public void arbiter(ZZI_Result r) {
      r.r3 = drain(buffer);
    }
  }

  /** Two producers race for the last free slot. */
  @JCStressTest
  @Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "The first producer took the last slot.")
  @Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "The second producer took the last slot.")
  @Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "Both took it: one overwrote an element.")
  @Outcome(expect = FORBIDDEN, desc = "A free slot refused, or a lost or torn element.")
  @State
  public static class RaceForLastSlot {
    final WriteBuffer<BufferElement> buffer = new WriteBuffer<>(2);

    public RaceForLastSlot() {
      buffer.offer(new BufferElement(100));
    }

    @Actor
    public void first(III_Result r) {
      r.r1 = buffer.offer(new BufferElement(1)) ? 1 : 0;
    }

    @Actor
    public void second(III_Result r) {
      r.r2 = buffer.offer(new BufferElement(2)) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = drain(buffer);
    }
  }
}
