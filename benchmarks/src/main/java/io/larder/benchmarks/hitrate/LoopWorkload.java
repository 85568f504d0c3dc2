package io.larder.benchmarks.hitrate;

/**
 * A loop over slightly more keys than the cache holds: for a cache of {@code c} entries the keys
 * {@code 0 .. ceil(1.1 c)} are accessed in order, again and again. Recency is exactly wrong here,
 * so LRU scores zero, while Belady's optimum keeps most of the cache useful.
 *
 * <p>The key count depends on the cache size, so the workload is sized by a nominal key space: a
 * cache at fraction {@code f} holds {@code f * nominalKeys} entries.
 */
public final class LoopWorkload implements Workload {
  /** How many more keys than entries the loop walks over. */
  public static final double OVERSHOOT = 1.1;

  private final int nominalKeys;
  private final int accesses;

  /** Creates a loop workload of {@code accesses} accesses sized against {@code nominalKeys}. */
  public LoopWorkload(int nominalKeys, int accesses) {
    this.nominalKeys = nominalKeys;
    this.accesses = accesses;
  }

  @Override
  public String name() {
    return "loop";
  }

  @Override
  public String description() {
    return "A loop over 1.1 times as many keys as the cache holds (sizes are fractions of "
        + nominalKeys
        + " nominal keys).";
  }

  @Override
  public boolean fromCache2kTraces() {
    return false;
  }

  @Override
  public Scenario scenario(double fraction) {
    int capacity = (int) Math.max(1, Math.round(fraction * nominalKeys));
    int keys = (int) Math.max(capacity + 1L, (long) Math.ceil(OVERSHOOT * capacity));
    long[] trace = new long[accesses];
    for (int i = 0; i < accesses; i++) {
      trace[i] = SyntheticWorkloads.scramble(i % keys);
    }
    return new Scenario(trace, capacity, keys);
  }
}
