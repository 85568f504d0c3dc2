package io.larder.cache.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.AsyncCache;
import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.MemoryBudget;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A memory-bounded cache (a Larder addition) bounds the bytes of writes its maintenance has not yet
 * applied. Eviction happens when maintenance applies the writes, normally on the cache's executor;
 * when that executor is late (its one common-pool thread busy elsewhere, as on a two-core host),
 * the write buffer alone would let 256 pending writes of large values pile up before writers help.
 * Here the executor never runs what it is given, so every eviction seen is a writer's doing: once
 * the large writes awaiting maintenance pass a quarter of the budget, the writer applies them
 * itself.
 */
class WriteBacklogTest {
  private static final int VALUE = 256 << 10;
  private static final long BUDGET = 2L << 20;
  private static final int WRITES = 200;

  /** Accepts tasks and never runs them: a maintenance that is always late. */
  static final class LateExecutor implements Executor {
    final AtomicInteger submitted = new AtomicInteger();

    @Override
    public void execute(Runnable task) {
      submitted.incrementAndGet();
    }
  }

  /**
   * The entries a cache can hold: the budget's worth, a quarter of it awaiting maintenance, and the
   * write in hand (with room for the estimate's per-entry overhead).
   */
  private static final int MOST_ENTRIES = (int) (BUDGET / VALUE + BUDGET / 4 / VALUE + 2);

  @Test
  void largeWritesAwaitingALateMaintenanceStayWithinAQuarterOfTheBudget() {
    LateExecutor executor = new LateExecutor();
    Cache<Integer, byte[]> cache =
        Caffeine.newBuilder().maximumMemory(BUDGET).executor(executor).build();

    for (int key = 0; key < WRITES; key++) {
      cache.put(key, new byte[VALUE]);
      assertThat(cache.asMap().size()).as("entries after write %d", key).isLessThan(MOST_ENTRIES);
    }
    assertThat(executor.submitted).as("maintenance was handed to the executor").hasPositiveValue();
    cache.cleanUp();
    assertThat(cache.asMap().size()).isLessThanOrEqualTo((int) (BUDGET / VALUE));
  }

  @Test
  void aCacheBoundOnlyByASharedBudgetIsHeldToTheBudget() {
    LateExecutor executor = new LateExecutor();
    MemoryBudget budget = MemoryBudget.ofBytes(BUDGET);
    Cache<Integer, byte[]> cache =
        Caffeine.newBuilder().memoryBudget(budget).executor(executor).build();

    for (int key = 0; key < WRITES; key++) {
      cache.put(key, new byte[VALUE]);
      assertThat(cache.asMap().size()).as("entries after write %d", key).isLessThan(MOST_ENTRIES);
    }
  }

  @Test
  void anAsyncCacheCountsItsValuesWhenTheirFuturesComplete() {
    LateExecutor executor = new LateExecutor();
    AsyncCache<Integer, byte[]> cache =
        Caffeine.newBuilder().maximumMemory(BUDGET).executor(executor).buildAsync();

    for (int key = 0; key < WRITES; key++) {
      cache.put(key, CompletableFuture.completedFuture(new byte[VALUE]));
      assertThat(cache.asMap().size()).as("entries after write %d", key).isLessThan(MOST_ENTRIES);
    }
  }

  @Test
  void smallWritesAreLeftToTheExecutor() {
    LateExecutor executor = new LateExecutor();
    Cache<Integer, byte[]> cache =
        Caffeine.newBuilder().maximumMemory(BUDGET).executor(executor).build();

    // 100 writes of 1 KB: a twentieth of the budget, well under the write buffer's capacity
    for (int key = 0; key < 100; key++) {
      cache.put(key, new byte[1024]);
    }
    assertThat(cache.asMap()).as("nothing applied, nothing evicted by the writer").hasSize(100);
    assertThat(cache.policy().eviction().orElseThrow().weightedSize().orElseThrow())
        .as("no write applied on the writer's thread")
        .isZero();
  }
}
