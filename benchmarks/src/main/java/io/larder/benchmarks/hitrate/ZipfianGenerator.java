package io.larder.benchmarks.hitrate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks from a Zipfian distribution: rank {@code r} (0-based) has probability proportional to
 * {@code 1 / (r + 1)^skew}.
 *
 * <p>The generator inverts the cumulative distribution by binary search over a table of all {@code
 * items} partial sums, which is exact for every skew including 1.0 (where the usual closed-form
 * approximation of Gray et al. divides by zero), and costs O(log items) per draw. The random source
 * is a {@link SplittableRandom} with a fixed seed, so a workload is the same on every machine and
 * every run.
 */
public final class ZipfianGenerator {
  private final double[] cumulative;
  private final SplittableRandom random;

  /**
   * Creates a generator.
   *
   * @param items the number of distinct ranks, at least 1
   * @param skew the exponent, at least 0 (0 is uniform)
   * @param seed the seed of the random source
   */
  public ZipfianGenerator(int items, double skew, long seed) {
    if (items < 1) {
      throw new IllegalArgumentException("items must be at least 1, was " + items);
    }
    if (!(skew >= 0)) {
      throw new IllegalArgumentException("skew must be at least 0, was " + skew);
    }
    cumulative = new double[items];
    double sum = 0;
    for (int i = 0; i < items; i++) {
      sum += 1.0 / Math.pow(i + 1, skew);
      cumulative[i] = sum;
    }
    for (int i = 0; i < items; i++) {
      cumulative[i] /= sum;
    }
    random = new SplittableRandom(seed);
  }

  /** Returns the next rank, in {@code [0, items)}; 0 is the most popular. */
  public int nextRank() {
    double u = random.nextDouble();
    int index = Arrays.binarySearch(cumulative, u);
    int rank = index >= 0 ? index + 1 : -index - 1;
    return Math.min(rank, cumulative.length - 1);
  }

  /** Returns the next {@code count} ranks. */
  public int[] nextRanks(int count) {
    int[] ranks = new int[count];
    for (int i = 0; i < count; i++) {
      ranks[i] = nextRank();
    }
    return ranks;
  }
}
