package io.larder.benchmarks.jmh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One JMH benchmark of one contender: each fork's mean throughput, in operations per second.
 *
 * @param suite the title of the suite it belongs to, for example "Get/put, 2 threads"
 * @param benchmark the benchmark class's simple name
 * @param method the benchmark method
 * @param variant the other parameters, for example {@code expireAfterWrite}; empty if none
 * @param contender the contender parameter
 * @param threads the number of threads
 * @param forkScores each fork's mean throughput in operations per second; empty if not run
 * @param reason why the contender could not run, or null
 */
public record ThroughputResult(
    String suite,
    String benchmark,
    String method,
    String variant,
    String contender,
    int threads,
    List<Double> forkScores,
    @Nullable String reason) {

  /** Returns whether the benchmark ran. */
  public boolean measured() {
    return reason == null;
  }

  /** Returns the median of the forks' scores, in operations per second. */
  public double median() {
    return median(forkScores.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** Returns the spread of the forks' scores as (max - min) / median. */
  public double relativeSpread() {
    double[] sorted = forkScores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length < 2) {
      return 0;
    }
    return (sorted[sorted.length - 1] - sorted[0]) / median();
  }

  /**
   * Returns this result with {@code other}'s fork scores appended: the same benchmark of the same
   * contender, run in a later round.
   */
  public ThroughputResult plus(ThroughputResult other) {
    if (!method.equals(other.method)
        || !contender.equals(other.contender)
        || !variant.equals(other.variant)) {
      throw new IllegalArgumentException("not the same benchmark: " + this + " and " + other);
    }
    List<Double> scores = new ArrayList<>(forkScores);
    scores.addAll(other.forkScores);
    return new ThroughputResult(
        suite, benchmark, method, variant, contender, threads, List.copyOf(scores), reason);
  }

  /**
   * Returns the median over rounds of this result's fork score divided by {@code other}'s fork
   * score of the same round, or NaN if either has no score or their rounds differ in number. Two
   * forks of one round ran seconds apart, so the ratio of a pair cancels the machine's slow drift,
   * which a ratio of medians would not.
   */
  public double pairedRatio(ThroughputResult other) {
    return median(roundRatios(other).stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * Returns, round by round, this result's fork score divided by {@code other}'s fork score of the
   * same round; empty if either has no score or their rounds differ in number.
   */
  public List<Double> roundRatios(ThroughputResult other) {
    int rounds = forkScores.size();
    if (rounds == 0 || rounds != other.forkScores.size()) {
      return List.of();
    }
    List<Double> ratios = new ArrayList<>(rounds);
    for (int i = 0; i < rounds; i++) {
      ratios.add(forkScores.get(i) / other.forkScores.get(i));
    }
    return List.copyOf(ratios);
  }

  /** Returns the row label: what the method does, and any other parameters. */
  public String label() {
    String what = describe(method);
    return variant.isEmpty() ? what : what + " (" + variant + ")";
  }

  /** Returns a reader's name for a benchmark method. */
  public static String describe(String method) {
    switch (method) {
      case "reads100":
        return "read 100%";
      case "reads75Writes25":
        return "read 75% / write 25%";
      case "writes100":
        return "write 100%";
      case "computeIfAbsentHotKey":
        return "computeIfAbsent, one hot key";
      case "computeIfAbsentSpread":
        return "computeIfAbsent, spread keys";
      case "computeHotKey":
        return "compute, one hot key";
      case "computeSpread":
        return "compute, spread keys";
      case "insertIntoFullCache":
        return "insert into a full cache";
      case "puts":
        return "put";
      default:
        return method;
    }
  }

  @Override
  public String toString() {
    return suite + " " + label() + " " + contender + " " + Arrays.toString(forkScores.toArray());
  }
}
