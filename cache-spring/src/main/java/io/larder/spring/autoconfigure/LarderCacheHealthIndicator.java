package io.larder.spring.autoconfigure;

import io.larder.cache.CacheInsight;
import io.larder.cache.MemoryBudget;
import io.larder.spring.LarderCache;
import io.larder.spring.LarderCacheManager;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code larder} health component: for each {@link LarderCacheManager}, its shared budget and
 * each cache's estimated memory against its budget, bounds and guard warnings. The status is UP
 * until a budget's use passes the configured threshold ({@code
 * larder.cache.health.down-threshold}, 100% by default), then DOWN; guard warnings are reported but
 * never change the status, since they describe code to fix rather than an instance to restart.
 */
public class LarderCacheHealthIndicator extends AbstractHealthIndicator {
  private final Map<String, LarderCacheManager> cacheManagers;
  private final double downThreshold;

  /**
   * Creates the indicator.
   *
   * @param cacheManagers the managers to report, by bean name
   * @param downThreshold the fraction of a budget (1.0 for 100%) past which the status is DOWN
   */
  public LarderCacheHealthIndicator(
      Map<String, LarderCacheManager> cacheManagers, double downThreshold) {
    super("Larder cache health check failed");
    this.cacheManagers = Map.copyOf(cacheManagers);
    this.downThreshold = downThreshold;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    boolean down = false;
    long guardWarnings = 0;
    Map<String, Object> managers = new LinkedHashMap<>();
    for (Map.Entry<String, LarderCacheManager> entry : cacheManagers.entrySet()) {
      LarderCacheManager manager = entry.getValue();
      Map<String, Object> managerDetails = new LinkedHashMap<>();

      MemoryBudget budget = manager.getMemoryBudget();
      long budgetMaximum = budget.maximumBytes();
      long budgetEstimate = budget.estimatedBytes();
      down |= isPastThreshold(budgetEstimate, budgetMaximum);
      managerDetails.put("budget", usage(budgetEstimate, budgetMaximum));

      Map<String, Object> caches = new LinkedHashMap<>();
      for (LarderCache cache : manager.getCaches()) {
        Optional<CacheInsight> found = cache.getInsight();
        if (found.isEmpty()) {
          continue;
        }
        CacheInsight insight = found.get();
        Map<String, Object> details = new LinkedHashMap<>();
        long estimate = insight.estimatedBytes();
        details.put("estimatedBytes", estimate);
        if (insight.maximumBytes().isPresent()) {
          long maximum = insight.maximumBytes().getAsLong();
          details.put("maximumBytes", maximum);
          if (maximum != budgetMaximum) {
            details.put("usage", percent(estimate, maximum));
            down |= isPastThreshold(estimate, maximum);
          }
        }
        insight.maximum().ifPresent(maximum -> details.put("maximum", maximum));
        details.put("bounded", insight.isBounded());
        details.put("loadsInFlight", insight.loadsInFlight());
        details.put("guardWarnings", insight.guardWarnings());
        guardWarnings += insight.guardWarnings();
        caches.put(cache.getName(), details);
      }
      managerDetails.put("caches", caches);
      managers.put(entry.getKey(), managerDetails);
    }
    builder.status(down ? Status.DOWN : Status.UP)
        .withDetail("downThreshold", percent(downThreshold))
        .withDetail("guardWarnings", guardWarnings)
        .withDetail("cacheManagers", managers);
  }

  private boolean isPastThreshold(long estimate, long maximum) {
    return maximum > 0 && estimate > downThreshold * maximum;
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
