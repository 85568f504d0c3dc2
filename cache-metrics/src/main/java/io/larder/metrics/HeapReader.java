package io.larder.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Reads the heap for the {@link MemoryMonitor}: the JVM's own memory beans by default ({@link
 * #platform()}), or fixed readings in tests.
 */
@FunctionalInterface
public interface HeapReader {

  /** Returns the heap's current usage after GC and its maximum. */
  HeapUsage read();

  /**
   * Returns the reader of this JVM's heap: the sum of {@link MemoryPoolMXBean#getCollectionUsage()}
   * over the heap pools that report it, and the maximum heap from the {@code MemoryMXBean} (or
   * {@link Runtime#maxMemory()} when the heap has no defined maximum).
   */
  static HeapReader platform() {
    return () -> {
      long usedAfterGc = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
          MemoryUsage afterGc = pool.getCollectionUsage();
          if (afterGc != null) {
            usedAfterGc += afterGc.getUsed();
          }
        }
      }
      long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
      return new HeapUsage(usedAfterGc, (max > 0) ? max : Runtime.getRuntime().maxMemory());
    };
  }
}
