package io.larder.spring;

import io.larder.cache.CacheInsight;
import io.larder.cache.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What an application's Larder caches are and how they are bounded, read at one moment: per cache
 * manager its budget and its caches, per cache its bound, entries, estimated bytes and guard
 * warnings. Logged once at start-up (one line per manager) and served at {@code /actuator/larder},
 * so that a check after deployment can assert with one HTTP call that no cache is unbounded and no
 * guard has fired.
 */
public final class LarderCacheInventory {
  private final Map<String, LarderCacheManager> managers;

  private LarderCacheInventory(Map<String, LarderCacheManager> managers) {
    this.managers = managers;
  }

  /** An inventory of the given managers, by bean name. */
  public static LarderCacheInventory of(Map<String, LarderCacheManager> managers) {
    return new LarderCacheInventory(new LinkedHashMap<>(managers));
  }

  /** One cache's line of the inventory. */
  public record CacheFacts(String name, boolean bounded, String bound, long entries,
      long estimatedBytes, long guardWarnings, String creationSite) {}

  /** Returns the facts of every cache, by manager bean name, then in order of cache name. */
  public Map<String, List<CacheFacts>> caches() {
    Map<String, List<CacheFacts>> caches = new LinkedHashMap<>();
    managers.forEach((managerName, manager) -> caches.put(managerName, facts(manager)));
    return caches;
  }

  /** Returns the facts of the manager's caches, in order of cache name. */
  private static List<CacheFacts> facts(LarderCacheManager manager) {
    List<LarderCache> sorted = new ArrayList<>(manager.getCaches());
    sorted.sort(java.util.Comparator.comparing(LarderCache::getName));
    List<CacheFacts> facts = new ArrayList<>(sorted.size());
    for (LarderCache cache : sorted) {
      facts.add(facts(cache));
    }
    return facts;
  }

  /**
   * Returns the inventory as the endpoint serves it: totals ({@code unboundedCaches}, {@code
   * guardWarnings}) and, per manager, its budget and caches.
   */
  public Map<String, Object> describe() {
    Map<String, Object> description = new LinkedHashMap<>();
    Map<String, Object> byManager = new LinkedHashMap<>();
    long unbounded = 0;
    long warnings = 0;
    for (Map.Entry<String, LarderCacheManager> entry : managers.entrySet()) {
      LarderCacheManager manager = entry.getValue();
      Map<String, Object> managerDescription = new LinkedHashMap<>();
      managerDescription.put("budgetMaximumBytes", manager.getMemoryBudget().maximumBytes());
      managerDescription.put("budgetEstimatedBytes", manager.getMemoryBudget().estimatedBytes());
      Map<String, Object> caches = new LinkedHashMap<>();
      for (CacheFacts facts : facts(manager)) {
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("bounded", facts.bounded());
        cache.put("bound", facts.bound());
        cache.put("entries", facts.entries());
        cache.put("estimatedBytes", facts.estimatedBytes());
        cache.put("guardWarnings", facts.guardWarnings());
        cache.put("creationSite", facts.creationSite());
        caches.put(facts.name(), cache);
        unbounded += facts.bounded() ? 0 : 1;
        warnings += facts.guardWarnings();
      }
      managerDescription.put("caches", caches);
      byManager.put(entry.getKey(), managerDescription);
    }
    description.put("unboundedCaches", unbounded);
    description.put("guardWarnings", warnings);
    description.put("cacheManagers", byManager);
    return description;
  }

  /** Returns one log line per manager: its budget and each cache with its bound. */
  public List<String> logLines() {
    List<String> lines = new ArrayList<>();
    managers.forEach((managerName, manager) -> {
      List<CacheFacts> caches = facts(manager);
      StringBuilder line = new StringBuilder(String.format(Locale.US,
          "Larder cache manager '%s': budget %s, %d cache%s", managerName,
          bytes(manager.getMemoryBudget().maximumBytes()), caches.size(),
          (caches.size() == 1) ? "" : "s"));
      String separator = ": ";
      for (CacheFacts facts : caches) {
        line.append(separator).append(facts.name()).append(" (").append(facts.bound())
            .append(')');
        separator = ", ";
      }
      if (manager.isDynamic()) {
        line.append("; caches named on demand are created up to ")
            .append(manager.getMaxDynamicCaches());
      }
      lines.add(line.toString());
    });
    return lines;
  }

  private static CacheFacts facts(LarderCache cache) {
    io.larder.cache.Cache<Object, Object> nativeCache = cache.getNativeCache();
    Policy<Object, Object> policy = nativeCache.policy();
    String expiry = expiry(policy);
    CacheInsight insight = cache.getInsight().orElseThrow();
    String bound;
    if (insight.maximumBytes().isPresent()) {
      bound = "maximumMemory " + bytes(insight.maximumBytes().getAsLong());
    } else if (insight.maximum().isPresent()) {
      bound = (policy.eviction().map(Policy.Eviction::isWeighted).orElse(false)
          ? "maximumWeight " : "maximumSize ") + insight.maximum().getAsLong();
    } else {
      bound = insight.isBounded() ? "bounded" : (expiry.isEmpty() ? "unbounded" : "");
    }
    if (!expiry.isEmpty()) {
      bound = bound.isEmpty() ? expiry : (bound + ", " + expiry);
    }
    boolean bounded = insight.isBounded() || !expiry.isEmpty();
    return new CacheFacts(cache.getName(), bounded, bound, nativeCache.estimatedSize(),
        insight.estimatedBytes(), insight.guardWarnings(), insight.creationSite());
  }

  private static String expiry(Policy<Object, Object> policy) {
    List<String> parts = new ArrayList<>();
    policy.expireAfterWrite().ifPresent(e ->
        parts.add("expireAfterWrite " + duration(e.getExpiresAfter())));
    policy.expireAfterAccess().ifPresent(e ->
        parts.add("expireAfterAccess " + duration(e.getExpiresAfter())));
    policy.expireVariably().ifPresent(e -> parts.add("expireAfter (variable)"));
    return String.join(", ", parts);
  }

  private static String duration(Duration duration) {
    long seconds = duration.toSeconds();
    if ((seconds != 0) && (seconds % TimeUnit.HOURS.toSeconds(1) == 0)) {
      return (seconds / 3600) + "h";
    } else if ((seconds != 0) && (seconds % 60 == 0)) {
      return (seconds / 60) + "m";
    }
    return duration.toString();
  }

  /**
   * Formats a budget in binary units ("1.5 MiB"), or "none" for no budget. The same lines stand in
   * cache-test's {@code LeakRules}, on purpose: see there.
   */
  private static String bytes(long bytes) {
    if (bytes == Long.MAX_VALUE) {
      return "none";
    } else if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while ((value >= 1024) && (unit < units.length - 1)) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.US, "%.1f %s", value, units[unit]);
  }
}
