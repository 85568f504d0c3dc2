package io.larder.cache.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bounded configuration that can be built today (size, weight, loading, and the map view's
 * compute paths) keeps its bound when the executor drops, never runs or rejects maintenance, with
 * two threads writing at once: the overshoot stays within the write buffer's slack (writers help
 * when it fills; see MaintenanceExecutorTest for the single-threaded case) and {@code cleanUp()}
 * restores the bound. Complements the bounded engineer's MaintenanceExecutorTest.
 */
class StalledMaintenanceTest {
  private static final int MAXIMUM = 500;
  private static final int WRITES_PER_THREAD = 10_000;

  /**
   * The write buffer's capacity (BoundedMaintenance.WRITE_BUFFER_MAX) per writer, and then some.
   */
  private static final long SLACK = 2 * 128 * 16 + 2;

  enum Stall {
    DROPS(task -> {}),
    NEVER_RUNS(
        new Executor() {
          final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();

          @Override
          public void execute(Runnable task) {
            if (queue.size() < 10_000) {
              queue.add(task);
            }
          }
        }),
    REJECTS(
        task -> {
          throw new RejectedExecutionException("saturated");
        });

    final Executor executor;

    Stall(Executor executor) {
      this.executor = executor;
    }
  }

  enum Shape {
    SIZE(
        stall ->
            Caffeine.newBuilder()
                .maximumSize(MAXIMUM)
                .executor(stall.executor)
                .recordStats()
                .build()),
    WEIGHT(
        stall ->
            Caffeine.newBuilder()
                .maximumWeight(MAXIMUM)
                .<Object, Object>weigher((k, v) -> 1)
                .executor(stall.executor)
                .build()),
    LOADING(
        stall ->
            Caffeine.newBuilder()
                .maximumSize(MAXIMUM)
                .executor(stall.executor)
                .recordStats()
                .build(k -> k));

    final Function<Stall, Cache<Object, Object>> factory;

    Shape(Function<Stall, Cache<Object, Object>> factory) {
      this.factory = factory;
    }
  }

  static Stream<Arguments> configurations() {
    List<Arguments> all = new ArrayList<>();
    for (Stall stall : Stall.values()) {
      for (Shape shape : Shape.values()) {
        all.add(Arguments.of(stall, shape));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{1} cache, executor {0}")
  @MethodSource("configurations")
  void boundHoldsWithTwoWritersWhenMaintenanceStalls(Stall stall, Shape shape)
      throws InterruptedException {
    Cache<Object, Object> cache = shape.factory.apply(stall);
    AtomicLong maxSize = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      int thread = t;
      writers.add(
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < WRITES_PER_THREAD; i++) {
                  Integer key = thread * WRITES_PER_THREAD + i;
                  switch (i % 3) {
                    case 0:
                      cache.put(key, key);
                      break;
                    case 1:
                      cache.get(key, k -> k);
                      break;
                    default:
                      cache.asMap().compute(key, (k, v) -> k);
                      break;
                  }
                  maxSize.accumulateAndGet(cache.estimatedSize(), Math::max);
                }
              }));
    }
    writers.forEach(Thread::start);
    start.countDown();
    for (Thread writer : writers) {
      writer.join();
    }
    assertThat(maxSize.get()).isLessThanOrEqualTo(MAXIMUM + SLACK);
    cache.cleanUp();
    assertThat(cache.estimatedSize()).isLessThanOrEqualTo(MAXIMUM);
  }
}
