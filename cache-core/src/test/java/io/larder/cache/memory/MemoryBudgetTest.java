package io.larder.cache.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Caffeine;
import io.larder.cache.MemoryBudget;
import io.larder.cache.RemovalCause;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Several caches on one shared {@link MemoryBudget} (a Larder addition). */
class MemoryBudgetTest {

  @Test
  void sharedTotalStaysWithinBudgetAcrossThreeCaches() {
    MemoryBudget budget = MemoryBudget.ofBytes(2 << 20);
    List<Cache<Integer, Object>> caches = new ArrayList<>();
    caches.add(newMember(budget).maximumMemory(1 << 20).build());
    caches.add(newMember(budget).build());
    caches.add(newMember(budget).build());
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 6_000; i++) {
      Cache<Integer, Object> cache = caches.get(random.nextInt(caches.size()));
      cache.put(random.nextInt(1_000), MaximumMemoryTest.randomValue(random));
      if (i % 250 == 0) {
        assertBudgetHolds(budget, caches);
      }
    }
    assertBudgetHolds(budget, caches);
    assertThat(caches).allSatisfy(cache -> assertThat(cache.estimatedSize()).isPositive());
    assertThat(CacheInsight.of(caches.get(0)).orElseThrow().estimatedBytes())
        .isLessThanOrEqualTo(1 << 20);
  }

  @Test
  void theWritingCacheEvictsItsOwnEntries() {
    MemoryBudget budget = MemoryBudget.ofBytes(100_000);
    List<RemovalCause> firstRemovals = new ArrayList<>();
    Cache<Integer, byte[]> first =
        newMember(budget)
            .removalListener((Integer k, byte[] v, RemovalCause c) -> firstRemovals.add(c))
            .<Integer, byte[]>build();
    Cache<Integer, byte[]> second = newMember(budget).<Integer, byte[]>build();
    for (int i = 0; i < 8; i++) {
      first.put(i, new byte[10_000]);
    }
    first.cleanUp();
    long firstBytes = CacheInsight.of(first).orElseThrow().estimatedBytes();
    assertThat(first.estimatedSize()).isEqualTo(8);

    for (int i = 0; i < 8; i++) {
      second.put(i, new byte[10_000]);
    }
    second.cleanUp();
    assertThat(first.estimatedSize()).as("the other member keeps its entries").isEqualTo(8);
    assertThat(firstRemovals).isEmpty();
    assertThat(CacheInsight.of(first).orElseThrow().estimatedBytes()).isEqualTo(firstBytes);
    assertThat(second.estimatedSize()).as("the writer gave back its own").isLessThan(8);
    assertThat(budget.estimatedBytes()).isLessThanOrEqualTo(budget.maximumBytes());
  }

  @Test
  void everyRemovalPathGivesBytesBack() {
    MemoryBudget budget = MemoryBudget.ofBytes(10 << 20);
    Cache<Integer, byte[]> cache = newMember(budget).<Integer, byte[]>build();
    for (int i = 0; i < 10; i++) {
      cache.put(i, new byte[1_000]);
    }
    cache.put(0, new byte[50]); // replaced
    cache.invalidate(1); // explicit
    cache.asMap().remove(2, cache.getIfPresent(2)); // conditional
    cache.asMap().computeIfPresent(3, (k, v) -> null); // computed away
    cache.cleanUp();
    assertThat(budget.estimatedBytes())
        .isEqualTo(CacheInsight.of(cache).orElseThrow().estimatedBytes())
        .isEqualTo(cache.policy().eviction().orElseThrow().weightedSize().orElseThrow());
    cache.invalidateAll(); // cleared
    cache.cleanUp();
    assertThat(budget.estimatedBytes()).isZero();
  }

  @Test
  void anEntryLargerThanTheBudgetIsEvictedByItsWriterAlone() {
    MemoryBudget budget = MemoryBudget.ofBytes(100_000);
    Cache<Integer, byte[]> holder = newMember(budget).<Integer, byte[]>build();
    for (int i = 0; i < 9; i++) {
      holder.put(i, new byte[10_000]);
    }
    holder.cleanUp();
    Cache<Integer, byte[]> writer = newMember(budget).<Integer, byte[]>build();
    writer.put(0, new byte[200_000]);
    writer.cleanUp();
    assertThat(writer.estimatedSize()).isZero();
    assertThat(holder.estimatedSize()).isEqualTo(9);
    assertThat(budget.estimatedBytes()).isLessThanOrEqualTo(budget.maximumBytes());
  }

  @Test
  void insightReportsTheSharedBudgetForAMemberWithoutItsOwnBound() {
    MemoryBudget budget = MemoryBudget.ofBytes(123_456);
    Cache<Integer, byte[]> cache = newMember(budget).<Integer, byte[]>build();
    assertThat(CacheInsight.of(cache).orElseThrow().maximumBytes()).hasValue(123_456);
    Cache<Integer, byte[]> own = newMember(budget).maximumMemory(1_000).<Integer, byte[]>build();
    assertThat(CacheInsight.of(own).orElseThrow().maximumBytes()).hasValue(1_000);
  }

  private static Caffeine<Object, Object> newMember(MemoryBudget budget) {
    return Caffeine.newBuilder().memoryBudget(budget).executor(Runnable::run);
  }

  private static void assertBudgetHolds(MemoryBudget budget, List<Cache<Integer, Object>> caches) {
    caches.forEach(Cache::cleanUp);
    long sum = 0;
    for (Cache<Integer, Object> cache : caches) {
      MaximumMemoryTest.assertWithinBudgetAndExact(cache);
      sum += CacheInsight.of(cache).orElseThrow().estimatedBytes();
    }
    assertThat(budget.estimatedBytes()).isEqualTo(sum).isLessThanOrEqualTo(budget.maximumBytes());
  }
}
