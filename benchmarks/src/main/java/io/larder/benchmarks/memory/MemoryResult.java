package io.larder.benchmarks.memory;

import org.jspecify.annotations.Nullable;

/**
 * The footprint of one library's cache in one configuration, or why it could not be measured.
 *
 * @param library the library's name
 * @param configuration the configuration's name
 * @param entries the number of entries measured
 * @param bytesPerEntry the cache's own bytes per entry, excluding keys and values; null if n/a
 * @param emptyBytes the footprint of the same cache when empty; -1 if n/a
 * @param reason why the figure is missing; null if it is present
 */
public record MemoryResult(
    String library,
    String configuration,
    int entries,
    @Nullable Double bytesPerEntry,
    long emptyBytes,
    @Nullable String reason) {

  /** Returns a measured result. */
  public static MemoryResult measured(
      String library, String configuration, int entries, double bytesPerEntry, long emptyBytes) {
    return new MemoryResult(library, configuration, entries, bytesPerEntry, emptyBytes, null);
  }

  /** Returns a result that says why there is no figure. */
  public static MemoryResult notApplicable(
      String library, String configuration, int entries, String reason) {
    return new MemoryResult(library, configuration, entries, null, -1, reason);
  }
}
