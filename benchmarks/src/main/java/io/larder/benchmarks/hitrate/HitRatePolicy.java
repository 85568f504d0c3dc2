package io.larder.benchmarks.hitrate;

/** A cache replacement policy that replays a trace and counts its hits. */
public interface HitRatePolicy {

  /** Returns the name shown in tables and chart legends. */
  String name();

  /**
   * Replays the accesses through a new, empty cache of the capacity: a present key is a hit, an
   * absent key is a miss and is then offered to the cache.
   *
   * @return the number of hits
   */
  long replay(long[] accesses, int capacity);

  /** Returns whether every replay of the same accesses gives the same hits. */
  default boolean deterministic() {
    return true;
  }
}
