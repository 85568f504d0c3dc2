package io.larder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.internal.SharedMemoryBudget;
import org.junit.jupiter.api.Test;

/**
 * The shared budget's last resort (a Larder addition): a writing member that has nothing left to
 * evict asks the other members to release the excess. In a running application the excess comes
 * from concurrent writers whose additions the writing cache's maintenance sees before their own;
 * here a member that holds bytes but cannot release any stands for them.
 */
class MemoryBudgetReleaseTest {

  @Test
  void aWriterWithNothingLeftAsksTheOthersToReleaseTheExcess() {
    MemoryBudget budget = MemoryBudget.ofBytes(100_000);
    Cache<Integer, byte[]> holder = member(budget);
    for (int i = 0; i < 8; i++) {
      holder.put(i, new byte[10_000]);
    }
    holder.cleanUp();
    SharedMemoryBudget.Member stubborn = bytes -> 0L;
    SharedMemoryBudget.Account account = budget.shared().register(stubborn);
    account.add(40_000);
    assertThat(budget.estimatedBytes()).isGreaterThan(budget.maximumBytes());

    Cache<Integer, byte[]> writer = member(budget);
    writer.put(0, new byte[100]);
    writer.cleanUp();

    assertThat(writer.estimatedSize()).as("the writer gave back its own first").isZero();
    assertThat(holder.estimatedSize()).as("then the others released").isLessThan(8);
    assertThat(budget.estimatedBytes()).isLessThanOrEqualTo(budget.maximumBytes());
    assertThat(account.bytes()).isEqualTo(40_000);
  }

  @Test
  void aBuiltMemberIsRegisteredOnItsBudget() {
    MemoryBudget budget = MemoryBudget.ofBytes(100_000);
    SharedMemoryBudget shared = budget.shared();
    assertThat(shared.memberCount()).isZero();
    Cache<Integer, byte[]> cache = member(budget);
    cache.put(1, new byte[1_000]);
    cache.cleanUp();
    assertThat(shared.memberCount()).isEqualTo(1);
    assertThat(budget.toString()).contains("100000 bytes");
  }

  private static Cache<Integer, byte[]> member(MemoryBudget budget) {
    return Caffeine.newBuilder().memoryBudget(budget).executor(Runnable::run).build();
  }
}
