package io.larder.jcstress.buffer;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.larder.cache.internal.buffer.ReadBuffer;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The lossy striped {@link ReadBuffer}: an element whose {@code offer} returned SUCCESS reaches the
 * consumer whole and exactly once; a dropped one (FAILED under contention, FULL) never does.
 *
 * <p>Through the buffer's test hook, as {@link WriteBufferStressTest} explains. Offer results are
 * 0 (SUCCESS), 1 (FULL) and -1 (FAILED).
 *
 * <ul>
 *   <li>{@code TwoProducers}: two producers offer to a fresh buffer, racing to create the stripe
 *       table; the arbiter drains and reports how many whole, distinct elements it got (-1 if one
 *       was torn or repeated). That count must equal the number of SUCCESS results. A drop is the
 *       buffer's right (it is lossy) but rare: interesting.
 *   <li>{@code ProducerConsumer}: one producer offers while the consumer drains; the arbiter drains
 *       what is left. The element, if accepted, arrives whole in exactly one of the two drains
 *       (the consumer skips a slot that is claimed but not yet published, and a later drain
 *       resumes there).
 * </ul>
 */
public final class ReadBufferStressTest {
  private ReadBufferStressTest() {}

  /** Drains every element; returns the count, or -1 if one was torn or seen twice. */
  static int drain(ReadBuffer<BufferElement> buffer) {
    List<BufferElement> seen = new ArrayList<>();
    boolean[] torn = new boolean[1];
    buffer.drainTo(
        e -> {
          torn[0] |= BufferElement.idOf(e) == 0;
          for (BufferElement other : seen) {
            torn[0] |= other == e;
          }
          seen.add(e);
        });
    return torn[0] ? -1 : seen.size();
  }

  /** Two producers race on a fresh buffer. */
  @JCStressTest
  @Outcome(id = "0, 0, 2", expect = ACCEPTABLE, desc = "Both recorded; both drained whole.")
  @Outcome(
      id = {"0, -1, 1", "-1, 0, 1", "-1, -1, 0"},
      expect = ACCEPTABLE_INTERESTING,
      desc = "Dropped under contention (the buffer is lossy); the rest drained whole.")
  @Outcome(
      expect = FORBIDDEN,
      desc = "A recorded element lost, a dropped one delivered, or one torn or repeated.")
  @State
  public static class TwoProducers {
    final ReadBuffer<BufferElement> buffer = new ReadBuffer<>();

    @Actor
    public void first(III_Result r) {
      r.r1 = buffer.offer(new BufferElement(1));
    }

    @Actor
    public void second(III_Result r) {
      r.r2 = buffer.offer(new BufferElement(2));
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = drain(buffer);
    }
  }

  /** A producer offers while the consumer drains. */
  @JCStressTest
  @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "The concurrent drain got it whole.")
  @Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "The later drain got it whole.")
  @Outcome(
      id = "-1, 0, 0",
      expect = ACCEPTABLE_INTERESTING,
      desc = "Dropped under contention; never delivered.")
  @Outcome(
      expect = FORBIDDEN,
      desc = "A recorded element lost or delivered twice, a dropped one delivered, or one torn.")
  @State
  public static class ProducerConsumer {
    final ReadBuffer<BufferElement> buffer = new ReadBuffer<>();

    public ProducerConsumer() {
      for (int i = 0; i < 3; i++) {
        buffer.offer(new BufferElement(100 + i));
      }
      buffer.drainTo(e -> {});
    }

    @Actor
    public void producer(III_Result r) {
      r.r1 = buffer.offer(new BufferElement(1));
    }

    @Actor
    public void consumer(III_Result r) {
      r.r2 = drain(buffer);
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = drain(buffer);
    }
  }
}
