package io.larder.cache.internal;

import org.jspecify.annotations.Nullable;

/**
 * A compact, aging estimate of how often each key was used recently: the popularity filter of
 * TinyLFU admission.
 *
 * <h2>Design</h2>
 *
 * <p>A count-min sketch (Cormode and Muthukrishnan, "An Improved Data Stream Summary: the Count-Min
 * Sketch and its Applications", Journal of Algorithms 55(1), 2005, <a
 * href="https://doi.org/10.1016/j.jalgor.2003.12.001">doi:10.1016/j.jalgor.2003.12.001</a>) with
 * four counters per key and 4-bit counters that saturate at 15, as described in Einziger, Friedman
 * and Manes, "TinyLFU: A Highly Efficient Cache Admission Policy" (ACM Transactions on Storage
 * 13(4), 2017, <a href="https://doi.org/10.1145/3149371">doi:10.1145/3149371</a>). The estimate of
 * a key is the minimum of its four counters: it never underestimates the number of increments (up
 * to saturation) and overestimates only through hash collisions.
 *
 * <p>Sixteen counters are packed in a {@code long}, and a key's four counters all sit in one
 * 64-byte block of eight longs (one cache line), two longs per counter row, so that an increment
 * or an estimate touches a single line. A first hash picks the block, a second hash picks, for
 * each row, one of its two longs and one of its sixteen counters.
 *
 * <p><b>Aging ("reset").</b> After {@code sampleSize} increments (ten times the cache's maximum)
 * every counter is halved, so that the sketch forgets old popularity and keeps the frequency
 * ranks of a recent sample. The sample count is halved too, less the truncation of odd counters,
 * which TinyLFU shows keeps the estimate unbiased.
 *
 * <p>The table is sized lazily (see {@link #ensureCapacity}) so that a cache that never fills
 * pays nothing for it. Not thread-safe: the eviction policy guards it with the eviction lock.
 */
final class FrequencySketch {
  /** The largest value of a counter. */
  static final int MAX_COUNT = 15;

  private static final long HALF_MASK = 0x7777_7777_7777_7777L;
  private static final long LOW_BIT_MASK = 0x1111_1111_1111_1111L;

  private long @Nullable [] table;
  private int blockMask;
  private int sampleSize;
  private int size;

  /**
   * Sizes the sketch for a cache of up to {@code maximumSize} entries: 16 counters per entry,
   * rounded up to a power of two; a no-op if the table is already that large.
   */
  void ensureCapacity(long maximumSize) {
    if (maximumSize < 0) {
      throw new IllegalArgumentException("maximumSize must not be negative: " + maximumSize);
    }
    int maximum = (int) Math.min(maximumSize, Integer.MAX_VALUE >>> 1);
    long[] current = table;
    if ((current != null) && (current.length >= maximum)) {
      return;
    }
    int length = Math.max(ceilingPowerOfTwo(maximum), 8);
    table = new long[length];
    blockMask = (length >>> 3) - 1;
    sampleSize = (maximumSize == 0) ? 10 : (int) Math.min(10L * maximum, Integer.MAX_VALUE);
    size = 0;
  }

  /** Returns whether the table was not yet allocated (every estimate is then zero). */
  boolean isNotInitialized() {
    return table == null;
  }

  /** Returns the number of increments after which the counters are halved. */
  int sampleSize() {
    return sampleSize;
  }

  /** Returns the number of increments counted since the last reset, less its corrections. */
  int size() {
    return size;
  }

  /** Returns the estimated number of occurrences of the element, at most {@link #MAX_COUNT}. */
  int frequency(Object e) {
    long[] t = table;
    if (t == null) {
      return 0;
    }
    int blockHash = spread(e.hashCode());
    int counterHash = counterHash(blockHash);
    int block = (blockHash & blockMask) << 3;
    int min = MAX_COUNT;
    for (int row = 0; row < 4; row++) {
      int h = counterHash >>> (row << 3);
      int slot = block + (row << 1) + (h & 1);
      int shift = ((h >>> 1) & 15) << 2;
      min = Math.min(min, (int) ((t[slot] >>> shift) & 0xfL));
    }
    return min;
  }

  /**
   * Counts an occurrence of the element: each of its four counters that is not saturated grows by
   * one, and the counters are halved once the sample is complete.
   */
  void increment(Object e) {
    long[] t = table;
    if (t == null) {
      return;
    }
    int blockHash = spread(e.hashCode());
    int counterHash = counterHash(blockHash);
    int block = (blockHash & blockMask) << 3;
    boolean added = false;
    for (int row = 0; row < 4; row++) {
      int h = counterHash >>> (row << 3);
      int slot = block + (row << 1) + (h & 1);
      int shift = ((h >>> 1) & 15) << 2;
      long mask = 0xfL << shift;
      if ((t[slot] & mask) != mask) {
        t[slot] += 1L << shift;
        added = true;
      }
    }
    if (added && (++size == sampleSize)) {
      reset();
    }
  }

  /** Halves every counter and the sample count (the aging step). */
  void reset() {
    long[] t = table;
    if (t == null) {
      return;
    }
    long oddCounters = 0;
    for (int i = 0; i < t.length; i++) {
      oddCounters += Long.bitCount(t[i] & LOW_BIT_MASK);
      t[i] = (t[i] >>> 1) & HALF_MASK;
    }
    // Each increment touches four counters, so a quarter of the truncated halves is the number of
    // increments the halving lost.
    size = (int) ((size - (oddCounters >>> 2)) >>> 1);
  }

  /**
   * Mixes a hash code so that poor hashes (sequential integers, say) spread over the blocks. The
   * shifts and multipliers are Chris Wellons' "lowbias32", found by his hash prospector for a low
   * avalanche bias (<a href="https://github.com/skeeto/hash-prospector">
   * github.com/skeeto/hash-prospector</a>, <a
   * href="https://nullprogram.com/blog/2018/07/31/">nullprogram.com/blog/2018/07/31</a>).
   */
  static int spread(int x) {
    x = (x ^ (x >>> 16)) * 0x7feb352d;
    x = (x ^ (x >>> 15)) * 0x846ca68b;
    return x ^ (x >>> 16);
  }

  /**
   * Derives the independent bits that choose the counters within a block: a multiplication by
   * 0x9e3779b9, 2<sup>32</sup> divided by the golden ratio (Knuth's multiplicative "Fibonacci"
   * hashing, The Art of Computer Programming, vol. 3, section 6.4), which scatters the block hash's
   * bits into the high ones, then a shift that folds them back down.
   */
  private static int counterHash(int blockHash) {
    int x = blockHash * 0x9e3779b9;
    return x ^ (x >>> 13);
  }

  static int ceilingPowerOfTwo(int x) {
    return (x <= 1) ? 1 : 1 << (32 - Integer.numberOfLeadingZeros(x - 1));
  }
}
