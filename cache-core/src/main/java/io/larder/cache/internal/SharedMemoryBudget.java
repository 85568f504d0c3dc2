package io.larder.cache.internal;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The accounting behind a public {@code MemoryBudget}: the bytes the member caches hold, and the
 * members themselves, held weakly so that a budget never keeps a dropped cache alive.
 *
 * <p>Each member adds and subtracts its bytes through its {@link Account}, which also remembers the
 * member's own share: when a member is garbage-collected while still holding entries, its share is
 * taken off the total the next time the total is read, so that a dropped cache does not hold part
 * of the budget forever. No thread is involved; the accounts of collected members are found on a
 * {@link ReferenceQueue} that the readers poll.
 */
public final class SharedMemoryBudget {

  /** A cache that holds memory on a shared budget and can give some back. */
  public interface Member {
    /**
     * Evicts entries by the cache's own policy until it has released at least {@code bytes} or
     * holds nothing; returns the bytes released.
     */
    long releaseMemory(long bytes);
  }

  /** One member's registration: its share of the total, and a weak reference to it. */
  public static final class Account extends WeakReference<Member> {
    private final SharedMemoryBudget budget;
    private final AtomicLong bytes = new AtomicLong();

    Account(Member member, SharedMemoryBudget budget) {
      super(member, budget.collected);
      this.budget = budget;
    }

    /** Adds (or, when negative, subtracts) bytes held by the member; returns the budget's total. */
    public long add(long difference) {
      bytes.addAndGet(difference);
      return budget.estimatedBytes.addAndGet(difference);
    }

    /** Returns the bytes the member holds. */
    public long bytes() {
      return bytes.get();
    }
  }

  private final long maximumBytes;
  private final String description;
  private final AtomicLong estimatedBytes = new AtomicLong();
  private final List<Account> members = new CopyOnWriteArrayList<>();
  private final ReferenceQueue<Member> collected = new ReferenceQueue<>();

  /** Creates a budget of {@code maximumBytes}, described for messages by {@code description}. */
  public SharedMemoryBudget(long maximumBytes, String description) {
    this.maximumBytes = maximumBytes;
    this.description = description;
  }

  /** Returns the budget in bytes. */
  public long maximumBytes() {
    return maximumBytes;
  }

  /** Returns how the budget was specified, for messages. */
  public String description() {
    return description;
  }

  /** Returns the bytes held by all members. */
  public long estimatedBytes() {
    expungeCollectedMembers();
    return estimatedBytes.get();
  }

  /** Returns the bytes by which the members exceed the budget, or zero. */
  public long excess() {
    return Math.max(0L, estimatedBytes() - maximumBytes);
  }

  /** Registers a member, weakly, and returns the account through which it adds its bytes. */
  public Account register(Member member) {
    expungeCollectedMembers();
    Account account = new Account(member, this);
    members.add(account);
    return account;
  }

  /** Returns the number of members not yet garbage-collected. */
  public int memberCount() {
    expungeCollectedMembers();
    int count = 0;
    for (Account account : members) {
      if (account.get() != null) {
        count++;
      }
    }
    return count;
  }

  /**
   * Asks the members other than {@code self} to release memory until the budget is no longer
   * exceeded; used when the writing cache has nothing left to give.
   */
  public void releaseFromOthers(@Nullable Member self) {
    for (Account account : members) {
      long excess = excess();
      if (excess == 0) {
        return;
      }
      Member member = account.get();
      if ((member != null) && (member != self)) {
        member.releaseMemory(excess);
      }
    }
  }

  private void expungeCollectedMembers() {
    Object ref;
    while ((ref = collected.poll()) != null) {
      Account account = (Account) ref;
      if (members.remove(account)) {
        estimatedBytes.addAndGet(-account.bytes.getAndSet(0));
      }
    }
  }
}
