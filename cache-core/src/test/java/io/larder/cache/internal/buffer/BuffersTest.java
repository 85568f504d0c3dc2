package io.larder.cache.internal.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The read and write buffers: what one consumer sees of many producers. */
class BuffersTest {

  /** An element with several fields, so that a partly published one would show. */
  private record Element(int producer, int sequence, long check) {
    static Element of(int producer, int sequence) {
      return new Element(producer, sequence, ((long) producer << 32) ^ sequence);
    }

    boolean isWhole() {
      return check == (((long) producer << 32) ^ sequence);
    }
  }

  @Test
  void writeBufferIsFifoAndBounded() {
    WriteBuffer<Integer> buffer = new WriteBuffer<>(4);
    assertThat(buffer.capacity()).isEqualTo(4);
    for (int i = 0; i < 4; i++) {
      assertThat(buffer.offer(i)).isTrue();
    }
    assertThat(buffer.offer(99)).isFalse();
    assertThat(buffer.size()).isEqualTo(4);
    assertThat(buffer.poll()).isEqualTo(0);
    assertThat(buffer.offer(4)).isTrue();
    List<Integer> drained = new ArrayList<>();
    Integer e;
    while ((e = buffer.poll()) != null) {
      drained.add(e);
    }
    assertThat(drained).containsExactly(1, 2, 3, 4);
    assertThat(buffer.size()).isZero();
  }

  @Test
  void writeBufferConsumerSeesEveryPublishedElementWholeAndInProducerOrder() throws Exception {
    int producers = 4;
    int perProducer = 20_000;
    WriteBuffer<Element> buffer = new WriteBuffer<>(64);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int producer = p;
      Thread thread = new Thread(() -> {
        awaitQuietly(start);
        for (int i = 0; i < perProducer; i++) {
          Element element = Element.of(producer, i);
          while (!buffer.offer(element)) {
            Thread.yield();
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    int[] next = new int[producers];
    int received = 0;
    List<String> problems = new ArrayList<>();
    while (received < producers * perProducer) {
      Element element = buffer.poll();
      if (element == null) {
        Thread.yield();
        continue;
      }
      if (!element.isWhole() || (element.sequence() != next[element.producer()])) {
        problems.add("unexpected " + element);
      }
      next[element.producer()] = element.sequence() + 1;
      received++;
    }
    assertThat(problems).isEmpty();
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(buffer.poll()).isNull();
  }

  @Test
  void readBufferDropsWhenFullAndNeverBlocks() {
    ReadBuffer<Integer> buffer = new ReadBuffer<>();
    int successes = 0;
    int full = 0;
    for (int i = 0; i < 100; i++) {
      int result = buffer.offer(i);
      if (result == ReadBuffer.SUCCESS) {
        successes++;
      } else if (result == ReadBuffer.FULL) {
        full++;
      }
    }
    assertThat(successes).isEqualTo(ReadBuffer.STRIPE_CAPACITY);
    assertThat(full).isEqualTo(100 - ReadBuffer.STRIPE_CAPACITY);
    List<Integer> drained = new ArrayList<>();
    buffer.drainTo(drained::add);
    assertThat(drained).hasSize(ReadBuffer.STRIPE_CAPACITY);
    assertThat(drained).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    assertThat(buffer.offer(100)).isEqualTo(ReadBuffer.SUCCESS);
  }

  @Test
  void readBufferConsumerSeesOnlyWholeElementsAndNoMoreThanWereAdded() throws Exception {
    int producers = 4;
    int perProducer = 20_000;
    ReadBuffer<Element> buffer = new ReadBuffer<>();
    AtomicInteger added = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int producer = p;
      Thread thread = new Thread(() -> {
        awaitQuietly(start);
        for (int i = 0; i < perProducer; i++) {
          if (buffer.offer(Element.of(producer, i)) == ReadBuffer.SUCCESS) {
            added.incrementAndGet();
          }
        }
        done.incrementAndGet();
      });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    int[] seen = new int[1];
    List<String> problems = new ArrayList<>();
    while (done.get() < producers) {
      buffer.drainTo(e -> record(e, seen, problems));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    buffer.drainTo(e -> record(e, seen, problems));
    assertThat(problems).isEmpty();
    assertThat(seen[0]).isEqualTo(added.get());
    assertThat(buffer.stripeCount()).isBetween(1, ReadBuffer.MAX_STRIPES);
  }

  private static void record(Element e, int[] seen, List<String> problems) {
    if (!e.isWhole()) {
      problems.add("torn " + e);
    }
    seen[0]++;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
