package io.larder.cache.internal;

/**
 * Decides how much to grow or shrink the admission window of the W-TinyLFU policy, by hill
 * climbing on the hit rate observed between adjustments.
 *
 * <h2>Design</h2>
 *
 * <p>From Einziger, Eytan, Friedman and Manes, "Adaptive Software Cache Management" (Middleware
 * 2018, <a href="https://doi.org/10.1145/3274808.3274816">doi:10.1145/3274808.3274816</a>):
 * recency-biased workloads want a large window, frequency-biased ones a small window, and the best
 * split drifts as the workload changes. The climber samples the hit rate over a period of about ten
 * times the cache's maximum requests (the frequency sketch's sample size) and moves the window by a
 * step in the direction that last improved the hit rate, reversing when the hit rate fell. The step
 * starts at {@value #STEP_PERCENT} of the maximum and decays geometrically (by {@value
 * #STEP_DECAY_RATE} per period) so that the split converges; a large change in the hit rate
 * ({@value #RESTART_THRESHOLD} or more, a new workload) restarts it at full size.
 *
 * <p>Not thread-safe: the eviction policy guards it with the eviction lock.
 */
final class HillClimber {
  /**
   * The initial step, as a share of the maximum. This and the two constants below are Caffeine
   * 3.2.4's ({@code HILL_CLIMBER_STEP_PERCENT}, {@code HILL_CLIMBER_STEP_DECAY_RATE}, {@code
   * HILL_CLIMBER_RESTART_THRESHOLD}), the simple climber that the paper evaluates.
   */
  static final double STEP_PERCENT = 0.0625d;

  /** The step's geometric decay per sample period. */
  static final double STEP_DECAY_RATE = 0.98d;

  /** The change in hit rate that restarts the climb with a full step. */
  static final double RESTART_THRESHOLD = 0.05d;

  private long hitsInSample;
  private long missesInSample;
  private double stepSize;
  private double previousHitRate;

  /** Starts a new climb for a cache of the maximum (after creation or a change of maximum). */
  void reset(long maximum) {
    hitsInSample = 0;
    missesInSample = 0;
    // The first move shrinks the window, since most workloads favour frequency.
    stepSize = -STEP_PERCENT * maximum;
  }

  /** Records a hit on a resident entry. */
  void recordHit() {
    hitsInSample++;
  }

  /** Records a miss (a newly added entry). */
  void recordMiss() {
    missesInSample++;
  }

  /** Forgets the current sample, as when the frequency sketch is not yet in use. */
  void clearSample() {
    previousHitRate = 0.0;
    hitsInSample = 0;
    missesInSample = 0;
  }

  /** Returns whether the current sample has at least {@code sampleSize} requests. */
  boolean hasCompleteSample(int sampleSize) {
    return (hitsInSample + missesInSample) >= sampleSize;
  }

  /**
   * Returns how much to grow (positive) or shrink (negative) the window by, judging by the
   * current sample's hit rate against the previous one's, and starts a new sample.
   */
  long nextAdjustment(long maximum) {
    long requests = hitsInSample + missesInSample;
    double hitRate = (requests == 0) ? 0.0 : (double) hitsInSample / requests;
    double hitRateChange = hitRate - previousHitRate;
    double amount = (hitRateChange >= 0) ? stepSize : -stepSize;
    stepSize = (Math.abs(hitRateChange) >= RESTART_THRESHOLD)
        ? STEP_PERCENT * maximum * ((amount >= 0) ? 1 : -1)
        : STEP_DECAY_RATE * amount;
    previousHitRate = hitRate;
    hitsInSample = 0;
    missesInSample = 0;
    return (long) amount;
  }

  /** Returns the hit rate of the last complete sample. */
  double previousHitRate() {
    return previousHitRate;
  }

  /** Returns the next step, signed. */
  double stepSize() {
    return stepSize;
  }

  /** Returns the requests counted in the current sample. */
  long sampleCount() {
    return hitsInSample + missesInSample;
  }
}
