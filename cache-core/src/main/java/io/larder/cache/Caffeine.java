package io.larder.cache;

import static java.util.Objects.requireNonNull;

import io.larder.cache.internal.CacheSettings;
import io.larder.cache.internal.CacheSettings.Strength;
import io.larder.cache.internal.CreationSite;
import io.larder.cache.internal.LocalCacheFactory;
import io.larder.cache.stats.ConcurrentStatsCounter;
import io.larder.cache.stats.StatsCounter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A builder of {@link Cache}, {@link LoadingCache}, {@link AsyncCache} and {@link
 * AsyncLoadingCache} instances, with Caffeine 3.2.4's methods, validation and defaults.
 *
 * <p>Each setting may be given at most once; a setting given twice is an {@link
 * IllegalStateException}, a bad value an {@link IllegalArgumentException}, and a {@code null} a
 * {@link NullPointerException}, as in Caffeine. Messages name the setting and the value.
 *
 * <p>Larder additions, documented as such on each method: {@link #name(String)}, {@link
 * #maximumMemory(long)}, {@link #maximumHeapFraction(double)}, {@link #memoryBudget(MemoryBudget)}
 * {@link #maximumEntryMemory(long)} and {@link #leakGuard(LeakGuard)}.
 *
 * @param <K> the most general key type this builder creates caches for
 * @param <V> the most general value type this builder creates caches for
 */
public final class Caffeine<K, V> {
  private static final Logger logger = System.getLogger(Caffeine.class.getName());
  private static final int UNSET = CacheSettings.UNSET;

  boolean strictParsing = true;
  private @Nullable String name;
  private long maximumSize = UNSET;
  private long maximumWeight = UNSET;
  private int initialCapacity = UNSET;
  private long expireAfterWriteNanos = UNSET;
  private long expireAfterAccessNanos = UNSET;
  private long refreshAfterWriteNanos = UNSET;
  private @Nullable RemovalListener<? super K, ? super V> evictionListener;
  private @Nullable RemovalListener<? super K, ? super V> removalListener;
  private @Nullable Supplier<? extends StatsCounter> statsCounterSupplier;
  private @Nullable Weigher<? super K, ? super V> weigher;
  private @Nullable Expiry<? super K, ? super V> expiry;
  private @Nullable Scheduler scheduler;
  private @Nullable Executor executor;
  private @Nullable Ticker ticker;
  private @Nullable Strength keyStrength;
  private @Nullable Strength valueStrength;
  private long maximumMemoryBytes = UNSET;
  private long maximumEntryMemoryBytes = UNSET;
  private @Nullable MemoryBudget memoryBudget;
  private @Nullable LeakGuard leakGuard;

  private Caffeine() {}

  /** Constructs a new builder with default settings: strong keys and values, no bounds. */
  public static Caffeine<Object, Object> newBuilder() {
    return new Caffeine<>();
  }

  /** Constructs a new builder with the settings of the specification. */
  public static Caffeine<Object, Object> from(CaffeineSpec spec) {
    Caffeine<Object, Object> builder = spec.toBuilder();
    builder.strictParsing = false;
    return builder;
  }

  /** Constructs a new builder with the settings of the specification string. */
  public static Caffeine<Object, Object> from(String spec) {
    return from(CaffeineSpec.parse(spec));
  }

  /**
   * Names the cache in Larder's log messages, guard warnings and metrics. <b>A Larder addition</b>:
   * Caffeine has no such setting.
   *
   * @throws IllegalArgumentException if the name is blank
   * @throws IllegalStateException if a name was already set
   */
  public Caffeine<K, V> name(String name) {
    requireNonNull(name, "name");
    requireState(this.name == null, "name was already set to %s", this.name);
    requireArgument(!name.isBlank(), "name must not be blank but was '%s'", name);
    this.name = name;
    return this;
  }

  /** Sets the minimum total size for the internal data structures. */
  public Caffeine<K, V> initialCapacity(int initialCapacity) {
    requireState(
        this.initialCapacity == UNSET,
        "initial capacity was already set to %s",
        this.initialCapacity);
    requireArgument(
        initialCapacity >= 0, "initial capacity must not be negative but was %s", initialCapacity);
    this.initialCapacity = initialCapacity;
    return this;
  }

  /**
   * Specifies the executor to use when running asynchronous tasks: listeners, asynchronous loads
   * and refreshes, and maintenance. The default is {@link ForkJoinPool#commonPool()}.
   */
  public Caffeine<K, V> executor(Executor executor) {
    requireState(this.executor == null, "executor was already set to %s", this.executor);
    this.executor = requireNonNull(executor, "executor");
    return this;
  }

  /** Specifies the scheduler to use when scheduling routine maintenance based on an expiration. */
  public Caffeine<K, V> scheduler(Scheduler scheduler) {
    requireState(this.scheduler == null, "scheduler was already set to %s", this.scheduler);
    this.scheduler = requireNonNull(scheduler, "scheduler");
    return this;
  }

  /** Specifies the maximum number of entries the cache may contain. */
  public Caffeine<K, V> maximumSize(long maximumSize) {
    requireState(this.maximumSize == UNSET, "maximum size was already set to %s", this.maximumSize);
    requireState(
        this.maximumWeight == UNSET, "maximum weight was already set to %s", this.maximumWeight);
    requireState(this.weigher == null, "maximum size cannot be combined with weigher");
    requireNoMaximumMemory("maximumSize", maximumSize);
    requireArgument(maximumSize >= 0, "maximum size must not be negative but was %s", maximumSize);
    this.maximumSize = maximumSize;
    return this;
  }

  /** Specifies the maximum weight of entries the cache may contain; requires a weigher. */
  public Caffeine<K, V> maximumWeight(long maximumWeight) {
    requireState(
        this.maximumWeight == UNSET, "maximum weight was already set to %s", this.maximumWeight);
    requireState(this.maximumSize == UNSET, "maximum size was already set to %s", this.maximumSize);
    requireArgument(
        maximumWeight >= 0, "maximum weight must not be negative but was %s", maximumWeight);
    requireNoMaximumMemory("maximumWeight", maximumWeight);
    this.maximumWeight = maximumWeight;
    return this;
  }

  /** Specifies the weigher to use in determining the weight of entries. */
  public <K1 extends K, V1 extends V> Caffeine<K1, V1> weigher(
      Weigher<? super K1, ? super V1> weigher) {
    requireNonNull(weigher, "weigher");
    requireState(this.weigher == null, "weigher was already set to %s", this.weigher);
    requireState(
        !strictParsing || this.maximumSize == UNSET,
        "weigher cannot be combined with maximum size");
    requireNoMaximumMemory("weigher", weigher);
    Caffeine<K1, V1> self = cast();
    self.weigher = weigher;
    return self;
  }

  /**
   * Bounds the cache by the estimated retained size of its entries, in bytes. <b>A Larder
   * addition</b>: the cache estimates each entry's size (key, value and its own per-entry
   * structures) when it is written, and evicts by its usual policy so that the estimated total
   * stays within {@code bytes}. No weigher is needed.
   *
   * <p>Such a cache is weighted: {@link Policy#eviction()} reports {@code isWeighted()} as {@code
   * true}, and its weights, weighted size and maximum are in bytes (each entry's estimate is
   * clamped to {@link Integer#MAX_VALUE}). {@link CacheInsight#estimatedBytes()} is the exact sum
   * of the entries' estimates. An asynchronous cache weighs a future as its value once complete and
   * as {@code 0} while in flight, as it does with a weigher.
   *
   * @throws IllegalArgumentException if {@code bytes} is not positive
   * @throws IllegalStateException if a memory bound, {@code maximumSize}, {@code maximumWeight} or
   *     a weigher was already set
   */
  public Caffeine<K, V> maximumMemory(long bytes) {
    requireState(
        maximumMemoryBytes == UNSET,
        "maximumMemory was already set to %s bytes",
        maximumMemoryBytes);
    requireNoCountOrWeight("maximumMemory");
    requireArgument(
        bytes > 0, "maximumMemory must be a positive number of bytes but was %s", bytes);
    this.maximumMemoryBytes = bytes;
    return this;
  }

  /**
   * Bounds the cache by the estimated retained size of its entries, as a fraction of the JVM's
   * maximum heap ({@link Runtime#maxMemory()}). <b>A Larder addition</b>; see {@link
   * #maximumMemory(long)}.
   *
   * @throws IllegalArgumentException if {@code fraction} is not in {@code (0, 1]}
   * @throws IllegalStateException as {@link #maximumMemory(long)}
   */
  public Caffeine<K, V> maximumHeapFraction(double fraction) {
    return maximumMemory(MemoryBudget.heapFractionToBytes("maximumHeapFraction", fraction));
  }

  /**
   * Adds the cache to a byte budget shared with other caches. <b>A Larder addition</b>; see {@link
   * MemoryBudget}. It combines with {@link #maximumMemory(long)} (the cache then evicts when either
   * its own bound or the shared one is exceeded); without it the cache is bounded only by the
   * shared budget. The cache is weighted in bytes, so {@link Policy#eviction()} reports bytes.
   *
   * <p>It cannot be combined with {@code maximumSize}, {@code maximumWeight} or a weigher: the
   * shared budget needs each entry's weight to be its estimated bytes; bound the cache with {@code
   * maximumMemory} instead.
   *
   * @throws IllegalStateException if a budget, {@code maximumSize}, {@code maximumWeight} or a
   *     weigher was already set
   */
  public Caffeine<K, V> memoryBudget(MemoryBudget budget) {
    requireNonNull(budget, "memoryBudget");
    requireState(memoryBudget == null, "memoryBudget was already set to %s", memoryBudget);
    requireNoCountOrWeight("memoryBudget");
    this.memoryBudget = budget;
    return this;
  }

  /**
   * Sets the thresholds of the leak guards for this cache, overriding the {@code larder.guard*}
   * system properties (which are otherwise read when the cache is built). <b>A Larder addition</b>:
   * Caffeine has no guards. Pass {@link LeakGuard#disabled()} for exactly Caffeine's behaviour.
   *
   * @throws IllegalStateException if a guard was already set
   */
  public Caffeine<K, V> leakGuard(LeakGuard guard) {
    requireNonNull(guard, "leakGuard");
    requireState(leakGuard == null, "leakGuard was already set to %s", leakGuard);
    this.leakGuard = guard;
    return this;
  }

  /**
   * Refuses to keep an entry whose estimated retained size exceeds {@code bytes}: it is evicted at
   * once with cause SIZE, as an overweight entry is, and logged once per cache. <b>A Larder
   * addition</b>.
   *
   * <p>The cache is weighted in bytes, as with {@link #maximumMemory(long)}, so it cannot be
   * combined with {@code maximumSize}, {@code maximumWeight} or a weigher. The cap is not a bound
   * on the cache's total size: without a memory bound or budget, the cache may hold any number of
   * entries, so {@link CacheInsight#isBounded()} says false and the leak guard watches it as it
   * watches a cache with no bound at all.
   *
   * @throws IllegalArgumentException if {@code bytes} is not positive
   * @throws IllegalStateException if it, {@code maximumSize}, {@code maximumWeight} or a weigher
   *     was already set
   */
  public Caffeine<K, V> maximumEntryMemory(long bytes) {
    requireState(
        maximumEntryMemoryBytes == UNSET,
        "maximumEntryMemory was already set to %s bytes",
        maximumEntryMemoryBytes);
    requireNoCountOrWeight("maximumEntryMemory");
    requireArgument(
        bytes > 0, "maximumEntryMemory must be a positive number of bytes but was %s", bytes);
    this.maximumEntryMemoryBytes = bytes;
    return this;
  }

  /** Rejects a count or weight bound when a memory setting, which weighs in bytes, is set. */
  private void requireNoMaximumMemory(String setting, Object value) {
    requireState(
        maximumMemoryBytes == UNSET,
        "%s (%s) cannot be combined with maximumMemory (set to %s bytes)",
        setting,
        value,
        maximumMemoryBytes);
    requireState(
        memoryBudget == null,
        "%s (%s) cannot be combined with memoryBudget (set to %s)",
        setting,
        value,
        memoryBudget);
    requireState(
        maximumEntryMemoryBytes == UNSET,
        "%s (%s) cannot be combined with maximumEntryMemory (set to %s bytes)",
        setting,
        value,
        maximumEntryMemoryBytes);
  }

  /** Rejects a memory setting, which weighs in bytes, when a count or weight bound is set. */
  private void requireNoCountOrWeight(String setting) {
    requireState(
        maximumSize == UNSET,
        "%s cannot be combined with maximumSize (set to %s)",
        setting,
        maximumSize);
    requireState(
        maximumWeight == UNSET,
        "%s cannot be combined with maximumWeight (set to %s)",
        setting,
        maximumWeight);
    requireState(
        weigher == null, "%s cannot be combined with a weigher (set to %s)", setting, weigher);
  }

  /** Specifies that each key should be wrapped in a weak reference and compared by identity. */
  public Caffeine<K, V> weakKeys() {
    requireState(keyStrength == null, "Key strength was already set to %s", keyStrength);
    keyStrength = Strength.WEAK;
    return this;
  }

  /** Specifies that each value should be wrapped in a weak reference. */
  public Caffeine<K, V> weakValues() {
    requireState(valueStrength == null, "Value strength was already set to %s", valueStrength);
    valueStrength = Strength.WEAK;
    return this;
  }

  /** Specifies that each value should be wrapped in a soft reference. */
  public Caffeine<K, V> softValues() {
    requireState(valueStrength == null, "Value strength was already set to %s", valueStrength);
    valueStrength = Strength.SOFT;
    return this;
  }

  /** Specifies that each entry should be removed once the duration has elapsed after its write. */
  public Caffeine<K, V> expireAfterWrite(Duration duration) {
    return expireAfterWrite(Durations.toNanosSaturated(duration), TimeUnit.NANOSECONDS);
  }

  /** Specifies that each entry should be removed once the duration has elapsed after its write. */
  public Caffeine<K, V> expireAfterWrite(long duration, TimeUnit unit) {
    requireState(
        expireAfterWriteNanos == UNSET,
        "expireAfterWrite was already set to %s ns",
        expireAfterWriteNanos);
    requireState(expiry == null, "expireAfterWrite may not be used with variable expiration");
    requireArgument(duration >= 0, "duration cannot be negative: %s %s", duration, unit);
    this.expireAfterWriteNanos = unit.toNanos(duration);
    return this;
  }

  /**
   * Specifies that each entry should be removed once the duration has elapsed after its last read
   * or write.
   */
  public Caffeine<K, V> expireAfterAccess(Duration duration) {
    return expireAfterAccess(Durations.toNanosSaturated(duration), TimeUnit.NANOSECONDS);
  }

  /**
   * Specifies that each entry should be removed once the duration has elapsed after its last read
   * or write.
   */
  public Caffeine<K, V> expireAfterAccess(long duration, TimeUnit unit) {
    requireState(
        expireAfterAccessNanos == UNSET,
        "expireAfterAccess was already set to %s ns",
        expireAfterAccessNanos);
    requireState(expiry == null, "expireAfterAccess may not be used with variable expiration");
    requireArgument(duration >= 0, "duration cannot be negative: %s %s", duration, unit);
    this.expireAfterAccessNanos = unit.toNanos(duration);
    return this;
  }

  /** Specifies that each entry should be removed when its variable expiration time has passed. */
  public <K1 extends K, V1 extends V> Caffeine<K1, V1> expireAfter(
      Expiry<? super K1, ? super V1> expiry) {
    requireNonNull(expiry, "expiry");
    requireState(this.expiry == null, "Expiry was already set to %s", this.expiry);
    requireState(
        this.expireAfterAccessNanos == UNSET, "Expiry may not be used with expiresAfterAccess");
    requireState(
        this.expireAfterWriteNanos == UNSET, "Expiry may not be used with expiresAfterWrite");
    Caffeine<K1, V1> self = cast();
    self.expiry = expiry;
    return self;
  }

  /**
   * Specifies that an entry is eligible for an automatic refresh once the duration has elapsed
   * after its write; the refresh happens on the next read.
   */
  public Caffeine<K, V> refreshAfterWrite(Duration duration) {
    return refreshAfterWrite(Durations.toNanosSaturated(duration), TimeUnit.NANOSECONDS);
  }

  /**
   * Specifies that an entry is eligible for an automatic refresh once the duration has elapsed
   * after its write; the refresh happens on the next read.
   */
  public Caffeine<K, V> refreshAfterWrite(long duration, TimeUnit unit) {
    requireNonNull(unit, "unit");
    requireState(
        refreshAfterWriteNanos == UNSET,
        "refreshAfterWriteNanos was already set to %s ns",
        refreshAfterWriteNanos);
    requireArgument(duration > 0, "duration must be positive: %s %s", duration, unit);
    this.refreshAfterWriteNanos = unit.toNanos(duration);
    return this;
  }

  /** Specifies a nanosecond-precision time source for use in determining when entries expire. */
  public Caffeine<K, V> ticker(Ticker ticker) {
    requireState(this.ticker == null, "Ticker was already set to %s", this.ticker);
    this.ticker = requireNonNull(ticker, "ticker");
    return this;
  }

  /**
   * Specifies a listener that is notified synchronously, during the removal, each time an entry is
   * evicted (size, expiration or collection).
   */
  public <K1 extends K, V1 extends V> Caffeine<K1, V1> evictionListener(
      RemovalListener<? super K1, ? super V1> evictionListener) {
    requireState(
        this.evictionListener == null,
        "eviction listener was already set to %s",
        this.evictionListener);
    Caffeine<K1, V1> self = cast();
    self.evictionListener = requireNonNull(evictionListener, "evictionListener");
    return self;
  }

  /**
   * Specifies a listener that is notified, on the executor, each time an entry is removed for any
   * reason.
   */
  public <K1 extends K, V1 extends V> Caffeine<K1, V1> removalListener(
      RemovalListener<? super K1, ? super V1> removalListener) {
    requireState(
        this.removalListener == null,
        "removal listener was already set to %s",
        this.removalListener);
    Caffeine<K1, V1> self = cast();
    self.removalListener = requireNonNull(removalListener, "removalListener");
    return self;
  }

  /** Enables the accumulation of {@link io.larder.cache.stats.CacheStats}. */
  public Caffeine<K, V> recordStats() {
    requireState(this.statsCounterSupplier == null, "Statistics recording was already set");
    statsCounterSupplier = ConcurrentStatsCounter::new;
    return this;
  }

  /** Enables the accumulation of statistics with the supplied counter. */
  public Caffeine<K, V> recordStats(Supplier<? extends StatsCounter> statsCounterSupplier) {
    requireState(this.statsCounterSupplier == null, "Statistics recording was already set");
    requireNonNull(statsCounterSupplier, "statsCounterSupplier");
    this.statsCounterSupplier = () -> StatsCounter.guardedStatsCounter(statsCounterSupplier.get());
    return this;
  }

  /** Builds a cache which does not automatically load values when keys are requested. */
  public <K1 extends K, V1 extends V> Cache<K1, V1> build() {
    requireWeightWithWeigher();
    requireNonLoadingCache();
    Caffeine<K1, V1> self = cast();
    return LocalCacheFactory.newManualCache(self.settings());
  }

  /** Builds a cache which loads values on demand with the {@code loader}. */
  public <K1 extends K, V1 extends V> LoadingCache<K1, V1> build(
      CacheLoader<? super K1, V1> loader) {
    requireWeightWithWeigher();
    requireNonNull(loader, "loader");
    Caffeine<K1, V1> self = cast();
    return LocalCacheFactory.newLoadingCache(self.settings(), loader);
  }

  /** Builds an asynchronous cache which does not load values when keys are requested. */
  public <K1 extends K, V1 extends V> AsyncCache<K1, V1> buildAsync() {
    requireState(valueStrength == null, "Weak or soft values cannot be combined with AsyncCache");
    requireState(
        keyStrength == null || evictionListener == null,
        "Weak keys cannot be combined with eviction listener and AsyncLoadingCache");
    requireWeightWithWeigher();
    requireNonLoadingCache();
    Caffeine<K1, V1> self = cast();
    return LocalCacheFactory.newAsyncCache(self.settings());
  }

  /** Builds an asynchronous cache which loads values on demand with the {@code loader}. */
  public <K1 extends K, V1 extends V> AsyncLoadingCache<K1, V1> buildAsync(
      CacheLoader<? super K1, V1> loader) {
    return buildAsync((AsyncCacheLoader<? super K1, V1>) loader);
  }

  /** Builds an asynchronous cache which loads values on demand with the {@code loader}. */
  public <K1 extends K, V1 extends V> AsyncLoadingCache<K1, V1> buildAsync(
      AsyncCacheLoader<? super K1, V1> loader) {
    requireState(
        valueStrength == null, "Weak or soft values cannot be combined with AsyncLoadingCache");
    requireState(
        keyStrength == null || evictionListener == null,
        "Weak keys cannot be combined with eviction listener and AsyncLoadingCache");
    requireWeightWithWeigher();
    requireNonNull(loader, "loader");
    Caffeine<K1, V1> self = cast();
    return LocalCacheFactory.newAsyncLoadingCache(self.settings(), loader);
  }

  private void requireNonLoadingCache() {
    requireState(refreshAfterWriteNanos == UNSET, "refreshAfterWrite requires a LoadingCache");
  }

  private void requireWeightWithWeigher() {
    if (weigher == null) {
      requireState(maximumWeight == UNSET, "maximumWeight requires weigher");
    } else if (strictParsing) {
      requireState(maximumWeight != UNSET, "weigher requires maximumWeight");
    } else if (maximumWeight == UNSET) {
      logger.log(Level.WARNING, "ignoring weigher specified without maximumWeight");
    }
  }

  /** Resolves the defaults and wraps the strategies, as the cache will use them. */
  private CacheSettings<K, V> settings() {
    boolean weighted = (weigher != null) && (maximumWeight != UNSET);
    Weigher<? super K, ? super V> effectiveWeigher =
        (weigher == null || weigher == Weigher.singletonWeigher())
            ? Weigher.singletonWeigher()
            : Weigher.boundedWeigher(weigher);
    boolean timed =
        expiry != null
            || expireAfterAccessNanos != UNSET
            || expireAfterWriteNanos != UNSET
            || refreshAfterWriteNanos != UNSET;
    Ticker effectiveTicker =
        timed ? ((ticker == null) ? Ticker.systemTicker() : ticker) : Ticker.disabledTicker();
    String site = CreationSite.ofCaller();
    return new CacheSettings<>(
        (name == null) ? site : name,
        site,
        initialCapacity,
        maximumSize,
        weighted ? maximumWeight : UNSET,
        effectiveWeigher,
        weighted,
        keyStrength == Strength.WEAK,
        (valueStrength == null) ? Strength.STRONG : valueStrength,
        expireAfterWriteNanos,
        expireAfterAccessNanos,
        expiry,
        refreshAfterWriteNanos,
        effectiveTicker,
        Ticker.systemTicker(),
        (executor == null) ? ForkJoinPool.commonPool() : executor,
        effectiveScheduler(),
        evictionListener,
        removalListener,
        statsCounterSupplier,
        maximumMemoryBytes,
        maximumEntryMemoryBytes,
        (memoryBudget == null) ? null : memoryBudget.shared(),
        (leakGuard == null) ? LeakGuard.fromSystemProperties() : leakGuard);
  }

  private Scheduler effectiveScheduler() {
    if (scheduler == null || scheduler == Scheduler.disabledScheduler()) {
      return Scheduler.disabledScheduler();
    } else if (scheduler == Scheduler.systemScheduler()) {
      return scheduler;
    }
    return Scheduler.guardedScheduler(scheduler);
  }

  @SuppressWarnings("unchecked")
  private <K1 extends K, V1 extends V> Caffeine<K1, V1> cast() {
    return (Caffeine<K1, V1>) this;
  }

  static void requireArgument(boolean expression, String template, @Nullable Object... args) {
    if (!expression) {
      throw new IllegalArgumentException(String.format(Locale.US, template, args));
    }
  }

  static void requireState(boolean expression, String template, @Nullable Object... args) {
    if (!expression) {
      throw new IllegalStateException(String.format(Locale.US, template, args));
    }
  }

  /**
   * Returns the settings given so far, as in Caffeine (for example {@code
   * Caffeine{maximumSize=10}}).
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(64).append("Caffeine{");
    int baseLength = s.length();
    appendIfSet(s, "initialCapacity=", initialCapacity, "");
    appendIfSet(s, "maximumSize=", maximumSize, "");
    appendIfSet(s, "maximumWeight=", maximumWeight, "");
    appendIfSet(s, "maximumMemory=", maximumMemoryBytes, "B");
    appendIfSet(s, "maximumEntryMemory=", maximumEntryMemoryBytes, "B");
    if (memoryBudget != null) {
      s.append("memoryBudget, ");
    }
    appendIfSet(s, "expireAfterWrite=", expireAfterWriteNanos, "ns");
    appendIfSet(s, "expireAfterAccess=", expireAfterAccessNanos, "ns");
    if (expiry != null) {
      s.append("expiry, ");
    }
    appendIfSet(s, "refreshAfterWrite=", refreshAfterWriteNanos, "ns");
    if (keyStrength != null) {
      s.append("keyStrength=").append(keyStrength.toString().toLowerCase(Locale.US)).append(", ");
    }
    if (valueStrength != null) {
      s.append("valueStrength=")
          .append(valueStrength.toString().toLowerCase(Locale.US))
          .append(", ");
    }
    if (evictionListener != null) {
      s.append("evictionListener, ");
    }
    if (removalListener != null) {
      s.append("removalListener, ");
    }
    if (s.length() > baseLength) {
      s.setLength(s.length() - 2);
    }
    return s.append('}').toString();
  }

  private static void appendIfSet(StringBuilder s, String label, long value, String unit) {
    if (value != UNSET) {
      s.append(label).append(value).append(unit).append(", ");
    }
  }
}
