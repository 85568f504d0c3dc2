package io.larder.cache.internal;

import io.larder.cache.CacheObserver.Rule;
import io.larder.cache.Weigher;
import io.larder.cache.internal.memory.ObjectLayout;
import io.larder.cache.internal.memory.SizeEstimator;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The weigher of a memory-tracking cache (a Larder addition): an entry weighs its estimated
 * retained size in bytes, that is its key and value as {@link SizeEstimator} sizes them (objects
 * reachable from both counted once, shared constants not at all) plus the cache's own per-entry
 * structures ({@link #entryOverhead}), clamped to {@link Integer#MAX_VALUE}.
 *
 * <p>It also watches the per-entry cap of {@code maximumEntryMemory}: the storage evicts an entry
 * heavier than the cap at once (as an overweight entry), and this weigher logs the first such entry
 * of its cache, once, at {@code WARNING}, naming the cache, the key's class and the estimate.
 */
final class MemoryWeigher implements Weigher<Object, Object> {
  private static final Logger logger = System.getLogger(MemoryWeigher.class.getName());

  /**
   * The table slots one entry of a {@link ConcurrentHashMap} accounts for on average: the table is
   * a power of two resized at a load factor of 0.75, so it holds between 1.33 and 2.67 slots per
   * entry; 2 is the middle of that range.
   */
  static final int TABLE_SLOTS_PER_ENTRY = 2;

  private final SizeEstimator estimator;
  private final long entryOverhead;
  private final String cacheName;
  private final String creationSite;
  private final long maximumEntryBytes;
  private final AtomicBoolean loggedOversized = new AtomicBoolean();
  private volatile @Nullable DeferredWeights<?, ?> deferred;
  private boolean attached;

  /**
   * Creates the weigher of one cache.
   *
   * @param estimator the retained-size estimator
   * @param nodeType the class of the cache's nodes
   * @param cacheName the cache's name, for the log
   * @param creationSite where the cache was built, for the {@link CacheObservers}
   * @param maximumEntryBytes the per-entry cap to log about, or {@link CacheSettings#UNSET}
   */
  MemoryWeigher(
      SizeEstimator estimator,
      Class<?> nodeType,
      String cacheName,
      String creationSite,
      long maximumEntryBytes) {
    this.estimator = estimator;
    this.entryOverhead = entryOverhead(estimator.layout(), nodeType);
    this.cacheName = cacheName;
    this.creationSite = creationSite;
    this.maximumEntryBytes =
        (maximumEntryBytes == CacheSettings.UNSET) ? Long.MAX_VALUE : maximumEntryBytes;
  }

  /**
   * Returns the bytes the cache itself spends on one entry: its node, the hash table's node and the
   * entry's share of the table's slot array ({@link #TABLE_SLOTS_PER_ENTRY} references).
   */
  static long entryOverhead(ObjectLayout layout, Class<?> nodeType) {
    return layout.instanceSize(nodeType)
        + chmNodeSize(layout)
        + (long) TABLE_SLOTS_PER_ENTRY * layout.referenceBytes();
  }

  private static long chmNodeSize(ObjectLayout layout) {
    try {
      return layout.instanceSize(
          Class.forName("java.util.concurrent.ConcurrentHashMap$Node", false, null));
    } catch (ClassNotFoundException | LinkageError e) {
      // hash, key, value, next: as declared in JDK 8 to 25
      return layout.alignObject(layout.headerBytes() + 3L * layout.referenceBytes() + 4L);
    }
  }

  /** Returns the bytes added to each entry's estimate for the cache's own structures. */
  long entryOverhead() {
    return entryOverhead;
  }

  /**
   * Lets the cache's {@link DeferredWeights} measure large values after their write; returns false
   * (and measures every value in full on its writer's thread from now on) if this weigher already
   * serves another cache, whose maintenance would never match this one's entries.
   */
  synchronized boolean attach(DeferredWeights<?, ?> deferredWeights) {
    deferred = attached ? null : deferredWeights;
    attached = true;
    return deferred != null;
  }

  /**
   * Weighs an entry. A value that the writer's walk cannot finish within {@link
   * SizeEstimator#WRITER_WALK_LIMIT} objects is written with the part counted (a lower bound) and
   * measured in full after the write, if the cache's {@link DeferredWeights} is free; otherwise it
   * is measured in full here.
   */
  @Override
  public int weigh(Object key, Object value) {
    DeferredWeights<?, ?> deferredWeights = deferred;
    if (deferredWeights == null) {
      return weighInFull(key, value);
    }
    long bytes = estimator.estimateWithin(key, value, SizeEstimator.WRITER_WALK_LIMIT);
    if (bytes >= 0) {
      return checked(key, bytes + entryOverhead);
    }
    int provisional = (int) Math.min(~bytes + entryOverhead, Integer.MAX_VALUE);
    return deferredWeights.defer(value, provisional) ? provisional : weighInFull(key, value);
  }

  /** Weighs an entry, walking its whole graph (up to the estimator's own limit). */
  int weighInFull(Object key, Object value) {
    return checked(key, estimator.estimate(key, value) + entryOverhead);
  }

  /** Logs the first entry over the per-entry cap; returns the weight, clamped to an int. */
  private int checked(Object key, long bytes) {
    if (bytes > maximumEntryBytes && loggedOversized.compareAndSet(false, true)) {
      String warning =
          "Cache '"
              + cacheName
              + "' does not keep an entry with a key of "
              + key.getClass().getName()
              + " estimated at "
              + bytes
              + " bytes, above its "
              + "maximumEntryMemory of "
              + maximumEntryBytes
              + " bytes (logged once per cache)";
      logger.log(Level.WARNING, warning);
      CacheObservers.guardWarning(cacheName, creationSite, Rule.OVERSIZE_ENTRY, warning);
    }
    return (int) Math.min(bytes, Integer.MAX_VALUE);
  }

  @Override
  public String toString() {
    return "MemoryWeigher{cache=" + cacheName + ", entryOverhead=" + entryOverhead + '}';
  }
}
