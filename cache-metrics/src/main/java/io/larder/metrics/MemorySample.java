package io.larder.metrics;

import java.util.List;
import java.util.OptionalLong;

/**
 * One sample of the {@link MemoryMonitor}'s history: the heap and every watched cache at one time.
 *
 * @param timeMillis the wall time of the sample, in epoch milliseconds
 * @param heap the heap reading
 * @param cachesEstimatedBytes the sum of the watched caches' estimated bytes
 * @param caches each watched cache that was still alive
 */
public record MemorySample(
    long timeMillis, HeapUsage heap, long cachesEstimatedBytes, List<CacheReading> caches) {

  /** Creates a sample; the list of caches is copied. */
  public MemorySample {
    caches = List.copyOf(caches);
  }

  /**
   * One cache in a sample.
   *
   * @param name the cache's name
   * @param estimatedBytes its estimated retained bytes
   * @param maximumBytes its byte budget, if it has one
   * @param bounded whether it has any size, weight or memory bound
   */
  public record CacheReading(
      String name, long estimatedBytes, OptionalLong maximumBytes, boolean bounded) {}
}
