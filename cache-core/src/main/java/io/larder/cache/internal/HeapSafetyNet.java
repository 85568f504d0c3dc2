package io.larder.cache.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The heap safety net of a memory-bounded cache (a Larder addition): when the heap after garbage
 * collection passes a threshold, the cache gives memory back, in proportion to what it holds, and
 * says once how its estimate compared with what the collector then freed. It covers what no size
 * estimator can see (a value that retains memory through fields neither readable nor exposed by an
 * API), whatever the estimate says.
 *
 * <h2>Design</h2>
 *
 * <p>The JVM's own figures decide: the old generation's memory pool (the heap pool that supports
 * both usage thresholds, with the largest maximum: G1 Old Gen, Tenured Gen, PS Old Gen, ZHeap) is
 * given a collection usage threshold, {@value #DEFAULT_THRESHOLD} of its maximum unless {@code
 * -Dlarder.memory.heapAfterGcThreshold} says otherwise (a fraction; 0 turns the net off), the first
 * time a memory-bounded cache is built. If the application already set a threshold on that pool,
 * Larder uses that one and does not change it. The JVM then counts each collection after which the
 * pool's usage is at or past the threshold ({@link
 * MemoryPoolMXBean#getCollectionUsageThresholdCount()}). G1 measures its old generation after GC
 * only at mixed and full collections, and a heap full of live cache entries gets no mixed
 * collection before the full one that fails with an {@link OutOfMemoryError}; so under G1 the net
 * also counts the old generation's occupancy passing the same threshold (a usage threshold on the
 * pool, likewise kept if already set). With G1 starting its concurrent cycle at 45% occupancy (its
 * default), an old generation at 85% of the heap is one the collector could not bring down.
 *
 * <p>No listener is registered with the platform MBean (it would hold this library's classes from a
 * JVM-wide object, pinning a web application's class loader) and no thread is started: each cache
 * reads that count itself, every {@value #CHECK_EVERY} changes of its total weight, inside its
 * maintenance, under its eviction lock. Reads never change the weight, so the read path does not
 * pay for the net at all; a write pays a counter increment, and one read of a JVM counter per
 * {@value #CHECK_EVERY} writes. A cache that is not written does not react, and does not grow
 * either.
 *
 * <p>When the count has moved, the cache evicts (cause SIZE, its usual order) the same share of its
 * estimated bytes as the heap after GC must lose to get back to 75% of the threshold, at least
 * {@value #MIN_SHARE} and at most {@value #MAX_SHARE}: by the time the collector reports the
 * threshold passed, the heap is often nearly full (a generational collector measures the old
 * generation after a full or mixed collection only), so the net acts with a wide margin. The share,
 * not a byte figure, is what the cache gives back, so a cache whose estimate is short by any factor
 * still gives back that share of its real footprint; every collection still past the threshold
 * takes another share.
 *
 * <p>Once per cache, after the next collection of the pool, it logs at {@code WARNING} the heap
 * after GC before and after, what it gave back by its estimate, and what the collector freed: a
 * collector that freed far more than the caches' estimates names the cache whose values the
 * estimator does not see.
 *
 * <p>It is the cache's {@link WindowTinyLfuPolicy.ExternalBound}, wrapping the shared budget's
 * member when the cache has one.
 */
final class HeapSafetyNet<K, V> implements WindowTinyLfuPolicy.ExternalBound {
  /** The system property that sets the threshold, as a fraction of the pool's maximum. */
  static final String THRESHOLD_PROPERTY = "larder.memory.heapAfterGcThreshold";

  /** The default threshold: heap after GC at 85% of the old generation's maximum. */
  static final double DEFAULT_THRESHOLD = 0.85;

  /** How many changes of the total weight pass between two readings of the JVM's count. */
  static final int CHECK_EVERY = 16;

  /** The least share of its bytes a cache gives back when the threshold is passed. */
  static final double MIN_SHARE = 0.25;

  /** The largest share of its bytes a cache gives back at once. */
  static final double MAX_SHARE = 0.5;

  private static final Logger logger = System.getLogger(HeapSafetyNet.class.getName());

  /** What the net reads of the heap: the JVM's pool, or a test's stand-in. */
  interface Gauge {
    /** Returns how many collections left the pool at or past the threshold. */
    long crossings();

    /**
     * Returns the pool's usage after its latest collection, in bytes; under G1, its occupancy now
     * if higher.
     */
    long heapAfterGc();

    /** Returns the threshold in bytes. */
    long threshold();

    /** Returns the pool's maximum in bytes. */
    long maximum();

    /** Returns the pool's name, for the log. */
    String name();
  }

  private final WindowTinyLfuPolicy.@Nullable ExternalBound delegate;
  private final WindowTinyLfuPolicy<K, V> policy;
  private final Gauge gauge;
  private final String cacheName;

  // Guarded by the cache's eviction lock.
  private int changes;
  private long seenCrossings;
  private long target = -1;
  private long heapBefore = -1;
  private long gaveBack;
  private double share;
  private boolean logged;

  HeapSafetyNet(
      WindowTinyLfuPolicy.@Nullable ExternalBound delegate,
      WindowTinyLfuPolicy<K, V> policy,
      Gauge gauge,
      String cacheName) {
    this.delegate = delegate;
    this.policy = policy;
    this.gauge = gauge;
    this.cacheName = cacheName;
    this.seenCrossings = gauge.crossings();
  }

  /**
   * Sets the cache's external bound: the net over the shared budget's member ({@code member}, may
   * be null), or the member alone when the net is off.
   */
  static <K, V> void attach(
      BoundedLocalCache<K, V> cache, WindowTinyLfuPolicy.@Nullable ExternalBound member) {
    Gauge gauge;
    try {
      gauge = JvmGauge.INSTANCE;
    } catch (LinkageError e) {
      gauge = null; // java.management is optional: without it, no net
    }
    if (gauge != null) {
      cache.policy.setExternalBound(
          new HeapSafetyNet<>(member, cache.policy, gauge, cache.settings().name()));
    } else if (member != null) {
      cache.policy.setExternalBound(member);
    }
  }

  /** Returns the bound this net wraps: the cache's shared-budget member, or {@code null}. */
  WindowTinyLfuPolicy.@Nullable ExternalBound delegate() {
    return delegate;
  }

  @Override
  public void onWeightChange(long difference) {
    if (delegate != null) {
      delegate.onWeightChange(difference);
    }
    if ((++changes % CHECK_EVERY) == 0) {
      check();
    }
  }

  @Override
  public boolean isExceeded() {
    if ((delegate != null) && delegate.isExceeded()) {
      return true;
    }
    if (target < 0) {
      return false;
    } else if (policy.weightedSize() > target) {
      return true;
    }
    target = -1;
    return false;
  }

  @Override
  public void onExceededAfterEviction() {
    if ((delegate != null) && delegate.isExceeded()) {
      delegate.onExceededAfterEviction();
    }
    target = -1; // nothing more to evict now; the next crossing asks again
  }

  /** Reads the JVM's count; on a new crossing, sets the bytes to evict down to. */
  void check() {
    if ((heapBefore >= 0) && !logged) {
      logOutcomeAfterTheNextCollection();
    }
    long crossings = gauge.crossings();
    if (crossings == seenCrossings) {
      return;
    }
    seenCrossings = crossings;
    long used = gauge.heapAfterGc();
    long threshold = gauge.threshold();
    long holding = policy.weightedSize();
    if ((used < threshold) || (holding <= 0)) {
      return;
    }
    double needed = (used - 0.75 * threshold) / used;
    share = Math.min(MAX_SHARE, Math.max(MIN_SHARE, needed));
    long giveBack = Math.round(holding * share);
    target = holding - giveBack;
    if (!logged && (heapBefore < 0)) {
      heapBefore = used;
      gaveBack = giveBack;
    }
  }

  /** Logs, once, what the collection after the first give-back freed, against the estimate. */
  private void logOutcomeAfterTheNextCollection() {
    long after = gauge.heapAfterGc();
    if (after == heapBefore) {
      return; // no collection of the pool since
    }
    logged = true;
    try {
      log(after);
    } catch (RuntimeException | OutOfMemoryError e) {
      // Formatting the message allocates, and the heap may be full again: the log is not worth
      // failing the cache's maintenance for.
    }
  }

  private void log(long after) {
    long freed = heapBefore - after;
    String ratio =
        (freed > gaveBack && gaveBack > 0)
            ? String.format(
                Locale.ROOT,
                ", %.1f times its estimate: its values likely hold memory "
                    + "the estimator does not see",
                freed / (double) gaveBack)
            : "";
    logger.log(
        Level.WARNING,
        () ->
            String.format(
                Locale.ROOT,
                "Larder: the heap after GC "
                    + "(old generation) reached %s (%s pool, maximum %s), past the safety net's "
                    + "threshold of %s, so cache '%s' gave back %.0f%% of its entries, %s by its "
                    + "estimate. After the next collection the heap was %s: the collector freed %s%s. "
                    + "(Logged once per cache; "
                    + "the threshold is -D%s, a fraction of the pool's maximum, 0 to turn the net off.)",
                UnboundedGrowthGuard.bytes(heapBefore),
                gauge.name(),
                UnboundedGrowthGuard.bytes(gauge.maximum()),
                UnboundedGrowthGuard.bytes(gauge.threshold()),
                cacheName,
                100 * share,
                UnboundedGrowthGuard.bytes(gaveBack),
                UnboundedGrowthGuard.bytes(after),
                UnboundedGrowthGuard.bytes(Math.max(0, freed)),
                ratio,
                THRESHOLD_PROPERTY));
  }

  /**
   * The JVM's old-generation pool, armed with a collection usage threshold on first use; {@code
   * null} when the net is off or the JVM offers no such pool. Holds JDK objects only.
   */
  private static final class JvmGauge implements Gauge {
    static final @Nullable Gauge INSTANCE = arm();

    private final MemoryPoolMXBean pool;
    private final boolean watchesOccupancy;

    private JvmGauge(MemoryPoolMXBean pool) {
      this.pool = pool;
      this.watchesOccupancy = pool.getName().startsWith("G1 ");
    }

    private static @Nullable Gauge arm() {
      double fraction;
      try {
        fraction =
            Double.parseDouble(
                System.getProperty(THRESHOLD_PROPERTY, Double.toString(DEFAULT_THRESHOLD)));
      } catch (NumberFormatException | SecurityException e) {
        logger.log(
            Level.WARNING,
            "Larder: -D"
                + THRESHOLD_PROPERTY
                + " is not a fraction; the "
                + "heap safety net uses "
                + DEFAULT_THRESHOLD);
        fraction = DEFAULT_THRESHOLD;
      }
      if (!(fraction > 0) || (fraction >= 1)) {
        return null;
      }
      try {
        MemoryPoolMXBean chosen = null;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
          if ((pool.getType() == MemoryType.HEAP)
              && pool.isCollectionUsageThresholdSupported()
              && pool.isUsageThresholdSupported()
              && (pool.getUsage().getMax() > 0)
              && ((chosen == null) || (pool.getUsage().getMax() > chosen.getUsage().getMax()))) {
            chosen = pool;
          }
        }
        if (chosen == null) {
          return null;
        }
        long bytes = (long) (fraction * chosen.getUsage().getMax());
        if (chosen.getCollectionUsageThreshold() == 0) {
          chosen.setCollectionUsageThreshold(bytes);
        }
        if (chosen.getName().startsWith("G1 ") && (chosen.getUsageThreshold() == 0)) {
          chosen.setUsageThreshold(bytes);
        }
        logger.log(
            Level.DEBUG,
            "Larder: heap safety net on the {0} pool at {1} bytes after GC",
            chosen.getName(),
            chosen.getCollectionUsageThreshold());
        return new JvmGauge(chosen);
      } catch (RuntimeException | LinkageError e) {
        logger.log(Level.DEBUG, "Larder: no heap safety net: " + e);
        return null;
      }
    }

    @Override
    public long crossings() {
      long crossings = pool.getCollectionUsageThresholdCount();
      return watchesOccupancy ? crossings + pool.getUsageThresholdCount() : crossings;
    }

    @Override
    public long heapAfterGc() {
      MemoryUsage afterGc = pool.getCollectionUsage();
      long used = (afterGc == null) ? 0 : afterGc.getUsed();
      return watchesOccupancy ? Math.max(used, pool.getUsage().getUsed()) : used;
    }

    @Override
    public long threshold() {
      return pool.getCollectionUsageThreshold();
    }

    @Override
    public long maximum() {
      return pool.getUsage().getMax();
    }

    @Override
    public String name() {
      return pool.getName();
    }
  }
}
