package io.larder.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The size bound holds whatever the executor does with the maintenance task: writers help when the
 * write buffer fills, so the overshoot is at most the buffer's capacity (the documented slack,
 * {@link BoundedMaintenance#WRITE_BUFFER_MAX}), and {@code cleanUp()} always restores the bound.
 */
class MaintenanceExecutorTest {
  private static final int MAXIMUM = 100;
  private static final int WRITES = 20_000;
  private static final long SLACK = BoundedMaintenance.WRITE_BUFFER_MAX;

  private static Cache<Integer, Integer> cache(Executor executor) {
    return Caffeine.newBuilder().maximumSize(MAXIMUM).executor(executor).build();
  }

  private static long maxSizeDuringWrites(Cache<Integer, Integer> cache) {
    long max = 0;
    for (int i = 0; i < WRITES; i++) {
      cache.put(i, i);
      max = Math.max(max, cache.estimatedSize());
    }
    return max;
  }

  @Test
  void boundHoldsWithinSlackWhenTheExecutorDropsEveryTask() {
    AtomicInteger dropped = new AtomicInteger();
    Cache<Integer, Integer> cache = cache(task -> dropped.incrementAndGet());
    assertThat(maxSizeDuringWrites(cache)).isLessThanOrEqualTo(MAXIMUM + SLACK + 1);
    assertThat(dropped.get()).isPositive();
    cache.cleanUp();
    assertThat(cache.estimatedSize()).isEqualTo(MAXIMUM);
  }

  @Test
  void boundHoldsWithinSlackWhenTheExecutorNeverRunsItsTasks() {
    List<Runnable> queued = new ArrayList<>();
    Cache<Integer, Integer> cache = cache(queued::add);
    assertThat(maxSizeDuringWrites(cache)).isLessThanOrEqualTo(MAXIMUM + SLACK + 1);
    cache.cleanUp();
    assertThat(cache.estimatedSize()).isEqualTo(MAXIMUM);

    // The late tasks are harmless when they finally run.
    queued.forEach(Runnable::run);
    assertThat(cache.estimatedSize()).isEqualTo(MAXIMUM);
  }

  @Test
  void boundHoldsAfterEveryWriteWhenTheExecutorRejectsTasks() {
    AtomicInteger rejected = new AtomicInteger();
    Cache<Integer, Integer> cache =
        cache(
            task -> {
              rejected.incrementAndGet();
              throw new RejectedExecutionException("saturated");
            });
    for (int i = 0; i < 3 * MAXIMUM; i++) {
      cache.put(i, i);
      assertThat(cache.estimatedSize()).isLessThanOrEqualTo(MAXIMUM);
    }
    assertThat(rejected.get()).isPositive();
  }

  @Test
  void weightBoundHoldsWithinSlackWhenTheExecutorDropsEveryTask() {
    Cache<Integer, Integer> cache =
        Caffeine.newBuilder()
            .maximumWeight(1_000)
            .<Integer, Integer>weigher((k, v) -> 1 + (v % 10))
            .executor(task -> {})
            .build();
    var eviction = cache.policy().eviction().orElseThrow();
    long maxWeight = 0;
    for (int i = 0; i < WRITES; i++) {
      cache.put(i, i);
      maxWeight = Math.max(maxWeight, eviction.weightedSize().orElseThrow());
    }
    assertThat(maxWeight).isLessThanOrEqualTo(1_000 + 10 * (SLACK + 1));
    cache.cleanUp();
    assertThat(eviction.weightedSize().orElseThrow()).isLessThanOrEqualTo(1_000);
  }
}
