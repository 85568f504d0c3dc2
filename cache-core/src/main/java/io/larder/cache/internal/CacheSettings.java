package io.larder.cache.internal;

import io.larder.cache.Expiry;
import io.larder.cache.LeakGuard;
import io.larder.cache.RemovalListener;
import io.larder.cache.Scheduler;
import io.larder.cache.Ticker;
import io.larder.cache.Weigher;
import io.larder.cache.stats.StatsCounter;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The validated, effective configuration of one cache, as the builder hands it to the
 * implementation: defaults are resolved (executor, ticker, scheduler, statistics), user-supplied
 * strategies are wrapped where the builder's contract says so (a weigher rejects negative weights,
 * a custom statistics counter never throws), and {@link #UNSET} marks an absent numeric setting.
 *
 * @param name the cache's name for logs and metrics (a Larder addition), never empty
 * @param creationSite where the builder's {@code build} was called, for guard warnings
 * @param initialCapacity the initial table capacity, or {@link #UNSET}
 * @param maximumSize the entry bound, or {@link #UNSET}
 * @param maximumWeight the weight bound (with {@code weigher}), or {@link #UNSET}
 * @param weigher the entry weigher; the singleton weigher when the cache is not weighted
 * @param weighted whether {@code maximumWeight} applies rather than {@code maximumSize}
 * @param weakKeys whether keys are held weakly (and compared by identity)
 * @param valueStrength how values are held
 * @param expireAfterWriteNanos the fixed time to live, or {@link #UNSET}
 * @param expireAfterAccessNanos the fixed time to idle, or {@link #UNSET}
 * @param expiry the variable expiration policy, or {@code null}
 * @param refreshAfterWriteNanos the refresh interval, or {@link #UNSET}
 * @param ticker the time source (disabled when no time-based feature is configured)
 * @param statsTicker the time source for load timings (the system ticker)
 * @param executor where listeners, async loads and maintenance run
 * @param scheduler when to wake up for expiration (disabled unless configured)
 * @param evictionListener notified synchronously on eviction, or {@code null}
 * @param removalListener notified on the executor on every removal, or {@code null}
 * @param statsCounterSupplier supplies the counter; {@code null} when statistics are off
 * @param maximumMemoryBytes the retained-size budget (a Larder addition), or {@link #UNSET}
 * @param maximumEntryMemoryBytes the per-entry retained-size cap (a Larder addition), or {@link
 *     #UNSET}
 * @param memoryBudget a budget shared with other caches (a Larder addition), or {@code null}
 * @param leakGuard the effective leak guard (a Larder addition): the builder's, else the one the
 *     {@code larder.guard*} system properties configured when the cache was built
 */
public record CacheSettings<K, V>(
    String name,
    String creationSite,
    int initialCapacity,
    long maximumSize,
    long maximumWeight,
    Weigher<? super K, ? super V> weigher,
    boolean weighted,
    boolean weakKeys,
    Strength valueStrength,
    long expireAfterWriteNanos,
    long expireAfterAccessNanos,
    @Nullable Expiry<? super K, ? super V> expiry,
    long refreshAfterWriteNanos,
    Ticker ticker,
    Ticker statsTicker,
    Executor executor,
    Scheduler scheduler,
    @Nullable RemovalListener<? super K, ? super V> evictionListener,
    @Nullable RemovalListener<? super K, ? super V> removalListener,
    @Nullable Supplier<? extends StatsCounter> statsCounterSupplier,
    long maximumMemoryBytes,
    long maximumEntryMemoryBytes,
    @Nullable SharedMemoryBudget memoryBudget,
    LeakGuard leakGuard) {

  /** Marks a numeric setting that was not configured. */
  public static final int UNSET = -1;

  /** The default initial capacity of the hash table. */
  public static final int DEFAULT_INITIAL_CAPACITY = 16;

  /** How a cache holds its values. */
  public enum Strength {
    STRONG,
    WEAK,
    SOFT
  }

  /** Returns whether the cache bounds its entries by count or weight. */
  public boolean evicts() {
    return maximumSize != UNSET
        || maximumWeight != UNSET
        || maximumMemoryBytes != UNSET
        || memoryBudget != null;
  }

  /**
   * Returns whether the cache has a bound on its total size: an entry count, a weight, a memory
   * budget of its own or a shared one. A per-entry memory cap alone ({@code maximumEntryMemory}) is
   * no bound: it limits each entry, not how many there are, so such a cache is derived as weighted
   * with the largest maximum (see {@link MemoryBoundedSettings}) and {@link #evicts()} is true for
   * it, yet it grows without limit as a plain {@code build()} does, and is guarded as one.
   */
  public boolean hasTotalBound() {
    return maximumSize != UNSET
        || maximumMemoryBytes != UNSET
        || memoryBudget != null
        || ((maximumWeight != UNSET) && (maximumEntryMemoryBytes == UNSET));
  }

  /**
   * Returns whether the cache tracks the estimated retained size of each entry: a memory bound, a
   * shared budget or a per-entry memory cap (Larder additions).
   */
  public boolean tracksMemory() {
    return maximumMemoryBytes != UNSET || maximumEntryMemoryBytes != UNSET || memoryBudget != null;
  }

  /** Returns whether any time-based expiration is configured. */
  public boolean expires() {
    return expireAfterWriteNanos != UNSET || expireAfterAccessNanos != UNSET || expiry != null;
  }

  /** Returns whether statistics are recorded. */
  public boolean recordsStats() {
    return statsCounterSupplier != null;
  }

  /** Returns whether any reference-based collection is configured. */
  public boolean collects() {
    return weakKeys || valueStrength != Strength.STRONG;
  }

  /**
   * Returns whether the cache needs the bounded implementation: any size, weight, memory, time or
   * reference-based policy, or refresh.
   */
  public boolean needsBoundedCache() {
    return evicts() || tracksMemory() || expires() || collects() || refreshAfterWriteNanos != UNSET;
  }

  /** Returns the initial capacity to size the table with. */
  public int initialCapacityOrDefault() {
    return (initialCapacity == UNSET) ? DEFAULT_INITIAL_CAPACITY : initialCapacity;
  }

  /** Returns the statistics counter for a new cache. */
  public StatsCounter newStatsCounter() {
    Supplier<? extends StatsCounter> supplier = statsCounterSupplier;
    return (supplier == null) ? StatsCounter.disabledStatsCounter() : supplier.get();
  }
}
