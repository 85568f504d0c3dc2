package io.larder.metrics;

import org.jspecify.annotations.Nullable;

/**
 * An alert raised by the {@link MemoryMonitor}: what was found, about which cache, when, and the
 * observed value against the threshold it crossed.
 *
 * @param kind what the monitor found
 * @param cacheName the name of the cache concerned, or {@code null} for a heap alert
 * @param timeMillis the wall time of the sample that raised it, in epoch milliseconds
 * @param observed the observed value: a share for {@link Kind#CACHE_NEAR_BUDGET} and {@link
 *     Kind#HEAP_AFTER_GC} (of the budget, of the maximum heap), the growth over the window for
 *     {@link Kind#UNBOUNDED_GROWTH} (0.5 for +50%)
 * @param threshold the threshold that {@code observed} reached, in the same unit
 * @param message a sentence for people, as logged
 */
public record MemoryAlert(
    Kind kind,
    @Nullable String cacheName,
    long timeMillis,
    double observed,
    double threshold,
    String message) {

  /** What the monitor found; {@link #tagValue()} is the meter tag and alert-rule label. */
  public enum Kind {
    /** A cache holds at least a given share of its byte budget. */
    CACHE_NEAR_BUDGET("cache-near-budget"),
    /** An unbounded cache's estimated bytes grew at every sample across the window, by a margin. */
    UNBOUNDED_GROWTH("unbounded-growth"),
    /** The heap after GC is nearly full while the watched caches hold a large share of it. */
    HEAP_AFTER_GC("heap-after-gc");

    private final String tagValue;

    Kind(String tagValue) {
      this.tagValue = tagValue;
    }

    /** Returns the value of the {@code alert} tag of {@code larder.memory.alerts}. */
    public String tagValue() {
      return tagValue;
    }
  }
}
