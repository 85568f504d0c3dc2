package io.larder.cache.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.AsyncCache;
import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.Policy;
import io.larder.cache.internal.memory.SizeEstimator;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * A memory-bounded cache (a Larder addition) writes a value too large for its writer's walk ({@link
 * SizeEstimator#WRITER_WALK_LIMIT} objects outside containers) with the part counted, and corrects
 * the entry's weight once the value is measured in full on its executor. An executor that queues
 * its tasks until the test runs them shows each step.
 */
class DeferredWeightTest {
  private static final int NODES = 100_000;

  /** Runs the tasks it is given only when told to. */
  static final class QueuedExecutor implements Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    /** Runs the oldest task; returns false if there was none. */
    boolean runNext() {
      Runnable task;
      synchronized (this) {
        task = tasks.poll();
      }
      if (task == null) {
        return false;
      }
      task.run();
      return true;
    }

    /** Runs tasks, and those they submit, until none is left (bounded). */
    void runAll() {
      for (int i = 0; i < 1_000 && runNext(); i++) {
        // each task may submit more
      }
      assertThat(tasks).as("tasks left after 1,000").isEmpty();
    }
  }

  /** The weight of an entry as measured in full: what a same-thread cache settles on. */
  private static int fullWeight(Integer key, Object value) {
    Cache<Integer, Object> reference =
        Caffeine.newBuilder().maximumMemory(1L << 30).executor(Runnable::run).build();
    reference.put(key, value);
    return weightOf(reference, key);
  }

  private static int weightOf(Cache<Integer, Object> cache, Integer key) {
    return cache.policy().eviction().orElseThrow().weightOf(key).orElseThrow();
  }

  private static long weightedSize(Cache<Integer, Object> cache) {
    return cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }

  @Test
  void aLargeGraphIsWrittenWithThePartCountedThenWeighedInFull() {
    Object chain = ValueShapes.chain(NODES);
    int full = fullWeight(1, chain);
    assertThat(full).as("a hundred thousand nodes of 104 bytes").isGreaterThan(NODES * 100);

    QueuedExecutor executor = new QueuedExecutor();
    Cache<Integer, Object> cache =
        Caffeine.newBuilder().maximumMemory(1L << 30).executor(executor).build();
    cache.put(1, chain);
    int provisional = weightOf(cache, 1);
    assertThat(provisional).as("the writer's walk stopped early").isLessThan(full / 5);

    executor.runAll();
    assertThat(weightOf(cache, 1)).isEqualTo(full);
    assertThat(weightedSize(cache)).isEqualTo(full);
  }

  @Test
  void whileOneValueIsMeasuredTheNextIsMeasuredByItsWriter() {
    Object first = ValueShapes.chain(NODES);
    Object second = ValueShapes.tree(NODES);
    QueuedExecutor executor = new QueuedExecutor();
    Cache<Integer, Object> cache =
        Caffeine.newBuilder().maximumMemory(1L << 30).executor(executor).build();
    cache.put(1, first);
    assertThat(executor.runNext()).as("the maintenance, which starts the measurement").isTrue();

    cache.put(2, second);
    assertThat(weightOf(cache, 2)).as("weighed in full at once").isEqualTo(fullWeight(2, second));
    assertThat(weightOf(cache, 1)).isLessThan(fullWeight(1, first) / 5);

    executor.runAll();
    assertThat(weightOf(cache, 1)).isEqualTo(fullWeight(1, first));
    assertThat(weightedSize(cache)).isEqualTo(fullWeight(1, first) + fullWeight(2, second));
  }

  @Test
  void aValueReplacedBeforeItsMeasurementKeepsTheNewWeightAndFreesTheSlot() {
    QueuedExecutor executor = new QueuedExecutor();
    Cache<Integer, Object> cache =
        Caffeine.newBuilder().maximumMemory(1L << 30).executor(executor).build();
    cache.put(1, ValueShapes.chain(NODES));
    assertThat(executor.runNext()).isTrue();
    cache.put(1, "small");
    executor.runAll();
    assertThat(weightOf(cache, 1)).isEqualTo(fullWeight(1, "small"));
    assertThat(weightedSize(cache)).isEqualTo(fullWeight(1, "small"));

    Object next = ValueShapes.nestedArrays(NODES);
    cache.put(2, next);
    assertThat(weightOf(cache, 2)).as("deferred again").isLessThan(fullWeight(2, next) / 5);
    executor.runAll();
    assertThat(weightOf(cache, 2)).isEqualTo(fullWeight(2, next));
  }

  @Test
  void correctedWeightsAreEvictedToTheBudget() {
    Object sample = ValueShapes.chain(NODES);
    long budget = fullWeight(0, sample) * 5L / 2;
    QueuedExecutor executor = new QueuedExecutor();
    Cache<Integer, Object> cache =
        Caffeine.newBuilder().maximumMemory(budget).executor(executor).build();
    for (int i = 0; i < 6; i++) {
      cache.put(i, ValueShapes.chain(NODES));
      executor.runAll();
    }
    assertThat(weightedSize(cache)).isLessThanOrEqualTo(budget);
    assertThat(cache.estimatedSize()).isEqualTo(2);
    cache
        .asMap()
        .forEach(
            (key, value) -> assertThat(weightOf(cache, key)).isEqualTo(fullWeight(key, value)));
  }

  @Test
  void anAsyncCacheCorrectsTheWeightOfACompletedFuture() {
    Object chain = ValueShapes.chain(NODES);
    QueuedExecutor executor = new QueuedExecutor();
    AsyncCache<Integer, Object> cache =
        Caffeine.newBuilder().maximumMemory(1L << 30).executor(executor).buildAsync();
    cache.put(1, CompletableFuture.completedFuture(chain));
    Policy.Eviction<Integer, Object> eviction =
        cache.synchronous().policy().eviction().orElseThrow();
    assertThat(eviction.weightOf(1).orElseThrow()).isLessThan(fullWeight(1, chain) / 5);
    executor.runAll();
    assertThat(eviction.weightOf(1).orElseThrow()).isEqualTo(fullWeight(1, chain));
  }
}
