package io.larder.benchmarks.hitrate;

import java.util.Arrays;

/** A fixed sequence of accesses, sized by the number of distinct keys it contains. */
public final class TraceWorkload implements Workload {
  private final String name;
  private final String description;
  private final boolean fromCache2kTraces;
  private final long[] accesses;
  private final int distinctKeys;

  /** Creates a workload over the accesses, which it does not copy. */
  public TraceWorkload(
      String name, String description, boolean fromCache2kTraces, long[] accesses) {
    this.name = name;
    this.description = description;
    this.fromCache2kTraces = fromCache2kTraces;
    this.accesses = accesses;
    this.distinctKeys = countDistinct(accesses);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public boolean fromCache2kTraces() {
    return fromCache2kTraces;
  }

  @Override
  public Scenario scenario(double fraction) {
    int capacity = (int) Math.max(1, Math.round(fraction * distinctKeys));
    return new Scenario(accesses, capacity, distinctKeys);
  }

  /** Returns the number of distinct keys, by sorting a copy. */
  static int countDistinct(long[] accesses) {
    if (accesses.length == 0) {
      return 0;
    }
    long[] sorted = accesses.clone();
    Arrays.sort(sorted);
    int distinct = 1;
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] != sorted[i - 1]) {
        distinct++;
      }
    }
    return distinct;
  }
}
