package io.larder.metrics;

/**
 * One reading of the heap: the bytes in use right after the last garbage collection, and the
 * maximum the heap may grow to.
 *
 * @param usedAfterGcBytes the bytes used in the heap's pools after their last collection, summed
 *     ({@link java.lang.management.MemoryPoolMXBean#getCollectionUsage()}); zero before any
 * @param maxBytes the maximum heap in bytes, or a value of zero or less when it is not known
 */
public record HeapUsage(long usedAfterGcBytes, long maxBytes) {

  /** Returns the share of the maximum heap used after GC, or {@code 0} when the max is unknown. */
  public double usedAfterGcRatio() {
    return (maxBytes <= 0) ? 0.0 : ((double) usedAfterGcBytes) / maxBytes;
  }
}
