package io.larder.cache.internal;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The accounting behind a public {@code MemoryBudget}: the bytes the member caches hold, and the
 * members themselves, held weakly so that a budget never keeps a dropped cache alive.
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

  private final long maximumBytes;
  private final String description;
  private final AtomicLong estimatedBytes = new AtomicLong();
  private final List<WeakReference<Member>> members = new CopyOnWriteArrayList<>();

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
    return estimatedBytes.get();
  }

  /** Adds (or, when negative, subtracts) bytes held by a member; returns the new total. */
  public long add(long bytes) {
    return estimatedBytes.addAndGet(bytes);
  }

  /** Returns the bytes by which the members exceed the budget, or zero. */
  public long excess() {
    return Math.max(0L, estimatedBytes.get() - maximumBytes);
  }

  /** Registers a member, weakly. */
  public void register(Member member) {
    members.removeIf(ref -> ref.get() == null);
    members.add(new WeakReference<>(member));
  }

  /**
   * Asks the members other than {@code self} to release memory until the budget is no longer
   * exceeded; used when the writing cache has nothing left to give.
   */
  public void releaseFromOthers(Member self) {
    for (WeakReference<Member> ref : members) {
      long excess = excess();
      if (excess == 0) {
        return;
      }
      Member member = ref.get();
      if (member == null) {
        members.remove(ref);
      } else if (member != self) {
        member.releaseMemory(excess);
      }
    }
  }
}
