package io.larder.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the auto-configured {@link io.larder.spring.LarderCacheManager}, under {@code
 * larder.cache}. Values are checked at start-up; a bad one fails it with an error that names the
 * property and the value.
 */
@ConfigurationProperties("larder.cache")
public class LarderCacheProperties {
  /**
   * Specification of every cache without one of its own, in Caffeine's grammar plus Larder's
   * maximumMemory (for example "maximumSize=10000,expireAfterWrite=10m" or "maximumMemory=64m").
   * Takes precedence over spring.cache.caffeine.spec, which is honoured when this is not set.
   */
  private @Nullable String spec;

  /** Specification of individual caches, by cache name; replaces the common one for that cache. */
  private Map<String, String> specs = new LinkedHashMap<>();

  /**
   * Memory budget shared by the caches the manager builds: a percentage of the maximum heap ("10%")
   * or a size ("64MB"). Every cache counts against it, one with its own maximumMemory too (held to
   * both), except a cache whose specification sets maximumSize or maximumWeight, which keeps that
   * bound only (Larder cannot yet combine an entry bound with a byte budget).
   */
  private String memoryBudget = "10%";

  /**
   * Whether the manager builds asynchronous caches, which @Cacheable methods returning
   * CompletableFuture, Mono or Flux need (as spring.cache.caffeine's async mode).
   */
  private boolean async = false;

  /** Whether the caches accept null values, stored as a marker. */
  private boolean allowNullValues = true;

  /** Whether the caches record statistics, which the cache.gets, cache.puts... meters report. */
  private boolean recordStats = true;

  /**
   * Whether to create a cache for a name the manager does not know. Defaults to true, or to false
   * when spring.cache.cache-names lists the caches (as Spring Boot does for Caffeine).
   */
  private @Nullable Boolean dynamic;

  /**
   * Maximum number of caches created on demand (for names neither in spring.cache.cache-names nor
   * in larder.cache.specs); asking for one more fails with an error that names the cache.
   */
  private int maxCaches = 100;

  /** Health component settings. */
  private final Health health = new Health();

  /** Returns the specification of every cache without one of its own. */
  public @Nullable String getSpec() {
    return spec;
  }

  /** Sets the specification of every cache without one of its own. */
  public void setSpec(@Nullable String spec) {
    this.spec = spec;
  }

  /** Returns the per-cache specifications, by cache name. */
  public Map<String, String> getSpecs() {
    return specs;
  }

  /** Sets the per-cache specifications, by cache name. */
  public void setSpecs(Map<String, String> specs) {
    this.specs = specs;
  }

  /** Returns the shared memory budget, as given: a percentage of the heap or a size. */
  public String getMemoryBudget() {
    return memoryBudget;
  }

  /** Sets the shared memory budget: a percentage of the heap ("10%") or a size ("64MB"). */
  public void setMemoryBudget(String memoryBudget) {
    this.memoryBudget = memoryBudget;
  }

  /** Returns whether caches are created on demand; {@code null} when not configured. */
  public @Nullable Boolean getDynamic() {
    return dynamic;
  }

  /** Sets whether caches are created on demand. */
  public void setDynamic(@Nullable Boolean dynamic) {
    this.dynamic = dynamic;
  }

  /** Returns the maximum number of caches created on demand. */
  public int getMaxCaches() {
    return maxCaches;
  }

  /** Sets the maximum number of caches created on demand. */
  public void setMaxCaches(int maxCaches) {
    this.maxCaches = maxCaches;
  }

  /** Returns whether the manager builds asynchronous caches. */
  public boolean isAsync() {
    return async;
  }

  /** Sets whether the manager builds asynchronous caches. */
  public void setAsync(boolean async) {
    this.async = async;
  }

  /** Returns whether the caches accept null values. */
  public boolean isAllowNullValues() {
    return allowNullValues;
  }

  /** Sets whether the caches accept null values. */
  public void setAllowNullValues(boolean allowNullValues) {
    this.allowNullValues = allowNullValues;
  }

  /** Returns whether the caches record statistics. */
  public boolean isRecordStats() {
    return recordStats;
  }

  /** Sets whether the caches record statistics. */
  public void setRecordStats(boolean recordStats) {
    this.recordStats = recordStats;
  }

  /** Returns the health component settings. */
  public Health getHealth() {
    return health;
  }

  /**
   * Settings of the {@code larder} health component. A full budget is healthy: it is the normal
   * state of a warm cache. The component is DOWN only when the heap is nearly full after garbage
   * collection and Larder's caches hold a large share of it, a state that a restart does cure (for
   * a while) and that the caches' bounds should have prevented; softer signals (a budget over 100%,
   * guard warnings, unbounded caches) are reported as details of an UP component.
   */
  public static class Health {
    /** Heap used after GC, as a percentage of the maximum heap, from which health may be DOWN. */
    private String heapAfterGcDownThreshold = "95%";

    /**
     * Share of the heap used after GC that Larder's caches must hold, as a percentage, for health
     * to be DOWN when the heap is past heap-after-gc-down-threshold.
     */
    private String cacheShareDownThreshold = "50%";

    /** Returns the heap use after GC from which health may be DOWN, as a percentage. */
    public String getHeapAfterGcDownThreshold() {
      return heapAfterGcDownThreshold;
    }

    /** Sets the heap use after GC from which health may be DOWN, as a percentage. */
    public void setHeapAfterGcDownThreshold(String heapAfterGcDownThreshold) {
      this.heapAfterGcDownThreshold = heapAfterGcDownThreshold;
    }

    /** Returns the caches' share of the heap after GC needed for DOWN, as a percentage. */
    public String getCacheShareDownThreshold() {
      return cacheShareDownThreshold;
    }

    /** Sets the caches' share of the heap after GC needed for DOWN, as a percentage. */
    public void setCacheShareDownThreshold(String cacheShareDownThreshold) {
      this.cacheShareDownThreshold = cacheShareDownThreshold;
    }
  }
}
