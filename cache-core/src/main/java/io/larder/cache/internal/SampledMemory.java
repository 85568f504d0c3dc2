package io.larder.cache.internal;

import io.larder.cache.internal.memory.SizeEstimator;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Estimates the retained size of a cache that does not track memory entry by entry (a size- or
 * weight-bounded cache, or one bounded only by time or references): the mean estimated size of the
 * first {@value #SAMPLE_SIZE} entries in table order, plus the cache's own per-entry structures,
 * times the number of entries. Its cost is bounded by the sample, so metrics may read it on every
 * scrape; it is an extrapolation, exact only when entries are alike.
 */
final class SampledMemory {
  static final int SAMPLE_SIZE = 32;

  private SampledMemory() {}

  /** Creates the estimator on first use only, so that a cache never built pays nothing. */
  private static final class Estimator {
    static final SizeEstimator INSTANCE = SizeEstimator.forCurrentJvm();
  }

  /** Returns the extrapolated estimate of the cache's retained bytes; 0 when it is empty. */
  static long estimate(LocalCache<?, ?> cache) {
    long entries = cache.estimatedSize();
    if (entries <= 0) {
      return 0L;
    }
    SizeEstimator estimator = Estimator.INSTANCE;
    long total = 0L;
    int sampled = 0;
    Iterator<? extends Map.Entry<?, ?>> iterator = cache.entrySet().iterator();
    while (sampled < SAMPLE_SIZE && iterator.hasNext()) {
      Map.Entry<?, ?> entry = iterator.next();
      total += estimator.estimate(entry.getKey(), userValue(entry.getValue()));
      sampled++;
    }
    if (sampled == 0) {
      return 0L;
    }
    long perEntry =
        total / sampled + MemoryWeigher.entryOverhead(estimator.layout(), nodeType(cache));
    return (entries > Long.MAX_VALUE / perEntry) ? Long.MAX_VALUE : entries * perEntry;
  }

  /** Returns the value as the user sees it: a completed future's value, or nothing in flight. */
  private static @Nullable Object userValue(@Nullable Object value) {
    return (value instanceof CompletableFuture<?>)
        ? ((CompletableFuture<?>) value).getNow(null)
        : value;
  }

  /** Returns the class of the storage's per-entry node (none of its own for the plain map). */
  private static Class<?> nodeType(LocalCache<?, ?> cache) {
    if (cache instanceof BoundedLocalCache<?, ?>) {
      for (Object node : ((BoundedLocalCache<?, ?>) cache).data.values()) {
        return node.getClass();
      }
    }
    return Object.class;
  }
}
