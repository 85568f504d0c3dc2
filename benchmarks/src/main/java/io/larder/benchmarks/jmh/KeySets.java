package io.larder.benchmarks.jmh;

import io.larder.benchmarks.hitrate.ZipfianGenerator;
import java.util.SplittableRandom;

/**
 * Precomputed key sequences for the throughput benchmarks, so that drawing a key costs one array
 * read and no random-number generation inside the measured loop.
 */
public final class KeySets {
  /** The number of distinct keys. */
  public static final int ITEMS = 1 << 16;

  /** The length of the key sequence; a power of two so that an index wraps with a mask. */
  public static final int SIZE = 1 << 20;

  /** The mask that wraps an ever-increasing index into the sequence. */
  public static final int MASK = SIZE - 1;

  /** The Zipfian skew of the sequence (YCSB's default). */
  public static final double SKEW = 0.99;

  private KeySets() {}

  /**
   * Returns {@link #SIZE} keys drawn from {@link #ITEMS} distinct {@code Integer}s with a Zipfian
   * distribution, scrambled: rank {@code r} maps to a key by a seeded random permutation, so that
   * popular keys are spread over the hash table. Equal keys are the same instance, taken from
   * {@code distinct} (see {@link #distinctKeys}).
   */
  public static Integer[] scrambledZipfian(Integer[] distinct, long seed) {
    ZipfianGenerator generator = new ZipfianGenerator(ITEMS, SKEW, seed);
    Integer[] keys = new Integer[SIZE];
    for (int i = 0; i < SIZE; i++) {
      keys[i] = distinct[generator.nextRank()];
    }
    return keys;
  }

  /** Returns {@link #ITEMS} distinct keys in a seeded random order: index {@code r} is rank r. */
  public static Integer[] distinctKeys(long seed) {
    int[] permutation = new int[ITEMS];
    for (int i = 0; i < ITEMS; i++) {
      permutation[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = ITEMS - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = permutation[i];
      permutation[i] = permutation[j];
      permutation[j] = swap;
    }
    Integer[] distinct = new Integer[ITEMS];
    for (int i = 0; i < ITEMS; i++) {
      distinct[i] = permutation[i];
    }
    return distinct;
  }
}
