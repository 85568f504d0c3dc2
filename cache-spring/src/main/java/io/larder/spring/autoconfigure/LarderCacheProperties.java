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
   * Memory budget shared by every cache the manager builds: a percentage of the maximum heap
   * ("10%") or a size ("64MB"). A cache whose specification sets no bound still counts against it;
   * one that sets its own (maximumSize, maximumMemory...) is held to both.
   */
  private String memoryBudget = "10%";

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

  /** Returns the health component settings. */
  public Health getHealth() {
    return health;
  }

  /** Settings of the {@code larder} health component. */
  public static class Health {
    /**
     * Memory use, as a percentage of a budget, past which the larder health component reports
     * DOWN; below it, the component is UP and reports the figures and guard warnings.
     */
    private String downThreshold = "100%";

    /** Returns the memory use, as a percentage of a budget, past which health is DOWN. */
    public String getDownThreshold() {
      return downThreshold;
    }

    /** Sets the memory use, as a percentage of a budget, past which health is DOWN. */
    public void setDownThreshold(String downThreshold) {
      this.downThreshold = downThreshold;
    }
  }
}
