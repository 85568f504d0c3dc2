package io.larder.spring.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of Larder's memory monitor, under {@code larder.monitor}: the monitor samples the
 * caches and the heap on one daemon thread of its own ({@code larder-memory-monitor}), started and
 * stopped with the application context, logs its alerts and counts them in meters.
 */
@ConfigurationProperties("larder.monitor")
public class LarderMonitorProperties {
  /** Whether to run the memory monitor (and its thread) with the application context. */
  private boolean enabled = true;

  /** Time between two samples of the caches and the heap. */
  private Duration interval = Duration.ofSeconds(30);

  /** Share of its byte budget, as a percentage, from which a cache raises cache-near-budget. */
  private String budgetShare = "90%";

  /** Heap used after GC, as a percentage of the maximum heap, that raises heap-after-gc. */
  private String heapAfterGcShare = "80%";

  /** Share of the used heap, as a percentage, that the caches must hold for heap-after-gc. */
  private String cacheShareOfHeap = "30%";

  /** Growth, as a percentage over the growth window, that raises unbounded-growth. */
  private String growthRatio = "20%";

  /** Number of samples (the growth window) over which an unbounded cache's growth is measured. */
  private int growthSamples = 10;

  /** Returns whether the monitor runs. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Sets whether the monitor runs. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Returns the time between two samples. */
  public Duration getInterval() {
    return interval;
  }

  /** Sets the time between two samples. */
  public void setInterval(Duration interval) {
    this.interval = interval;
  }

  /** Returns the budget share that raises cache-near-budget, as a percentage. */
  public String getBudgetShare() {
    return budgetShare;
  }

  /** Sets the budget share that raises cache-near-budget, as a percentage. */
  public void setBudgetShare(String budgetShare) {
    this.budgetShare = budgetShare;
  }

  /** Returns the heap use after GC that raises heap-after-gc, as a percentage. */
  public String getHeapAfterGcShare() {
    return heapAfterGcShare;
  }

  /** Sets the heap use after GC that raises heap-after-gc, as a percentage. */
  public void setHeapAfterGcShare(String heapAfterGcShare) {
    this.heapAfterGcShare = heapAfterGcShare;
  }

  /** Returns the caches' share of the used heap needed for heap-after-gc, as a percentage. */
  public String getCacheShareOfHeap() {
    return cacheShareOfHeap;
  }

  /** Sets the caches' share of the used heap needed for heap-after-gc, as a percentage. */
  public void setCacheShareOfHeap(String cacheShareOfHeap) {
    this.cacheShareOfHeap = cacheShareOfHeap;
  }

  /** Returns the growth that raises unbounded-growth, as a percentage. */
  public String getGrowthRatio() {
    return growthRatio;
  }

  /** Sets the growth that raises unbounded-growth, as a percentage. */
  public void setGrowthRatio(String growthRatio) {
    this.growthRatio = growthRatio;
  }

  /** Returns the number of samples over which growth is measured. */
  public int getGrowthSamples() {
    return growthSamples;
  }

  /** Sets the number of samples over which growth is measured. */
  public void setGrowthSamples(int growthSamples) {
    this.growthSamples = growthSamples;
  }
}
