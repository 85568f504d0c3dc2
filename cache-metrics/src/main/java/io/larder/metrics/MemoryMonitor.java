package io.larder.metrics;

import static java.util.Objects.requireNonNull;

import io.larder.cache.AsyncCache;
import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.lang.System.Logger.Level;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Watches Larder caches and the heap, keeps a short history of samples, and raises alerts to
 * listeners, to the log ({@link System.Logger}, at {@code WARNING}) and to the counter {@code
 * larder.memory.alerts{alert=...}}.
 *
 * <p>Three conditions raise an alert; each is raised when it starts to hold, not again while it
 * persists, and is resolved (listeners' {@link MemoryAlertListener#onResolved}) when it stops:
 *
 * <ol>
 *   <li>{@link MemoryAlert.Kind#CACHE_NEAR_BUDGET}: a cache with a byte budget holds at least
 *       {@link Builder#budgetShare(double) budgetShare} of it (default 0.90);
 *   <li>{@link MemoryAlert.Kind#UNBOUNDED_GROWTH}: a cache with no bound at all grew its estimated
 *       bytes at every one of the last {@link Builder#growthSamples(int) growthSamples} samples
 *       (default 10), and by at least {@link Builder#growthRatio(double) growthRatio} over them
 *       (default 0.20, that is +20%) and {@link Builder#growthMinimumBytes(long)
 *       growthMinimumBytes} (default 0);
 *   <li>{@link MemoryAlert.Kind#HEAP_AFTER_GC}: the heap used after GC is at least {@link
 *       Builder#heapAfterGcShare(double) heapAfterGcShare} of the maximum heap (default 0.80) while
 *       the watched caches' estimated bytes are at least {@link Builder#cacheShareOfHeap(double)
 *       cacheShareOfHeap} of that used heap (default 0.30).
 * </ol>
 *
 * <p>The monitor holds caches weakly: a watched cache that its application drops is
 * garbage-collected and leaves the monitor at the next sample. It starts no thread until {@link
 * #start()}: then it samples every {@link Builder#interval(Duration) interval} (default 30 seconds)
 * on one daemon thread of its own, which has no context class loader and inherits no thread-local
 * values, or on a {@link Builder#executor(ScheduledExecutorService) caller's executor}. {@link
 * #sample()} takes a sample at once, on the caller's thread. {@link #close()} stops sampling,
 * removes the monitor's meters and forgets its caches and listeners.
 *
 * <p>Meters, with the builder's tags: {@code larder.memory.alerts} (counter, tag {@code alert}:
 * {@code cache-near-budget}, {@code unbounded-growth} or {@code heap-after-gc}: alerts raised),
 * {@code larder.memory.alerts.active} (gauge, same tag: alerts raised and not yet resolved) and
 * {@code larder.memory.caches.estimated} (gauge, bytes: the watched caches' estimated bytes at the
 * last sample).
 */
public final class MemoryMonitor implements AutoCloseable {

  /** The default share of a cache's byte budget that raises an alert. */
  public static final double DEFAULT_BUDGET_SHARE = 0.90;

  /** The default number of consecutive growing samples that raises an unbounded-growth alert. */
  public static final int DEFAULT_GROWTH_SAMPLES = 10;

  /** The default growth over the window that raises an unbounded-growth alert (+20%). */
  public static final double DEFAULT_GROWTH_RATIO = 0.20;

  /** The default share of the maximum heap, used after GC, that can raise a heap alert. */
  public static final double DEFAULT_HEAP_AFTER_GC_SHARE = 0.80;

  /** The default share of the used heap that the caches must hold for a heap alert. */
  public static final double DEFAULT_CACHE_SHARE_OF_HEAP = 0.30;

  /** The default number of samples kept in the history. */
  public static final int DEFAULT_HISTORY_SIZE = 120;

  /** The default time between samples once {@link #start() started}. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  private static final System.Logger LOGGER = System.getLogger(MemoryMonitor.class.getName());
  private static final String THREAD_NAME = "larder-memory-monitor";

  private final MemoryAlertRules rules;
  private final int historySize;
  private final Duration interval;
  private final Clock clock;
  private final HeapReader heapReader;
  private final @Nullable ScheduledExecutorService callerExecutor;
  private final @Nullable MeterRegistry registry;

  private final List<MemoryAlertListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Meter> meters = new ArrayList<>();
  private final Map<MemoryAlert.Kind, Counter> alertCounters =
      new EnumMap<>(MemoryAlert.Kind.class);

  // Guarded by this.
  private final List<Watched> watched = new ArrayList<>();
  private final ArrayDeque<MemorySample> history = new ArrayDeque<>();
  private final Map<Object, MemoryAlert> activeAlerts = new HashMap<>();
  private @Nullable ScheduledExecutorService ownExecutor;
  private @Nullable ScheduledFuture<?> task;
  private boolean closed;

  private volatile long lastCachesBytes;

  private MemoryMonitor(Builder builder) {
    this.rules =
        new MemoryAlertRules(
            builder.budgetShare,
            builder.growthSamples,
            builder.growthRatio,
            builder.growthMinimumBytes,
            builder.heapAfterGcShare,
            builder.cacheShareOfHeap);
    this.historySize = builder.historySize;
    this.interval = builder.interval;
    this.clock = builder.clock;
    this.heapReader = builder.heapReader;
    this.callerExecutor = builder.executor;
    this.registry = builder.registry;
    if (registry != null) {
      registerMeters(registry, builder.tags);
    }
  }

  /** Returns a builder with the documented defaults. */
  public static Builder builder() {
    return new Builder();
  }

  private void registerMeters(MeterRegistry registry, Tags tags) {
    for (MemoryAlert.Kind kind : MemoryAlert.Kind.values()) {
      Counter counter =
          Counter.builder("larder.memory.alerts")
              .tags(tags)
              .tag("alert", kind.tagValue())
              .description("The number of memory alerts raised by Larder's memory monitor")
              .register(registry);
      alertCounters.put(kind, counter);
      meters.add(counter);
      // A level, not a count: an alert rule on it fires once for a condition that persists and
      // resolves when the monitor resolves the alert, not five minutes after it was raised.
      meters.add(
          Gauge.builder("larder.memory.alerts.active", this, m -> m.activeAlertCount(kind))
              .tags(tags)
              .tag("alert", kind.tagValue())
              .description("The number of memory alerts of this kind raised and not yet resolved")
              .register(registry));
    }
    meters.add(
        Gauge.builder("larder.memory.caches.estimated", this, m -> m.lastCachesBytes)
            .tags(tags)
            .baseUnit(BaseUnits.BYTES)
            .description("The estimated bytes of the caches the memory monitor watches")
            .register(registry));
  }

  /**
   * Watches a Larder cache, weakly; watching a cache twice has no further effect.
   *
   * @param cache a cache built by Larder's {@code Caffeine} builder
   * @return this monitor
   * @throws IllegalArgumentException if it is not a Larder cache
   */
  public MemoryMonitor watch(Cache<?, ?> cache) {
    return watchAny(cache);
  }

  /**
   * Watches a Larder asynchronous cache, weakly; watching a cache twice has no further effect.
   *
   * @param cache a cache built by Larder's {@code Caffeine} builder
   * @return this monitor
   * @throws IllegalArgumentException if it is not a Larder cache
   */
  public MemoryMonitor watch(AsyncCache<?, ?> cache) {
    return watchAny(cache);
  }

  /** Watches anything that {@link CacheInsight#of(Object)} answers for. */
  synchronized MemoryMonitor watchAny(Object cache) {
    requireNonNull(cache, "cache");
    if (CacheInsight.of(cache).isEmpty()) {
      throw new IllegalArgumentException("not a Larder cache: " + cache.getClass().getName());
    }
    if (!closed && indexOf(cache) < 0) {
      watched.add(new Watched(cache, rules.growthSamples()));
    }
    return this;
  }

  /**
   * Stops watching a cache and drops its alerts without resolving them.
   *
   * @param cache a cache given to {@code watch}
   * @return whether it was watched
   */
  public synchronized boolean unwatch(Object cache) {
    int index = indexOf(cache);
    if (index < 0) {
      return false;
    }
    Watched removed = watched.remove(index);
    activeAlerts
        .keySet()
        .removeIf(key -> (key instanceof AlertKey alertKey) && alertKey.watched == removed);
    return true;
  }

  private int indexOf(Object cache) {
    for (int i = 0; i < watched.size(); i++) {
      if (watched.get(i).ref.get() == cache) {
        return i;
      }
    }
    return -1;
  }

  /** Adds a listener for alerts; listeners are dropped at {@link #close()}. */
  public MemoryMonitor addListener(MemoryAlertListener listener) {
    listeners.add(requireNonNull(listener, "listener"));
    return this;
  }

  /** Removes a listener; returns whether it was registered. */
  public boolean removeListener(MemoryAlertListener listener) {
    return listeners.remove(listener);
  }

  /**
   * Starts sampling every interval, on the builder's executor or on one daemon thread of the
   * monitor's own; calling it again has no effect.
   *
   * @throws IllegalStateException if the monitor is closed
   */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("the memory monitor is closed");
    }
    if (task != null) {
      return;
    }
    ScheduledExecutorService executor = callerExecutor;
    if (executor == null) {
      executor = Executors.newSingleThreadScheduledExecutor(MemoryMonitor::newThread);
      ownExecutor = executor;
    }
    long nanos = interval.toNanos();
    task =
        executor.scheduleWithFixedDelay(this::sampleOnSchedule, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  /** Returns whether {@link #start()} was called and {@link #close()} was not. */
  public synchronized boolean isStarted() {
    return task != null;
  }

  private static Thread newThread(Runnable runnable) {
    // No inherited thread-locals and no context class loader: the thread pins nothing of the
    // application that started it except this library's classes, and only until close().
    Thread thread = new Thread(null, runnable, THREAD_NAME, 0, false);
    thread.setDaemon(true);
    thread.setContextClassLoader(null);
    return thread;
  }

  private void sampleOnSchedule() {
    try {
      sample();
    } catch (RuntimeException e) {
      LOGGER.log(Level.WARNING, "Larder's memory monitor failed to take a sample", e);
    }
  }

  /**
   * Takes a sample now, on the caller's thread: reads the heap and every watched cache, adds the
   * sample to the history, and raises and resolves alerts.
   *
   * @return the alerts this sample raised (not those still active from before)
   */
  public List<MemoryAlert> sample() {
    List<MemoryAlert> raised = new ArrayList<>();
    List<MemoryAlert> resolved = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return List.of();
      }
      long now = clock.wallTime();
      HeapUsage heap = heapReader.read();
      List<MemorySample.CacheReading> readings = new ArrayList<>(watched.size());
      Map<Object, MemoryAlert> firing = new HashMap<>();
      long cachesBytes = 0;
      for (Iterator<Watched> it = watched.iterator(); it.hasNext(); ) {
        Watched entry = it.next();
        Object cache = entry.ref.get();
        Optional<CacheInsight> found = (cache == null) ? Optional.empty() : CacheInsight.of(cache);
        if (found.isEmpty()) {
          it.remove();
          continue;
        }
        CacheInsight insight = found.get();
        MemorySample.CacheReading reading =
            new MemorySample.CacheReading(
                insight.name(),
                insight.estimatedBytes(),
                insight.maximumBytes(),
                insight.isBounded());
        readings.add(reading);
        cachesBytes += reading.estimatedBytes();
        entry.record(reading.estimatedBytes());
        rules
            .nearBudget(reading, now)
            .ifPresent(alert -> firing.put(new AlertKey(alert.kind(), entry), alert));
        rules
            .unboundedGrowth(reading, entry.recentBytes(), now)
            .ifPresent(alert -> firing.put(new AlertKey(alert.kind(), entry), alert));
      }
      rules
          .heapAfterGc(heap, cachesBytes, now)
          .ifPresent(alert -> firing.put(alert.kind(), alert));
      lastCachesBytes = cachesBytes;
      history.addLast(new MemorySample(now, heap, cachesBytes, readings));
      while (history.size() > historySize) {
        history.removeFirst();
      }
      // Alerts of caches that were collected or unwatched go without notice.
      activeAlerts
          .keySet()
          .removeIf(
              key -> (key instanceof AlertKey alertKey) && !watched.contains(alertKey.watched));
      for (Iterator<Map.Entry<Object, MemoryAlert>> it = activeAlerts.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<Object, MemoryAlert> active = it.next();
        if (!firing.containsKey(active.getKey())) {
          resolved.add(active.getValue());
          it.remove();
        }
      }
      for (Map.Entry<Object, MemoryAlert> candidate : firing.entrySet()) {
        if (!activeAlerts.containsKey(candidate.getKey())) {
          activeAlerts.put(candidate.getKey(), candidate.getValue());
          raised.add(candidate.getValue());
        }
      }
    }
    // Listeners and the log run outside the lock, so a slow listener blocks no other caller.
    for (MemoryAlert alert : raised) {
      announce(alert);
    }
    for (MemoryAlert alert : resolved) {
      LOGGER.log(Level.INFO, "Resolved: {0}", alert.message());
      for (MemoryAlertListener listener : listeners) {
        try {
          listener.onResolved(alert);
        } catch (RuntimeException e) {
          LOGGER.log(Level.WARNING, "A memory alert listener failed", e);
        }
      }
    }
    return raised;
  }

  private void announce(MemoryAlert alert) {
    LOGGER.log(Level.WARNING, alert.message());
    Counter counter = alertCounters.get(alert.kind());
    if (counter != null) {
      counter.increment();
    }
    for (MemoryAlertListener listener : listeners) {
      try {
        listener.onAlert(alert);
      } catch (RuntimeException e) {
        LOGGER.log(Level.WARNING, "A memory alert listener failed", e);
      }
    }
  }

  /** Returns the samples kept, oldest first: at most the builder's history size. */
  public synchronized List<MemorySample> history() {
    return List.copyOf(history);
  }

  /** Returns the alerts raised and not yet resolved. */
  public synchronized List<MemoryAlert> activeAlerts() {
    return List.copyOf(activeAlerts.values());
  }

  private synchronized double activeAlertCount(MemoryAlert.Kind kind) {
    return activeAlerts.values().stream().filter(alert -> alert.kind() == kind).count();
  }

  /** Returns the number of watched caches that were alive at the last sample or since watched. */
  public synchronized int watchedCount() {
    return watched.size();
  }

  /**
   * Stops sampling (shutting down the monitor's own thread, or cancelling its task on a caller's
   * executor, which stays running), removes its meters from the registry, and forgets its caches,
   * listeners, history and alerts. Calling it again has no effect.
   */
  @Override
  public void close() {
    ScheduledExecutorService executor;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (task != null) {
        task.cancel(false);
        task = null;
      }
      executor = ownExecutor;
      ownExecutor = null;
      watched.clear();
      history.clear();
      activeAlerts.clear();
    }
    if (executor != null) {
      executor.shutdownNow();
    }
    listeners.clear();
    if (registry != null) {
      for (Meter meter : meters) {
        registry.remove(meter);
      }
    }
    meters.clear();
  }

  /** A watched cache, held weakly, with its last estimated sizes for the growth rule. */
  private static final class Watched {
    final WeakReference<Object> ref;
    final long[] recent;
    int count;
    int next;

    Watched(Object cache, int window) {
      this.ref = new WeakReference<>(cache);
      this.recent = new long[window];
    }

    void record(long estimatedBytes) {
      recent[next] = estimatedBytes;
      next = (next + 1) % recent.length;
      count = Math.min(count + 1, recent.length);
    }

    /** Returns the sizes recorded, at most the window's, oldest first. */
    long[] recentBytes() {
      long[] bytes = new long[count];
      int oldest = next - count + recent.length;
      for (int i = 0; i < count; i++) {
        bytes[i] = recent[(oldest + i) % recent.length];
      }
      return bytes;
    }
  }

  /** Identifies an alert about one watched cache. */
  private static final class AlertKey {
    final MemoryAlert.Kind kind;
    final Watched watched;

    AlertKey(MemoryAlert.Kind kind, Watched watched) {
      this.kind = kind;
      this.watched = watched;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return (o instanceof AlertKey other) && other.kind == kind && other.watched == watched;
    }

    @Override
    public int hashCode() {
      return 31 * kind.hashCode() + System.identityHashCode(watched);
    }
  }

  /**
   * Configures a {@link MemoryMonitor}. Every setting has a documented default; shares are
   * fractions in {@code (0, 1]}.
   */
  public static final class Builder {
    private double budgetShare = DEFAULT_BUDGET_SHARE;
    private int growthSamples = DEFAULT_GROWTH_SAMPLES;
    private double growthRatio = DEFAULT_GROWTH_RATIO;
    private long growthMinimumBytes;
    private double heapAfterGcShare = DEFAULT_HEAP_AFTER_GC_SHARE;
    private double cacheShareOfHeap = DEFAULT_CACHE_SHARE_OF_HEAP;
    private int historySize = DEFAULT_HISTORY_SIZE;
    private Duration interval = DEFAULT_INTERVAL;
    private Clock clock = Clock.SYSTEM;
    private HeapReader heapReader = HeapReader.platform();
    private @Nullable ScheduledExecutorService executor;
    private @Nullable MeterRegistry registry;
    private Tags tags = Tags.empty();

    private Builder() {}

    /** Sets the share of a cache's byte budget that raises an alert; default 0.90. */
    public Builder budgetShare(double share) {
      this.budgetShare = requireShare("budgetShare", share);
      return this;
    }

    /**
     * Sets how many consecutive samples an unbounded cache must grow at before an alert; at least
     * 2; default 10.
     */
    public Builder growthSamples(int samples) {
      if (samples < 2) {
        throw new IllegalArgumentException("growthSamples must be at least 2, but was " + samples);
      }
      this.growthSamples = samples;
      return this;
    }

    /**
     * Sets the growth over the window that an unbounded cache must also reach, as a fraction of its
     * first size (0.2 for +20%); at least 0; default 0.20.
     */
    public Builder growthRatio(double ratio) {
      if (!(ratio >= 0) || Double.isInfinite(ratio)) {
        throw new IllegalArgumentException("growthRatio must be at least 0, but was " + ratio);
      }
      this.growthRatio = ratio;
      return this;
    }

    /**
     * Sets how many bytes an unbounded cache must also have grown by over the window, so that a
     * small cache does not page anyone; default 0.
     */
    public Builder growthMinimumBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException(
            "growthMinimumBytes must be at least 0, but was " + bytes);
      }
      this.growthMinimumBytes = bytes;
      return this;
    }

    /** Sets the share of the maximum heap, used after GC, that can raise an alert; default 0.80. */
    public Builder heapAfterGcShare(double share) {
      this.heapAfterGcShare = requireShare("heapAfterGcShare", share);
      return this;
    }

    /**
     * Sets the share of the heap used after GC that the watched caches must hold for a heap alert;
     * default 0.30.
     */
    public Builder cacheShareOfHeap(double share) {
      this.cacheShareOfHeap = requireShare("cacheShareOfHeap", share);
      return this;
    }

    /** Sets how many samples the history keeps; at least 1; default 120. */
    public Builder historySize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("historySize must be at least 1, but was " + size);
      }
      this.historySize = size;
      return this;
    }

    /** Sets the time between samples once started; positive; default 30 seconds. */
    public Builder interval(Duration interval) {
      requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval must be positive, but was " + interval);
      }
      this.interval = interval;
      return this;
    }

    /** Sets the clock that stamps samples and alerts; default {@link Clock#SYSTEM}. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Sets where heap readings come from; default {@link HeapReader#platform()}. */
    public Builder heapReader(HeapReader heapReader) {
      this.heapReader = requireNonNull(heapReader, "heapReader");
      return this;
    }

    /**
     * Sets the executor that {@link #start()} schedules sampling on, instead of a thread of the
     * monitor's own; the caller shuts it down, {@link #close()} only cancels the monitor's task.
     */
    public Builder executor(ScheduledExecutorService executor) {
      this.executor = requireNonNull(executor, "executor");
      return this;
    }

    /** Sets the registry for the monitor's meters; default none. */
    public Builder registry(MeterRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    /** Sets tags added to the monitor's meters, as key and value pairs. */
    public Builder tags(String... tags) {
      return tags(Tags.of(tags));
    }

    /** Sets tags added to the monitor's meters. */
    public Builder tags(Iterable<Tag> tags) {
      this.tags = Tags.of(requireNonNull(tags, "tags"));
      return this;
    }

    /** Returns a monitor with these settings, which samples nothing until started. */
    public MemoryMonitor build() {
      return new MemoryMonitor(this);
    }

    private static double requireShare(String name, double share) {
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException(name + " must be in (0, 1], but was " + share);
      }
      return share;
    }
  }
}
