package io.larder.cache.internal;

import io.larder.cache.CacheObserver.Rule;
import io.larder.cache.LeakGuard;
import io.larder.cache.internal.memory.ObjectLayout;
import io.larder.cache.internal.memory.SizeEstimator;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Watches a cache that has no size, weight or memory bound, and stops it from taking the heap: the
 * plain unbounded storage, and a cache bounded only by time (expiration or refresh), which holds
 * everything written within its expiry window and so grows without limit when keys arrive faster
 * than they expire.
 *
 * <h2>When it looks</h2>
 *
 * <p>It watches growth, that is the entry count. Each write that adds an entry decrements a
 * countdown of {@value #SIZE_READ_INTERVAL} (an opaque read and write of one field: no atomic
 * instruction; a decrement lost to a race only delays the next read by an insert). Replacements do
 * not count: they cannot grow the table, and leaving them out keeps the shared field off the path
 * of replace-heavy traffic, where threads writing it on every put would pass its cache line back
 * and forth. When it runs out, the writer reads the table's entry count (a sum of a few striped
 * counters) and, once it reaches the next checkpoint, checks the cache, unless another thread is
 * already checking. The first checkpoint is {@value #FIRST_CHECK} entries; afterwards it is set
 * from the last estimate: half the number of entries, at the estimated size per entry, that would
 * reach the next threshold (the warning, then the limit), at least {@value #MIN_INTERVAL} and at
 * most {@value #MAX_INTERVAL} entries above the current count. A cache of small entries far from
 * the thresholds is thus checked every 4,096 new entries, and one of large entries close to them
 * often enough not to overshoot the limit by more than half the headroom. Values replaced by larger
 * ones under the same keys are seen at the next checkpoint only.
 *
 * <h2>How it estimates</h2>
 *
 * <p>A check samples up to {@value #SAMPLE_SIZE} entries from a region of the table that changes
 * with every check (see {@link GrowthTarget#sample}), sizes their keys and values in one walk of
 * the {@link SizeEstimator} (so an object shared by sampled entries counts once, and the walk is
 * bounded by the estimator's budget), and extrapolates: {@code entries × (sampled mean + the
 * table's cost per entry)}. Since values that share objects between entries are still over-counted,
 * the estimate is capped by the heap in use ({@code totalMemory - freeMemory}), which no cache can
 * exceed.
 *
 * <h2>What it does</h2>
 *
 * <ul>
 *   <li>Past {@link LeakGuard#warnBytes()}: one WARN, once per cache, naming the cache and the code
 *       that built it, and what to do.
 *   <li>Past {@link LeakGuard#limitBytes()}: evicts entries, with cause SIZE (counted in the
 *       statistics and told to the listeners), until the estimate is {@value #TRIM_TARGET_PERCENT}%
 *       of the limit, so that the next trim is some way off; it makes up to {@value #TRIM_ROUNDS}
 *       passes, and while it runs every writer that reads the entry count above the target evicts
 *       {@code 2 × }{@value #SIZE_READ_INTERVAL} entries too (so it removes twice what it added):
 *       any number of writers cannot outpace the trim. The first trim is logged at WARN, the later
 *       ones at DEBUG with a running count. Which entries go is the target's choice: the unbounded
 *       storage's iteration order ({@link UnboundedGrowthTarget}); for a cache bounded only by
 *       time, the entries that would expire first ({@link ExpiringGrowthTarget}).
 * </ul>
 */
final class UnboundedGrowthGuard {
  private static final Logger logger = System.getLogger(UnboundedGrowthGuard.class.getName());

  /** The entry count of the first check. */
  static final int FIRST_CHECK = 64;

  /** The fewest new entries between two checks. */
  static final int MIN_INTERVAL = 32;

  /** The most new entries between two checks. */
  static final int MAX_INTERVAL = 4096;

  /** The added entries between two reads of the entry count. */
  static final int SIZE_READ_INTERVAL = 16;

  /** The most entries sampled by one check. */
  static final int SAMPLE_SIZE = 32;

  /** A trim evicts down to this share of the limit. */
  static final int TRIM_TARGET_PERCENT = 85;

  /** The most passes a trim makes to catch up with concurrent writers. */
  static final int TRIM_ROUNDS = 8;

  private static final VarHandle COUNTDOWN;
  private static final VarHandle CHECKING;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      COUNTDOWN = lookup.findVarHandle(UnboundedGrowthGuard.class, "countdown", int.class);
      CHECKING = lookup.findVarHandle(UnboundedGrowthGuard.class, "checking", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final GrowthTarget target;
  private final LeakGuard leakGuard;
  private final String cacheName;
  private final String creationSite;
  private final CacheGuards guards;
  // Created at the first estimate, so that building a cache never loads the estimator
  private @Nullable SizeEstimator estimator;
  private long overheadPerEntry;

  @SuppressWarnings("unused") // accessed through COUNTDOWN
  private int countdown = SIZE_READ_INTERVAL;

  private volatile long nextCheckAt = FIRST_CHECK;

  /** The entry count a running trim evicts down to, or -1 when no trim is running. */
  private volatile long trimDownTo = -1;

  @SuppressWarnings("unused") // accessed through CHECKING
  private volatile int checking;

  private volatile long lastEstimate;
  private volatile long checks;
  private volatile long trims;
  private volatile long trimmedEntries;
  private volatile boolean warned;

  UnboundedGrowthGuard(
      GrowthTarget target,
      LeakGuard leakGuard,
      String cacheName,
      String creationSite,
      CacheGuards guards) {
    this.target = target;
    this.leakGuard = leakGuard;
    this.cacheName = cacheName;
    this.creationSite = creationSite;
    this.guards = guards;
  }

  /** Returns the estimator, creating it (and the table's cost per entry) on first use. */
  private synchronized SizeEstimator estimator() {
    SizeEstimator current = estimator;
    if (current == null) {
      current = SizeEstimator.forCurrentJvm();
      overheadPerEntry = target.overheadPerEntry(current.layout());
      estimator = current;
    }
    return current;
  }

  /**
   * Counts an added entry; when the countdown runs out, reads the entry count and checks the cache
   * if it reached the next checkpoint.
   */
  void afterWrite() {
    int remaining = (int) COUNTDOWN.getOpaque(this) - 1;
    if (remaining > 0) {
      COUNTDOWN.setOpaque(this, remaining);
      return;
    }
    COUNTDOWN.setOpaque(this, SIZE_READ_INTERVAL);
    long entries = target.entryCount();
    long trimTarget = trimDownTo;
    if ((trimTarget >= 0) && (entries > trimTarget)) {
      // A trim is running: help it, so that writers cannot outpace the thread that trims
      target.evict(2L * SIZE_READ_INTERVAL);
    } else if (entries >= nextCheckAt) {
      checkIfIdle();
    }
  }

  /** Checks now, unless another thread is checking. */
  private void checkIfIdle() {
    if (!CHECKING.compareAndSet(this, 0, 1)) {
      return;
    }
    try {
      nextCheckAt = check();
    } finally {
      checking = 0;
    }
  }

  /** Estimates, warns and trims; returns the entry count of the next check. */
  private long check() {
    checks++;
    long entries = target.entryCount();
    long estimate = estimate(entries);
    long warnBytes = leakGuard.warnBytes();
    long limitBytes = leakGuard.limitBytes();
    if ((estimate > warnBytes) && !warned) {
      warned = true;
      String warning =
          String.format(
              Locale.US,
              "Larder: the cache '%s', built at %s, has %s and holds about %s in %,d "
                  + "entries, more than the warning threshold of %s (%.3g%% of the maximum heap). An "
                  + "unbounded cache that keeps growing is a memory leak: %s. Past %s (%.3g%% of the "
                  + "heap) Larder will evict entries from it. (Tune with "
                  + "-Dlarder.guard.warnHeapFraction / limitHeapFraction, or Caffeine.leakGuard.)",
              cacheName,
              creationSite,
              target.boundDescription(),
              bytes(estimate),
              entries,
              bytes(warnBytes),
              leakGuard.warnHeapFraction() * 100,
              advice(),
              bytes(limitBytes),
              leakGuard.limitHeapFraction() * 100);
      guards.recordWarning(Rule.GROWTH, warning);
      logger.log(Level.WARNING, warning);
    }
    long perEntry = Math.max(1L, (entries == 0) ? overheadPerEntryBytes() : estimate / entries);
    if ((estimate > limitBytes) && (entries > 0)) {
      entries = trim(entries, perEntry, estimate, limitBytes);
      estimate = entries * perEntry;
      lastEstimate = estimate;
    }
    long nextThreshold = warned ? limitBytes : warnBytes;
    long headroomEntries = Math.max(0L, nextThreshold - estimate) / perEntry;
    long next = entries + Math.min(MAX_INTERVAL, Math.max(MIN_INTERVAL, headroomEntries / 2));
    return next;
  }

  /**
   * Evicts down to the trim target, chasing concurrent writers for up to {@value #TRIM_ROUNDS}
   * rounds; returns the entry count afterwards.
   */
  private long trim(long entries, long perEntry, long estimate, long limitBytes) {
    long targetEntries = (limitBytes / 100 * TRIM_TARGET_PERCENT) / perEntry;
    long evicted = 0;
    long current = entries;
    trimDownTo = targetEntries;
    try {
      for (int round = 0; (round < TRIM_ROUNDS) && (current > targetEntries); round++) {
        evicted += target.evict(current - targetEntries);
        current = target.entryCount();
      }
    } finally {
      trimDownTo = -1;
    }
    trimmedEntries += evicted;
    long trimCount = ++trims;
    String message =
        String.format(
            Locale.US,
            "Larder: the cache '%s', built at %s, has %s and reached about %s, past the "
                + "limit of %s (%.3g%% of the maximum heap): evicted %,d entries (cause SIZE) to bring "
                + "it to about %s. Trims so far: %,d, entries evicted: %,d. Bound the cache with "
                + "maximumSize, maximumWeight or maximumMemory.",
            cacheName,
            creationSite,
            target.boundDescription(),
            bytes(estimate),
            bytes(limitBytes),
            leakGuard.limitHeapFraction() * 100,
            evicted,
            bytes(current * perEntry),
            trimCount,
            trimmedEntries);
    if (trimCount == 1) {
      guards.recordWarning(Rule.GROWTH, message);
      logger.log(Level.WARNING, message);
    } else {
      logger.log(Level.DEBUG, message);
    }
    return current;
  }

  /** Returns what the warning advises, depending on what limits the cache, if anything. */
  private String advice() {
    return target.advice();
  }

  /**
   * Returns the estimated retained bytes of the target's entries from a fresh sample, capped by the
   * heap in use, and remembers it as the latest estimate.
   */
  long estimate(long entries) {
    if (entries <= 0) {
      lastEstimate = 0;
      return 0;
    }
    SizeEstimator sizes = estimator();
    long sampled = sampleEstimate(target, sizes, entries, (int) checks);
    long perEntry = sampled + overheadPerEntryBytes();
    long extrapolated = (entries > Long.MAX_VALUE / perEntry) ? Long.MAX_VALUE : entries * perEntry;
    Runtime runtime = Runtime.getRuntime();
    long heapInUse = runtime.totalMemory() - runtime.freeMemory();
    long estimate = Math.min(extrapolated, Math.max(0L, heapInUse));
    lastEstimate = estimate;
    return estimate;
  }

  /**
   * Returns the mean estimated size of the key and value of one entry, from a sample of up to
   * {@value #SAMPLE_SIZE} entries sized in one walk; 0 if the sample is empty.
   */
  static long sampleEstimate(GrowthTarget target, SizeEstimator estimator, long entries, int seed) {
    List<Object> sample = new ArrayList<>(2 * SAMPLE_SIZE);
    target.sample((int) Math.min(SAMPLE_SIZE, entries), seed, sample);
    int sampledEntries = sample.size() / 2;
    if (sampledEntries == 0) {
      return 0;
    }
    Object[] roots = sample.toArray();
    ObjectLayout layout = estimator.layout();
    long total = estimator.estimate(roots) - layout.referenceArraySize(roots.length);
    return Math.max(0L, total) / sampledEntries;
  }

  private synchronized long overheadPerEntryBytes() {
    return overheadPerEntry;
  }

  /** Returns a fresh estimate in bytes: one sample of up to {@value #SAMPLE_SIZE} entries. */
  long freshEstimate() {
    return estimate(target.entryCount());
  }

  /** Returns the estimate of the latest check or {@link #freshEstimate()}. */
  long latestEstimate() {
    return lastEstimate;
  }

  /** Returns whether the warning was logged. */
  boolean warned() {
    return warned;
  }

  /** Returns how many times the cache was trimmed. */
  long trims() {
    return trims;
  }

  /** Returns how many checks ran. */
  long checks() {
    return checks;
  }

  /** Returns how many more added entries until the entry count is read again. */
  int countdown() {
    return (int) COUNTDOWN.getOpaque(this);
  }

  static String bytes(long bytes) {
    if (bytes >= (1L << 30)) {
      return String.format(Locale.US, "%.1f GiB", bytes / (double) (1L << 30));
    } else if (bytes >= (1L << 20)) {
      return String.format(Locale.US, "%.1f MiB", bytes / (double) (1L << 20));
    }
    return String.format(Locale.US, "%.1f KiB", bytes / 1024.0);
  }
}
