package io.larder.benchmarks.hitrate;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of replaying one workload through one policy at one cache size.
 *
 * @param workload the workload's name
 * @param fromCache2kTraces whether the workload comes from the cache2k traces
 * @param fraction the cache size as a fraction of the workload's distinct keys
 * @param capacity the cache's maximum size in entries
 * @param distinctKeys the number of distinct keys in the accesses
 * @param accesses the number of accesses replayed
 * @param policy the policy's name
 * @param hits the number of hits (the mean over replays, rounded), or -1 if the policy could not
 *     run
 * @param minHits the fewest hits of any replay
 * @param maxHits the most hits of any replay
 * @param replays the number of replays
 * @param reason why the policy could not run, or null
 */
public record HitRateResult(
    String workload,
    boolean fromCache2kTraces,
    double fraction,
    int capacity,
    int distinctKeys,
    long accesses,
    String policy,
    long hits,
    long minHits,
    long maxHits,
    int replays,
    @Nullable String reason) {

  /** Returns whether the policy ran. */
  public boolean measured() {
    return reason == null;
  }

  /** Returns hits divided by accesses; NaN if the policy could not run. */
  public double hitRate() {
    if (!measured()) {
      return Double.NaN;
    }
    return accesses == 0 ? 0 : (double) hits / accesses;
  }
}
