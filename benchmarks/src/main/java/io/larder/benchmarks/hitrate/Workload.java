package io.larder.benchmarks.hitrate;

/** A stream of accesses to replay, and how to size a cache for it. */
public interface Workload {

  /** Returns the short name used in tables and chart file names. */
  String name();

  /** Returns one sentence that says what the accesses are. */
  String description();

  /** Returns whether the accesses are the cache2k project's traces, which must be credited. */
  boolean fromCache2kTraces();

  /**
   * Returns the accesses to replay and the capacity of a cache sized at {@code fraction} of the
   * workload's distinct keys.
   */
  Scenario scenario(double fraction);

  /**
   * One replay: a cache of {@code capacity} entries over {@code accesses}.
   *
   * @param accesses the keys in access order
   * @param capacity the cache's maximum size
   * @param distinctKeys the number of distinct keys in the accesses
   */
  record Scenario(long[] accesses, int capacity, int distinctKeys) {}
}
