package io.larder.spring.autoconfigure;

import io.larder.cache.CacheInsight;
import io.larder.cache.MemoryBudget;
import io.larder.metrics.HeapReader;
import io.larder.metrics.HeapUsage;
import io.larder.spring.LarderCache;
import io.larder.spring.LarderCacheManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code larder} health component: for each {@link LarderCacheManager}, its shared budget and
 * each cache's estimated memory against its bounds, and the heap after GC.
 *
 * <p>The status answers one question: would restarting this instance cure a danger that Larder's
 * caches cause? A full budget is not one: it is the normal state of a warm cache, and writes are
 * counted before eviction catches up, so the budget may pass 100% for a moment. The status is DOWN
 * only when the heap used after the last GC is at least {@code
 * larder.cache.health.heap-after-gc-down-threshold} of the maximum heap (95% by default: an {@code
 * OutOfMemoryError} is near) <em>and</em> Larder's caches hold at least {@code
 * larder.cache.health.cache-share-down-threshold} of that heap (50% by default: the caches, not the
 * rest of the application, fill it). Otherwise it is UP, and softer signals are listed under the
 * {@code warnings} detail: a budget past 100%, guard warnings (code to fix, which a restart does
 * not fix), and caches with no bound at all.
 */
public class LarderCacheHealthIndicator extends AbstractHealthIndicator {
  private final Supplier<Map<String, LarderCacheManager>> cacheManagers;
  private final HeapReader heapReader;
  private final double heapAfterGcDownThreshold;
  private final double cacheShareDownThreshold;
  private volatile @Nullable Map<String, LarderCacheManager> found;

  /**
   * Creates the indicator.
   *
   * @param cacheManagers finds the managers to report, by bean name (asked once, at the first
   *     check, when every singleton exists)
   * @param heapReader reads the heap after GC and its maximum
   * @param heapAfterGcDownThreshold the fraction of the maximum heap used after GC (0.95 for 95%)
   *     from which the status may be DOWN
   * @param cacheShareDownThreshold the fraction of the heap used after GC that Larder's caches must
   *     hold for the status to be DOWN
   */
  public LarderCacheHealthIndicator(
      Supplier<Map<String, LarderCacheManager>> cacheManagers,
      HeapReader heapReader,
      double heapAfterGcDownThreshold,
      double cacheShareDownThreshold) {
    super("Larder cache health check failed");
    this.cacheManagers = cacheManagers;
    this.heapReader = heapReader;
    this.heapAfterGcDownThreshold = heapAfterGcDownThreshold;
    this.cacheShareDownThreshold = cacheShareDownThreshold;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    long guardWarnings = 0;
    long cachesBytes = 0;
    List<String> warnings = new ArrayList<>();
    Map<String, Object> managers = new LinkedHashMap<>();
    for (Map.Entry<String, LarderCacheManager> entry : managers().entrySet()) {
      LarderCacheManager manager = entry.getValue();
      Map<String, Object> managerDetails = new LinkedHashMap<>();

      MemoryBudget budget = manager.getMemoryBudget();
      long budgetMaximum = budget.maximumBytes();
      long budgetEstimate = budget.estimatedBytes();
      managerDetails.put("budget", usage(budgetEstimate, budgetMaximum));
      if (budgetMaximum > 0 && budgetEstimate > budgetMaximum) {
        warnings.add(
            String.format(
                Locale.ROOT,
                "the budget of %s is at %s: eviction is catching up with writes",
                entry.getKey(),
                percent(budgetEstimate, budgetMaximum)));
      }

      Map<String, Object> caches = new LinkedHashMap<>();
      for (LarderCache cache : manager.getCaches()) {
        Optional<CacheInsight> insight = cache.getInsight();
        if (insight.isPresent()) {
          caches.put(cache.getName(), cacheDetails(insight.get(), budgetMaximum));
          cachesBytes += insight.get().estimatedBytes();
          guardWarnings += insight.get().guardWarnings();
          if (!insight.get().isBounded()) {
            warnings.add("cache " + cache.getName() + " of " + entry.getKey() + " has no bound");
          }
        }
      }
      managerDetails.put("caches", caches);
      managers.put(entry.getKey(), managerDetails);
    }
    if (guardWarnings > 0) {
      warnings.add(guardWarnings + " guard warnings: the log names the code to fix");
    }

    HeapUsage heap = heapReader.read();
    double cacheShare =
        (heap.usedAfterGcBytes() <= 0) ? 0.0 : ((double) cachesBytes) / heap.usedAfterGcBytes();
    boolean down =
        heap.usedAfterGcRatio() >= heapAfterGcDownThreshold
            && cacheShare >= cacheShareDownThreshold;
    Map<String, Object> heapDetails = new LinkedHashMap<>();
    heapDetails.put("usedAfterGcBytes", heap.usedAfterGcBytes());
    heapDetails.put("maxBytes", heap.maxBytes());
    heapDetails.put("usedAfterGc", percent(heap.usedAfterGcRatio()));
    heapDetails.put("cachesEstimatedBytes", cachesBytes);
    heapDetails.put("cachesShareOfUsedAfterGc", percent(cacheShare));

    builder
        .status(down ? Status.DOWN : Status.UP)
        .withDetail(
            "downWhen",
            String.format(
                Locale.ROOT,
                "heap after GC at least %s of the maximum and Larder's caches at least %s of it",
                percent(heapAfterGcDownThreshold),
                percent(cacheShareDownThreshold)))
        .withDetail("heap", heapDetails)
        .withDetail("guardWarnings", guardWarnings)
        .withDetail("warnings", warnings)
        .withDetail("cacheManagers", managers);
  }

  private Map<String, LarderCacheManager> managers() {
    Map<String, LarderCacheManager> result = found;
    if (result == null) {
      result = cacheManagers.get();
      found = result;
    }
    return result;
  }

  private static Map<String, Object> cacheDetails(CacheInsight insight, long budgetMaximum) {
    Map<String, Object> details = new LinkedHashMap<>();
    long estimate = insight.estimatedBytes();
    details.put("estimatedBytes", estimate);
    if (insight.maximumBytes().isPresent()) {
      long maximum = insight.maximumBytes().getAsLong();
      details.put("maximumBytes", maximum);
      if (maximum != budgetMaximum) {
        details.put("usage", percent(estimate, maximum));
      }
    }
    insight.maximum().ifPresent(maximum -> details.put("maximum", maximum));
    details.put("bounded", insight.isBounded());
    details.put("loadsInFlight", insight.loadsInFlight());
    details.put("guardWarnings", insight.guardWarnings());
    return details;
  }

  private static Map<String, Object> usage(long estimate, long maximum) {
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("estimatedBytes", estimate);
    usage.put("maximumBytes", maximum);
    usage.put("usage", percent(estimate, maximum));
    return usage;
  }

  private static String percent(long estimate, long maximum) {
    return (maximum <= 0) ? "n/a" : percent((double) estimate / maximum);
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100.0);
  }
}
