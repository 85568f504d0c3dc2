package io.larder.cache.internal;

import io.larder.cache.internal.memory.ObjectLayout;
import java.util.List;

/**
 * What the {@link UnboundedGrowthGuard} needs from a storage that has no size, weight or memory
 * bound: its entry count, a sample of its entries, its own cost per entry, and a way to evict.
 * Implemented by the plain unbounded storage ({@link UnboundedGrowthTarget}) and by the bounded
 * storage of a cache bounded only by time ({@link ExpiringGrowthTarget}).
 */
interface GrowthTarget {

  /**
   * Returns how the guard's messages describe the cache's bound, completing "the cache ... has":
   * {@code "no size bound"}, or for a cache that only expires, {@code "no size bound, only
   * expiration,"}.
   */
  default String boundDescription() {
    return "no size bound";
  }

  /** Returns what the guard's warning advises, after "An unbounded cache ... is a memory leak:". */
  default String advice() {
    return "bound it with maximumSize, maximumWeight or maximumMemory, or expire its entries";
  }

  /** Returns the number of entries, approximately. */
  long entryCount();

  /**
   * Adds the keys and values of up to {@code max} entries to {@code out} (key, value, key, value,
   * ...), as the user sees them (a completed future's value for an async cache). {@code seed} picks
   * the region of the table to sample, so that successive samples look at different entries.
   */
  void sample(int max, int seed, List<Object> out);

  /** Returns the bytes the storage itself spends per entry: table node and table slots. */
  long overheadPerEntry(ObjectLayout layout);

  /**
   * Evicts up to {@code count} entries, with cause SIZE: each is counted in the statistics and told
   * to the eviction and removal listeners. Returns how many were evicted. Which entries go is the
   * target's choice (see each implementation).
   */
  long evict(long count);
}
