package io.larder.cache.internal;

import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A bounded cache's membership of a shared memory budget (a Larder addition, {@code MemoryBudget}):
 * the cache's bytes are added to the budget and taken off it as its policy's total weight changes,
 * and the policy evicts while the budget is exceeded.
 *
 * <h2>Design</h2>
 *
 * <p>A member cache is weighted by a {@link MemoryWeigher}, so its policy's total weight is its
 * estimated bytes. The policy reports every change of that total to its {@link
 * WindowTinyLfuPolicy.ExternalBound}, this class, which adds the difference to the budget: that is
 * the single place where additions, updates and removals of every cause (explicit, replaced,
 * evicted, expired, collected, cleared) meet, so the budget's total is the sum of the members'
 * entries as their policies have applied them.
 *
 * <p>The policy evicts while the budget is exceeded, in its usual order, so the cache whose
 * maintenance applies writes (the writing cache) gives memory back from its own coldest entries.
 * When it has nothing left to give and the budget is still exceeded, it asks the other members to
 * release the excess. A member asked to release takes its own eviction lock only with {@code
 * tryLock}: a member busy with its own maintenance is evicting already, and two caches asking each
 * other can never deadlock. A release never asks further members in turn.
 */
final class SharedBudgetMember<K, V>
    implements SharedMemoryBudget.Member, WindowTinyLfuPolicy.ExternalBound {
  private final SharedMemoryBudget budget;
  private final SharedMemoryBudget.Account account;
  private final WindowTinyLfuPolicy<K, V> policy;
  private final ReentrantLock evictionLock;

  /** Whether this member is releasing memory for another (guarded by the eviction lock). */
  private boolean releasing;

  private SharedBudgetMember(
      SharedMemoryBudget budget, WindowTinyLfuPolicy<K, V> policy, ReentrantLock evictionLock) {
    this.budget = budget;
    this.policy = policy;
    this.evictionLock = evictionLock;
    this.account = budget.register(this);
  }

  /**
   * Makes the cache a member of its settings' budget, if any, and returns the member for the caller
   * to set as the policy's external bound (see {@link HeapSafetyNet#attach}): the policy then holds
   * the member strongly and the budget weakly, so that the membership lives exactly as long as the
   * cache.
   */
  static <K, V> @Nullable SharedBudgetMember<K, V> joinIfConfigured(BoundedLocalCache<K, V> cache) {
    SharedMemoryBudget budget = cache.settings().memoryBudget();
    return (budget == null)
        ? null
        : new SharedBudgetMember<>(budget, cache.policy, cache.maintenance.evictionLock);
  }

  @Override
  public void onWeightChange(long difference) {
    if (difference != 0) {
      account.add(difference);
    }
  }

  @Override
  public boolean isExceeded() {
    return budget.excess() > 0;
  }

  /**
   * Asks the other members to release the excess: the eviction pass found nothing more to evict
   * here. Not while releasing for another member, so that a release never cascades.
   */
  @Override
  public void onExceededAfterEviction() {
    if (!releasing) {
      budget.releaseFromOthers(this);
    }
  }

  @Override
  public long releaseMemory(long bytes) {
    if (evictionLock.isHeldByCurrentThread() || !evictionLock.tryLock()) {
      return 0L;
    }
    try {
      releasing = true;
      long before = policy.weightedSize();
      policy.evictEntries();
      return before - policy.weightedSize();
    } finally {
      releasing = false;
      evictionLock.unlock();
    }
  }

  /** Returns the bytes this cache holds on the budget. */
  long bytes() {
    return account.bytes();
  }

  @Override
  public String toString() {
    return "SharedBudgetMember{budget=" + budget.description() + ", bytes=" + bytes() + '}';
  }
}
