package io.larder.benchmarks.hitrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The synthetic half of the hit-rate measurement, each generated from a fixed seed: Zipfian traffic
 * at four skews, a loop that defeats LRU, a scan mixed into Zipfian traffic, and a hot set that
 * moves half way through.
 */
public final class SyntheticWorkloads {
  /** The seed every synthetic workload derives its own from. */
  public static final long SEED = 0x1A2DE5L;

  /** The Zipfian skews measured. */
  public static final double[] SKEWS = {0.6, 0.8, 1.0, 1.2};

  /** The skew of the Zipfian traffic in the scan and hot-set workloads. */
  static final double MIXED_SKEW = 0.8;

  private SyntheticWorkloads() {}

  /**
   * Returns every synthetic workload.
   *
   * @param keySpace the number of keys the Zipfian traffic draws from
   * @param accesses the number of accesses in each workload
   */
  public static List<Workload> all(int keySpace, int accesses) {
    List<Workload> workloads = new ArrayList<>();
    for (int i = 0; i < SKEWS.length; i++) {
      double skew = SKEWS[i];
      workloads.add(
          new TraceWorkload(
              String.format(Locale.ROOT, "zipf-%.1f", skew),
              String.format(
                  Locale.ROOT, "Zipfian traffic, skew %.1f, over %,d keys.", skew, keySpace),
              false,
              zipfian(keySpace, skew, accesses, SEED + i)));
    }
    workloads.add(new LoopWorkload(keySpace, accesses));
    workloads.add(
        new TraceWorkload(
            "zipf-scan",
            String.format(
                Locale.ROOT,
                "Zipfian traffic (skew %.1f) over %,d keys; after every %,d accesses a sequential scan"
                    + " of %,d other keys.",
                MIXED_SKEW,
                keySpace,
                3 * (keySpace / 2),
                keySpace / 2),
            false,
            scanMixed(keySpace, accesses, SEED + 10)));
    workloads.add(
        new TraceWorkload(
            "hot-set-shift",
            String.format(
                Locale.ROOT,
                "Zipfian traffic (skew %.1f) over %,d keys that are all replaced by other keys half"
                    + " way through.",
                MIXED_SKEW,
                keySpace),
            false,
            hotSetShift(keySpace, accesses, SEED + 11)));
    return workloads;
  }

  /** Returns Zipfian accesses over {@code keySpace} scrambled keys. */
  public static long[] zipfian(int keySpace, double skew, int accesses, long seed) {
    ZipfianGenerator generator = new ZipfianGenerator(keySpace, skew, seed);
    long[] trace = new long[accesses];
    for (int i = 0; i < accesses; i++) {
      trace[i] = scramble(generator.nextRank());
    }
    return trace;
  }

  /**
   * Returns Zipfian accesses interrupted by scans: three scan lengths of Zipfian traffic, then a
   * scan over {@code keySpace / 2} keys outside the Zipfian key space, and again; a scan is a
   * quarter of the accesses and is never worth caching.
   */
  public static long[] scanMixed(int keySpace, int accesses, long seed) {
    ZipfianGenerator generator = new ZipfianGenerator(keySpace, MIXED_SKEW, seed);
    int scanLength = Math.max(1, keySpace / 2);
    int zipfianLength = 3 * scanLength;
    long[] trace = new long[accesses];
    int i = 0;
    while (i < accesses) {
      for (int j = 0; j < zipfianLength && i < accesses; j++) {
        trace[i++] = scramble(generator.nextRank());
      }
      for (int j = 0; j < scanLength && i < accesses; j++) {
        trace[i++] = scramble((long) keySpace + j);
      }
    }
    return trace;
  }

  /** Returns Zipfian accesses whose whole key space is replaced by new keys half way through. */
  public static long[] hotSetShift(int keySpace, int accesses, long seed) {
    ZipfianGenerator generator = new ZipfianGenerator(keySpace, MIXED_SKEW, seed);
    long[] trace = new long[accesses];
    int half = accesses / 2;
    for (int i = 0; i < accesses; i++) {
      long offset = i < half ? 0 : 4L * keySpace;
      trace[i] = scramble(offset + generator.nextRank());
    }
    return trace;
  }

  /**
   * Maps a dense index to a key that looks random, bijectively (the SplitMix64 finalizer), so that
   * popular keys are not neighbours in any hash table.
   */
  public static long scramble(long index) {
    long z = index + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
