package io.larder.spring.autoconfigure;

import io.larder.metrics.MemoryAlertListener;
import io.larder.metrics.MemoryMonitor;
import io.larder.spring.LarderCache;
import io.larder.spring.LarderCacheManager;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Runs Larder's {@link MemoryMonitor} while the application context runs: on start it builds a
 * monitor bound to the meter registry, watches every cache of the {@link LarderCacheManager}s
 * (including those created later, and no longer those that leave their manager), adds the {@link
 * MemoryAlertListener} beans and starts sampling on the monitor's own daemon thread; on stop it
 * closes the monitor, which stops its thread and removes its meters.
 */
public class LarderMemoryMonitorLifecycle implements SmartLifecycle {
  private final Supplier<? extends Collection<LarderCacheManager>> cacheManagers;
  private final Supplier<MemoryMonitor.Builder> builders;
  private final @Nullable MeterRegistry registry;
  private final List<MemoryAlertListener> listeners;
  private @Nullable MemoryMonitor monitor;
  private boolean listening;

  /**
   * Creates the lifecycle.
   *
   * @param cacheManagers finds the managers whose caches to watch, when the context starts
   * @param builders gives a monitor builder with the configured thresholds and interval
   * @param registry the registry for the monitor's meters, or {@code null} for none
   * @param listeners the listeners to tell of alerts, besides the log
   */
  public LarderMemoryMonitorLifecycle(
      Supplier<? extends Collection<LarderCacheManager>> cacheManagers,
      Supplier<MemoryMonitor.Builder> builders,
      @Nullable MeterRegistry registry,
      List<MemoryAlertListener> listeners) {
    this.cacheManagers = cacheManagers;
    this.builders = builders;
    this.registry = registry;
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public synchronized void start() {
    if (monitor != null) {
      return;
    }
    MemoryMonitor.Builder builder = builders.get();
    if (registry != null) {
      builder.registry(registry);
    }
    MemoryMonitor started = builder.build();
    listeners.forEach(started::addListener);
    for (LarderCacheManager manager : cacheManagers.get()) {
      if (!listening) {
        manager.addCacheCreationListener(this::watchCreated);
        manager.addCacheRemovalListener(this::unwatchRemoved);
      }
      manager.getCaches().forEach(cache -> watch(started, cache));
    }
    listening = true;
    started.start();
    monitor = started;
  }

  private void watchCreated(LarderCache cache) {
    MemoryMonitor current = getMonitor();
    if (current != null) {
      watch(current, cache);
    }
  }

  private void unwatchRemoved(LarderCache cache) {
    MemoryMonitor current = getMonitor();
    if (current != null) {
      current.unwatch(cache.isAsync() ? cache.getAsyncCache() : cache.getNativeCache());
    }
  }

  @Override
  public synchronized void stop() {
    if (monitor != null) {
      monitor.close();
      monitor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return monitor != null;
  }

  /** Returns the running monitor, or {@code null} when the context is not running. */
  public synchronized @Nullable MemoryMonitor getMonitor() {
    return monitor;
  }

  private static void watch(MemoryMonitor monitor, LarderCache cache) {
    if (cache.getInsight().isEmpty()) {
      return;
    }
    if (cache.isAsync()) {
      monitor.watch(cache.getAsyncCache());
    } else {
      monitor.watch(cache.getNativeCache());
    }
  }
}
