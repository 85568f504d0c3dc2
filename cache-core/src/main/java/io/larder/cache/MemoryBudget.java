package io.larder.cache;

import io.larder.cache.internal.SharedMemoryBudget;
import java.util.Locale;

/**
 * A byte budget shared by several caches, for example all the caches of one application. <b>A
 * Larder addition</b>: set it on each builder with {@link Caffeine#memoryBudget(MemoryBudget)}.
 *
 * <p>Each member cache estimates the retained size of every entry it writes (key, value and the
 * cache's own per-entry structures) and adds it to the budget; when the shared total exceeds the
 * budget, the cache that is writing gives memory back by its own eviction policy (and, when it has
 * nothing left to give, asks the other members to). The budget holds its member caches weakly: a
 * dropped cache leaves the budget when it is garbage-collected.
 */
public final class MemoryBudget {
  private final SharedMemoryBudget shared;

  private MemoryBudget(long maximumBytes, String description) {
    this.shared = new SharedMemoryBudget(maximumBytes, description);
  }

  /**
   * Returns a budget of {@code bytes} bytes.
   *
   * @throws IllegalArgumentException if {@code bytes} is not positive
   */
  public static MemoryBudget ofBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException(
          "memory budget must be a positive number of bytes but was " + bytes);
    }
    return new MemoryBudget(bytes, bytes + " bytes");
  }

  /**
   * Returns a budget of a fraction of the JVM's maximum heap ({@link Runtime#maxMemory()}), as
   * measured now.
   *
   * @throws IllegalArgumentException if {@code fraction} is not in {@code (0, 1]}
   */
  public static MemoryBudget ofHeapFraction(double fraction) {
    long bytes = heapFractionToBytes("memory budget heap fraction", fraction);
    return new MemoryBudget(
        bytes,
        String.format(Locale.US, "%.1f%% of the maximum heap (%d bytes)", fraction * 100, bytes));
  }

  /** Returns the budget in bytes. */
  public long maximumBytes() {
    return shared.maximumBytes();
  }

  /** Returns the estimated bytes currently held by all member caches. */
  public long estimatedBytes() {
    return shared.estimatedBytes();
  }

  /** Returns the internal accounting object; for the builder only. */
  SharedMemoryBudget shared() {
    return shared;
  }

  /** Converts a heap fraction to bytes, rejecting fractions outside (0, 1] by name and value. */
  static long heapFractionToBytes(String setting, double fraction) {
    if (!(fraction > 0.0 && fraction <= 1.0)) {
      throw new IllegalArgumentException(setting + " must be in (0, 1] but was " + fraction);
    }
    return Math.max(1L, (long) (Runtime.getRuntime().maxMemory() * fraction));
  }

  @Override
  public String toString() {
    return "MemoryBudget{" + shared.description() + ", estimated=" + estimatedBytes() + " bytes}";
  }
}
