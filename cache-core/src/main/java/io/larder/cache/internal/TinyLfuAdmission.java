package io.larder.cache.internal;

import java.util.SplittableRandom;

/**
 * The admission rule of W-TinyLFU: whether a candidate leaving the window replaces the main
 * space's victim, judged by their estimated popularity in the {@link FrequencySketch}.
 *
 * <h2>Design</h2>
 *
 * <p>TinyLFU (Einziger, Friedman and Manes, "TinyLFU: A Highly Efficient Cache Admission Policy",
 * ACM Transactions on Storage 13(4), 2017, <a
 * href="https://doi.org/10.1145/3149371">doi:10.1145/3149371</a>; preprint <a
 * href="https://arxiv.org/abs/1512.00727">arXiv:1512.00727</a>) admits a candidate only if it is
 * more popular than the entry it would evict. Ties favour the victim, which protects the main
 * space from a scan of one-hit wonders.
 *
 * <p><b>Admission chains.</b> In a loop over a little more keys than the cache holds, TinyLFU
 * admission feeds on itself. The candidate's count already holds the access that made it a
 * candidate, while the victim, the main space's least recent entry, is the entry whose next access
 * is due; so the candidate leads by exactly one without being more popular, is admitted, and
 * evicts an entry just before its reuse. That entry misses, returns as a candidate with its own
 * lead of one and evicts the next: each admission begets another, and the chain never ends (it
 * cost about four points of hit rate). Chains show as <i>narrow leads</i>, a lead of exactly one
 * over a victim whose estimate is {@value #NARROW_LEAD_MIN_FREQUENCY} or more (where one count is
 * within the counting noise), in a large share of the requests: about one in fifty in the loops
 * measured, and up to one in eleven, even while the chains are being broken; in the other
 * workloads measured (cache2k traces, Zipfian, scanning and shifting ones, caches of 2 to 25% of
 * the keys) one in two hundred or fewer, and one in ninety in the worst sample. While the
 * climber's last sample had narrow leads in more than one request in {@value
 * #CHAIN_DETECTION_RATE}, a narrow lead wins only on a coin flip, which halves each link so that
 * the chains die out, while a truly more popular candidate, which returns often, is soon admitted
 * all the same. Otherwise a narrow lead wins, as in TinyLFU: the decisions are unchanged. (Larder's
 * own measure, not from the papers; the figures come from the hit-rate replays of the benchmarks
 * module.)
 *
 * <p><b>Hash flooding.</b> An attacker who knows the hash function could keep a victim's
 * estimate high (by colliding keys) so that no new entry is ever admitted. A warm candidate
 * (estimate {@value #ADMIT_HASHDOS_THRESHOLD} or more) that loses to the victim is therefore
 * admitted anyway with a small probability (1/128), which breaks the attack while rarely changing
 * a decision in normal use. The threshold (6, warm: the counters saturate at 15 and are halved to
 * 7 by aging) and the probability are Caffeine 3.2.4's ({@code BoundedLocalCache.admit}).
 *
 * <p>Not thread-safe: the eviction policy guards it with the cache's eviction lock.
 */
final class TinyLfuAdmission {
  /** The victim's frequency from which a lead of one is narrow (within the counting noise). */
  static final int NARROW_LEAD_MIN_FREQUENCY = 4;

  /** One request in this many of a sample with a narrow lead shows admission chains. */
  static final int CHAIN_DETECTION_RATE = 100;

  /** The frequency from which a losing candidate may be admitted at random. */
  static final int ADMIT_HASHDOS_THRESHOLD = 6;

  private final FrequencySketch sketch;

  /** The coin for narrow leads and warm candidates. */
  private final SplittableRandom random = new SplittableRandom();

  /** The narrow leads in the climber's current sample. */
  private int narrowLeads;

  /** Whether the last sample showed admission chains, so that narrow leads win on a coin flip. */
  private boolean breaksChains;

  /** Creates the rule over the policy's sketch. */
  TinyLfuAdmission(FrequencySketch sketch) {
    this.sketch = sketch;
  }

  /**
   * Returns whether the candidate should replace the victim in the main space: it must be more
   * popular (a narrow lead only on a coin flip while admission chains run), except that a warm
   * candidate wins at random now and then (see the class comment).
   */
  boolean admit(Object candidateKey, Object victimKey) {
    int candidateFrequency = sketch.frequency(candidateKey);
    int victimFrequency = sketch.frequency(victimKey);
    if (candidateFrequency > victimFrequency) {
      if ((candidateFrequency == victimFrequency + 1)
          && (victimFrequency >= NARROW_LEAD_MIN_FREQUENCY)) {
        narrowLeads++;
        return !breaksChains || random.nextBoolean();
      }
      return true;
    } else if (candidateFrequency >= ADMIT_HASHDOS_THRESHOLD) {
      return (random.nextInt() & 127) == 0;
    }
    return false;
  }

  /**
   * Concludes the climber's sample of {@code requests} requests: the next sample breaks chains if
   * this one had narrow leads in more than one request in {@value #CHAIN_DETECTION_RATE}.
   */
  void endSample(long requests) {
    breaksChains = narrowLeads > (requests / CHAIN_DETECTION_RATE);
    narrowLeads = 0;
  }

  /** Forgets the current sample's narrow leads, as when the sketch is not yet in use. */
  void clearSample() {
    narrowLeads = 0;
  }

  /** Returns whether narrow leads win only on a coin flip (admission chains were detected). */
  boolean breaksAdmissionChains() {
    return breaksChains;
  }
}
