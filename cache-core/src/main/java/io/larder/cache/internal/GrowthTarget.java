package io.larder.cache.internal;

import io.larder.cache.internal.memory.ObjectLayout;
import java.util.List;

/**
 * What the {@link UnboundedGrowthGuard} needs from a storage that has no size, weight or memory
 * bound: its entry count, a sample of its entries, its own cost per entry, and a way to evict.
 */
interface GrowthTarget {

  /** Returns the number of entries, approximately. */
  long entryCount();

  /**
   * Adds the keys and values of up to {@code max} entries to {@code out} (key, value, key, value,
   * ...), as the user sees them (a completed future's value for an async cache). {@code seed}
   * picks the region of the table to sample, so that successive samples look at different
   * entries.
   */
  void sample(int max, int seed, List<Object> out);

  /** Returns the bytes the storage itself spends per entry: table node and table slots. */
  long overheadPerEntry(ObjectLayout layout);

  /**
   * Evicts up to {@code count} entries, with cause SIZE: each is counted in the statistics and
   * told to the eviction and removal listeners. Returns how many were evicted.
   */
  long evict(long count);
}
