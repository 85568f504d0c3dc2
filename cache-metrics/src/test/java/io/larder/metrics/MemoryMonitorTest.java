package io.larder.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each alert of the memory monitor fires on a synthetic history and stays quiet on a healthy one.
 */
class MemoryMonitorTest {
  private static final long MB = 1L << 20;

  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicReference<HeapUsage> heap =
      new AtomicReference<>(new HeapUsage(0, 1024 * MB));
  private final List<MemoryAlert> raised = new ArrayList<>();
  private final List<MemoryAlert> resolved = new ArrayList<>();
  private MemoryMonitor monitor = newMonitor(MemoryMonitor.builder());

  /** Closes the current monitor (its meters leave the registry) and builds another. */
  private MemoryMonitor replaceMonitor(MemoryMonitor.Builder builder) {
    monitor.close();
    raised.clear();
    resolved.clear();
    return newMonitor(builder);
  }

  private MemoryMonitor newMonitor(MemoryMonitor.Builder builder) {
    MemoryMonitor built = builder.clock(clock).heapReader(heap::get).registry(registry).build();
    built.addListener(
        new MemoryAlertListener() {
          @Override
          public void onAlert(MemoryAlert alert) {
            raised.add(alert);
          }

          @Override
          public void onResolved(MemoryAlert alert) {
            resolved.add(alert);
          }
        });
    return built;
  }

  @AfterEach
  void close() {
    monitor.close();
  }

  private List<MemoryAlert> sampleAfter(Duration step) {
    clock.add(step);
    return monitor.sample();
  }

  private double alertCount(MemoryAlert.Kind kind) {
    return registry.get("larder.memory.alerts").tag("alert", kind.tagValue()).counter().count();
  }

  @Test
  void alertsWhenACacheReachesTheShareOfItsBudget() {
    FakeInsightSource cache = FakeInsightSource.withBudget("users", 100 * MB).bytes(50 * MB);
    monitor.watchAny(cache);
    assertThat(monitor.sample()).isEmpty();

    cache.bytes(91 * MB);
    List<MemoryAlert> alerts = sampleAfter(Duration.ofSeconds(30));

    assertThat(alerts)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.kind()).isEqualTo(MemoryAlert.Kind.CACHE_NEAR_BUDGET);
              assertThat(alert.cacheName()).isEqualTo("users");
              assertThat(alert.observed()).isEqualTo(0.91);
              assertThat(alert.threshold()).isEqualTo(MemoryMonitor.DEFAULT_BUDGET_SHARE);
              assertThat(alert.timeMillis()).isEqualTo(clock.wallTime());
              assertThat(alert.message()).contains("users", "91%");
            });
    assertThat(raised).containsExactlyElementsOf(alerts);
    assertThat(alertCount(MemoryAlert.Kind.CACHE_NEAR_BUDGET)).isEqualTo(1);
  }

  @Test
  void raisesABudgetAlertOnceWhileItHoldsAndResolvesIt() {
    FakeInsightSource cache = FakeInsightSource.withBudget("users", 100 * MB).bytes(95 * MB);
    monitor.watchAny(cache);
    assertThat(monitor.sample()).hasSize(1);
    assertThat(sampleAfter(Duration.ofSeconds(30))).isEmpty();
    assertThat(monitor.activeAlerts()).hasSize(1);

    cache.bytes(60 * MB);
    assertThat(sampleAfter(Duration.ofSeconds(30))).isEmpty();

    assertThat(resolved)
        .singleElement()
        .extracting(MemoryAlert::kind)
        .isEqualTo(MemoryAlert.Kind.CACHE_NEAR_BUDGET);
    assertThat(monitor.activeAlerts()).isEmpty();
    assertThat(alertCount(MemoryAlert.Kind.CACHE_NEAR_BUDGET)).isEqualTo(1);
  }

  @Test
  void staysQuietWhileCachesAreWithinTheirBudgets() {
    monitor.watchAny(FakeInsightSource.withBudget("a", 100 * MB).bytes(89 * MB));
    monitor.watchAny(FakeInsightSource.withBudget("b", 100 * MB).bytes(0));
    for (int i = 0; i < 20; i++) {
      assertThat(sampleAfter(Duration.ofSeconds(30))).isEmpty();
    }
    assertThat(raised).isEmpty();
    assertThat(alertCount(MemoryAlert.Kind.CACHE_NEAR_BUDGET)).isZero();
  }

  @Test
  void alertsWhenAnUnboundedCacheGrowsAtEverySampleAcrossTheWindow() {
    FakeInsightSource cache = FakeInsightSource.unbounded("sessions").bytes(10 * MB);
    monitor.watchAny(cache);
    List<MemoryAlert> alerts = monitor.sample();
    // +1 MB a sample: after the tenth sample the window holds 10..19 MB, +90%.
    for (int i = 1; i < MemoryMonitor.DEFAULT_GROWTH_SAMPLES; i++) {
      assertThat(alerts).isEmpty();
      cache.bytes((10 + i) * MB);
      alerts = sampleAfter(Duration.ofSeconds(30));
    }

    assertThat(alerts)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.kind()).isEqualTo(MemoryAlert.Kind.UNBOUNDED_GROWTH);
              assertThat(alert.cacheName()).isEqualTo("sessions");
              assertThat(alert.observed()).isEqualTo(0.9);
              assertThat(alert.threshold()).isEqualTo(MemoryMonitor.DEFAULT_GROWTH_RATIO);
            });
    assertThat(alertCount(MemoryAlert.Kind.UNBOUNDED_GROWTH)).isEqualTo(1);
  }

  @Test
  void staysQuietWhenAnUnboundedCacheLevelsOffOrGrowsLittle() {
    FakeInsightSource flat = FakeInsightSource.unbounded("flat");
    FakeInsightSource slow = FakeInsightSource.unbounded("slow");
    FakeInsightSource sawtooth = FakeInsightSource.unbounded("sawtooth");
    monitor.watchAny(flat).watchAny(slow).watchAny(sawtooth);
    for (int i = 0; i < 40; i++) {
      flat.bytes(100 * MB);
      slow.bytes(100 * MB + i * 1024); // strictly growing, but far less than +20% in 10 samples
      sawtooth.bytes((i % 5 == 4) ? 10 * MB : (10 + 10 * i) * MB); // grows, then drops
      assertThat(sampleAfter(Duration.ofSeconds(30))).isEmpty();
    }
    assertThat(alertCount(MemoryAlert.Kind.UNBOUNDED_GROWTH)).isZero();
  }

  @Test
  void doesNotReportGrowthOfABoundedCache() {
    FakeInsightSource cache = FakeInsightSource.withBudget("bounded", 1024 * MB);
    monitor.watchAny(cache);
    for (int i = 0; i < 20; i++) {
      cache.bytes((10 + i) * MB);
      assertThat(sampleAfter(Duration.ofSeconds(30))).isEmpty();
    }
  }

  @Test
  void growthAlertHonoursTheConfiguredWindowRatioAndFloor() {
    monitor =
        replaceMonitor(
            MemoryMonitor.builder().growthSamples(3).growthRatio(0.5).growthMinimumBytes(2 * MB));
    FakeInsightSource cache = FakeInsightSource.unbounded("tiny");
    monitor.watchAny(cache);
    cache.bytes(1024);
    monitor.sample();
    cache.bytes(2048);
    monitor.sample();
    cache.bytes(4096); // +300%, but only 3 KB: under the floor
    assertThat(monitor.sample()).isEmpty();

    cache.bytes(3 * MB); // 2 KB, 4 KB, 3 MB: strictly growing, by about 3 MB and far over +50%
    assertThat(monitor.sample())
        .extracting(MemoryAlert::kind)
        .containsExactly(MemoryAlert.Kind.UNBOUNDED_GROWTH);
  }

  @Test
  void alertsWhenTheHeapAfterGcIsNearlyFullAndCachesHoldMuchOfIt() {
    monitor.watchAny(FakeInsightSource.unbounded("big").bytes(300 * MB));
    heap.set(new HeapUsage(500 * MB, 1000 * MB));
    assertThat(monitor.sample()).isEmpty();

    heap.set(new HeapUsage(850 * MB, 1000 * MB)); // 85% full, caches hold 35% of it
    List<MemoryAlert> alerts = sampleAfter(Duration.ofSeconds(30));

    assertThat(alerts)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.kind()).isEqualTo(MemoryAlert.Kind.HEAP_AFTER_GC);
              assertThat(alert.cacheName()).isNull();
              assertThat(alert.observed()).isEqualTo(0.85);
              assertThat(alert.threshold()).isEqualTo(MemoryMonitor.DEFAULT_HEAP_AFTER_GC_SHARE);
            });
    assertThat(alertCount(MemoryAlert.Kind.HEAP_AFTER_GC)).isEqualTo(1);

    heap.set(new HeapUsage(400 * MB, 1000 * MB));
    assertThat(sampleAfter(Duration.ofSeconds(30))).isEmpty();
    assertThat(resolved)
        .extracting(MemoryAlert::kind)
        .containsExactly(MemoryAlert.Kind.HEAP_AFTER_GC);
  }

  @Test
  void staysQuietWhenTheHeapIsFullOfSomethingElseOrHasRoom() {
    FakeInsightSource cache = FakeInsightSource.unbounded("small").bytes(100 * MB);
    monitor.watchAny(cache);
    heap.set(new HeapUsage(950 * MB, 1000 * MB)); // full, but caches hold about 11% of it
    assertThat(monitor.sample()).isEmpty();

    cache.bytes(700 * MB);
    heap.set(new HeapUsage(750 * MB, 1000 * MB)); // caches hold most, but 75% < 80%
    assertThat(sampleAfter(Duration.ofSeconds(30))).isEmpty();

    heap.set(new HeapUsage(0, 0)); // nothing known yet
    assertThat(sampleAfter(Duration.ofSeconds(30))).isEmpty();
    assertThat(raised).isEmpty();
  }

  @Test
  void keepsAShortHistoryOfSamples() {
    monitor = replaceMonitor(MemoryMonitor.builder().historySize(3));
    FakeInsightSource cache = FakeInsightSource.unbounded("c");
    monitor.watchAny(cache);
    for (int i = 1; i <= 5; i++) {
      cache.bytes(i * MB);
      heap.set(new HeapUsage(i * 10 * MB, 1000 * MB));
      sampleAfter(Duration.ofSeconds(1));
    }
    List<MemorySample> history = monitor.history();
    assertThat(history)
        .extracting(MemorySample::cachesEstimatedBytes)
        .containsExactly(3 * MB, 4 * MB, 5 * MB);
    assertThat(history)
        .extracting(s -> s.heap().usedAfterGcBytes())
        .containsExactly(30 * MB, 40 * MB, 50 * MB);
    assertThat(history.get(2).timeMillis()).isEqualTo(clock.wallTime());
    assertThat(history.get(2).caches())
        .singleElement()
        .satisfies(reading -> assertThat(reading.name()).isEqualTo("c"));
    assertThat(registry.get("larder.memory.caches.estimated").gauge().value()).isEqualTo(5.0 * MB);
  }

  @Test
  void holdsWatchedCachesWeakly() {
    WeakReference<FakeInsightSource> ref = watchUnreferencedCache();
    assertThat(monitor.watchedCount()).isEqualTo(1);

    assertThat(GarbageCollection.awaitCleared(ref, Duration.ofSeconds(30))).isTrue();
    monitor.sample();
    assertThat(monitor.watchedCount()).isZero();
  }

  private WeakReference<FakeInsightSource> watchUnreferencedCache() {
    FakeInsightSource cache = FakeInsightSource.withBudget("dropped", MB).bytes(MB);
    monitor.watchAny(cache);
    assertThat(monitor.sample()).hasSize(1);
    return new WeakReference<>(cache);
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheOthers() {
    List<MemoryAlert> seen = new ArrayList<>();
    monitor.addListener(
        alert -> {
          throw new IllegalStateException("listener failure");
        });
    monitor.addListener(seen::add);
    monitor.watchAny(FakeInsightSource.withBudget("x", MB).bytes(MB));
    assertThat(monitor.sample()).hasSize(1);
    assertThat(seen).hasSize(1);
    assertThat(raised).hasSize(1);
  }

  @Test
  void closeUnregistersMetersDropsListenersAndStopsSampling() {
    monitor.watchAny(FakeInsightSource.withBudget("x", MB).bytes(MB));
    assertThat(registry.find("larder.memory.alerts").counters()).hasSize(3);

    monitor.close();

    assertThat(registry.getMeters()).isEmpty();
    assertThat(monitor.sample()).isEmpty();
    assertThat(raised).isEmpty();
    assertThat(monitor.watchedCount()).isZero();
    assertThatThrownBy(monitor::start).isInstanceOf(IllegalStateException.class);
    monitor.close(); // idempotent
  }

  @Test
  void startsNoThreadUntilStartThenOneDaemonWithoutContextClassLoader() throws Exception {
    monitor = replaceMonitor(MemoryMonitor.builder().interval(Duration.ofHours(1)));
    assertThat(monitorThreads()).isEmpty();

    monitor.start();
    monitor.start(); // no second thread
    List<Thread> threads = monitorThreads();
    assertThat(threads)
        .singleElement()
        .satisfies(
            thread -> {
              assertThat(thread.isDaemon()).isTrue();
              assertThat(thread.getContextClassLoader()).isNull();
            });
    assertThat(monitor.isStarted()).isTrue();

    monitor.close();
    threads.get(0).join(TimeUnit.SECONDS.toMillis(30));
    assertThat(threads.get(0).isAlive()).isFalse();
    assertThat(monitor.isStarted()).isFalse();
  }

  @Test
  void samplesOnACallersExecutorAndLeavesItRunningOnClose() throws Exception {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try {
      monitor =
          replaceMonitor(MemoryMonitor.builder().executor(executor).interval(Duration.ofMillis(1)));
      monitor.watchAny(FakeInsightSource.withBudget("x", MB).bytes(MB));
      monitor.start();
      // Wait, with a deadline, for the scheduled sample to raise the alert.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (monitor.activeAlerts().isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(monitor.activeAlerts()).hasSize(1);
      assertThat(monitorThreads()).isEmpty();

      monitor.close();
      assertThat(executor.isShutdown()).isFalse();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void builderRejectsOutOfRangeSettingsNamingThem() {
    MemoryMonitor.Builder builder = MemoryMonitor.builder();
    assertThatThrownBy(() -> builder.budgetShare(1.5)).hasMessageContaining("budgetShare");
    assertThatThrownBy(() -> builder.heapAfterGcShare(0)).hasMessageContaining("heapAfterGcShare");
    assertThatThrownBy(() -> builder.cacheShareOfHeap(Double.NaN))
        .hasMessageContaining("cacheShareOfHeap");
    assertThatThrownBy(() -> builder.growthSamples(1)).hasMessageContaining("growthSamples");
    assertThatThrownBy(() -> builder.growthRatio(-0.1)).hasMessageContaining("growthRatio");
    assertThatThrownBy(() -> builder.growthMinimumBytes(-1))
        .hasMessageContaining("growthMinimumBytes");
    assertThatThrownBy(() -> builder.historySize(0)).hasMessageContaining("historySize");
    assertThatThrownBy(() -> builder.interval(Duration.ZERO)).hasMessageContaining("interval");
  }

  @Test
  void rejectsWhatIsNotALarderCache() {
    assertThatThrownBy(() -> monitor.watchAny(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a Larder cache");
  }

  @Test
  void readsThePlatformHeap() {
    HeapUsage usage = HeapReader.platform().read();
    assertThat(usage.maxBytes()).isPositive();
    assertThat(usage.usedAfterGcBytes()).isBetween(0L, usage.maxBytes());
  }

  private static List<Thread> monitorThreads() {
    List<Thread> found = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals("larder-memory-monitor") && thread.isAlive()) {
        found.add(thread);
      }
    }
    return found;
  }
}
