package io.larder.benchmarks.hitrate;

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
 * @param hits the number of hits
 */
public record HitRateResult(
    String workload,
    boolean fromCache2kTraces,
    double fraction,
    int capacity,
    int distinctKeys,
    long accesses,
    String policy,
    long hits) {

  /** Returns hits divided by accesses. */
  public double hitRate() {
    return accesses == 0 ? 0 : (double) hits / accesses;
  }
}
