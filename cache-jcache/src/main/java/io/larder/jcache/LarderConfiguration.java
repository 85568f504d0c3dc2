package io.larder.jcache;

import static java.util.Objects.requireNonNull;

import io.larder.cache.CaffeineSpec;
import io.larder.cache.MemoryBudget;
import io.larder.cache.Weigher;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.jspecify.annotations.Nullable;

/**
 * A JCache configuration with Larder's bounds: {@link MutableConfiguration}'s settings plus a
 * maximum size, a maximum weight with a weigher, a maximum memory in bytes, a shared {@link
 * MemoryBudget}, {@code refreshAfterWrite}, and {@code expireAfterWrite} / {@code
 * expireAfterAccess} shorthands. <b>A Larder addition</b>; pass it to {@link
 * javax.cache.CacheManager#createCache}.
 *
 * <p>A cache given a plain {@code MutableConfiguration} has no bound (the specification defines
 * none), so Larder's unbounded-cache guard watches it, as it watches {@code
 * Caffeine.newBuilder().build()}; a cache with a bound here is bounded by it instead. The bounds
 * follow the Larder builder's rules: {@code maximumSize} excludes {@code maximumWeight}, {@code
 * maximumMemory} and a budget; a weight needs a weigher. A bad combination is an {@link
 * IllegalStateException} when it is set, naming both settings.
 *
 * <p>{@link #setExpireAfterWrite(java.time.Duration)} and {@link
 * #setExpireAfterAccess(java.time.Duration)} are Larder's names for JCache's {@link
 * ModifiedExpiryPolicy} and {@link TouchedExpiryPolicy}, which have the same meaning: they set the
 * expiry policy factory. {@link #applySpec(String)} reads Larder's specification strings.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class LarderConfiguration<K, V> extends MutableConfiguration<K, V> {
  private static final long serialVersionUID = 1L;
  private static final long UNSET = -1L;

  private long maximumSize = UNSET;
  private long maximumWeight = UNSET;
  private long maximumMemory = UNSET;
  private int initialCapacity = -1;
  private java.time.@Nullable Duration refreshAfterWrite;
  private @Nullable Factory<? extends Weigher<? super K, ? super V>> weigherFactory;
  private transient @Nullable MemoryBudget memoryBudget;

  /** Creates a configuration with JCache's defaults and no Larder bound. */
  public LarderConfiguration() {}

  /**
   * Creates a copy of a JCache configuration; the Larder settings are copied too when it is a
   * {@code LarderConfiguration}.
   */
  public LarderConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof LarderConfiguration) {
      LarderConfiguration<K, V> larder = (LarderConfiguration<K, V>) configuration;
      this.maximumSize = larder.maximumSize;
      this.maximumWeight = larder.maximumWeight;
      this.maximumMemory = larder.maximumMemory;
      this.initialCapacity = larder.initialCapacity;
      this.refreshAfterWrite = larder.refreshAfterWrite;
      this.weigherFactory = larder.weigherFactory;
      this.memoryBudget = larder.memoryBudget;
    }
  }

  /** Returns whether any Larder bound (size, weight, memory or budget) is set. */
  public boolean isBounded() {
    return (maximumSize != UNSET)
        || (maximumWeight != UNSET)
        || (maximumMemory != UNSET)
        || (memoryBudget != null);
  }

  /** Returns the maximum number of entries, or {@code -1} when not set. */
  public long getMaximumSize() {
    return maximumSize;
  }

  /**
   * Bounds the cache to {@code maximumSize} entries.
   *
   * @throws IllegalArgumentException if it is negative
   * @throws IllegalStateException if a weight or memory bound is set
   */
  public LarderConfiguration<K, V> setMaximumSize(long maximumSize) {
    requireArgument(maximumSize >= 0, "maximumSize must not be negative but was %s", maximumSize);
    requireState(
        maximumWeight == UNSET,
        "maximumSize cannot be combined with maximumWeight (%s)",
        maximumWeight);
    requireState(
        maximumMemory == UNSET,
        "maximumSize cannot be combined with maximumMemory (%s)",
        maximumMemory);
    requireState(
        memoryBudget == null,
        "maximumSize cannot be combined with memoryBudget (%s)",
        memoryBudget);
    this.maximumSize = maximumSize;
    return this;
  }

  /** Returns the maximum total weight, or {@code -1} when not set. */
  public long getMaximumWeight() {
    return maximumWeight;
  }

  /** Returns the factory of the weigher, or {@code null} when not set. */
  public @Nullable Factory<? extends Weigher<? super K, ? super V>> getWeigherFactory() {
    return weigherFactory;
  }

  /**
   * Bounds the total weight of the entries, as the weigher made by {@code weigherFactory} weighs
   * them.
   *
   * @throws IllegalArgumentException if the weight is negative
   * @throws IllegalStateException if a size or memory bound is set
   */
  public LarderConfiguration<K, V> setMaximumWeight(
      long maximumWeight, Factory<? extends Weigher<? super K, ? super V>> weigherFactory) {
    requireNonNull(weigherFactory, "weigherFactory");
    requireArgument(
        maximumWeight >= 0, "maximumWeight must not be negative but was %s", maximumWeight);
    requireState(
        maximumSize == UNSET,
        "maximumWeight cannot be combined with maximumSize (%s)",
        maximumSize);
    requireState(
        maximumMemory == UNSET,
        "maximumWeight cannot be combined with maximumMemory (%s)",
        maximumMemory);
    requireState(
        memoryBudget == null,
        "maximumWeight cannot be combined with memoryBudget (%s)",
        memoryBudget);
    this.maximumWeight = maximumWeight;
    this.weigherFactory = weigherFactory;
    return this;
  }

  /** Returns the bound on the entries' estimated retained size in bytes, or {@code -1}. */
  public long getMaximumMemory() {
    return maximumMemory;
  }

  /**
   * Bounds the estimated retained size of the entries (keys, values and the cache's own per-entry
   * structures) to {@code bytes}; see {@link io.larder.cache.Caffeine#maximumMemory(long)}.
   *
   * @throws IllegalArgumentException if {@code bytes} is not positive
   * @throws IllegalStateException if a size or weight bound is set
   */
  public LarderConfiguration<K, V> setMaximumMemory(long bytes) {
    requireArgument(
        bytes > 0, "maximumMemory must be a positive number of bytes but was %s", bytes);
    requireState(
        maximumSize == UNSET,
        "maximumMemory cannot be combined with maximumSize (%s)",
        maximumSize);
    requireState(
        maximumWeight == UNSET,
        "maximumMemory cannot be combined with maximumWeight (%s)",
        maximumWeight);
    this.maximumMemory = bytes;
    return this;
  }

  /** Returns the shared byte budget, or {@code null} when not set. */
  public @Nullable MemoryBudget getMemoryBudget() {
    return memoryBudget;
  }

  /**
   * Adds the cache to a byte budget shared with other caches; see {@link
   * io.larder.cache.Caffeine#memoryBudget(MemoryBudget)}. The budget is not serialized with the
   * configuration.
   *
   * @throws IllegalStateException if a size or weight bound is set
   */
  public LarderConfiguration<K, V> setMemoryBudget(MemoryBudget budget) {
    requireNonNull(budget, "memoryBudget");
    requireState(
        maximumSize == UNSET, "memoryBudget cannot be combined with maximumSize (%s)", maximumSize);
    requireState(
        maximumWeight == UNSET,
        "memoryBudget cannot be combined with maximumWeight (%s)",
        maximumWeight);
    this.memoryBudget = budget;
    return this;
  }

  /** Returns the initial capacity of the underlying table, or {@code -1} when not set. */
  public int getInitialCapacity() {
    return initialCapacity;
  }

  /** Sets the initial capacity of the underlying table. */
  public LarderConfiguration<K, V> setInitialCapacity(int initialCapacity) {
    requireArgument(
        initialCapacity >= 0, "initialCapacity must not be negative but was %s", initialCapacity);
    this.initialCapacity = initialCapacity;
    return this;
  }

  /** Returns the refresh interval, or {@code null} when not set. */
  public java.time.@Nullable Duration getRefreshAfterWrite() {
    return refreshAfterWrite;
  }

  /**
   * Refreshes an entry through the cache's {@link CacheLoader} when it is read {@code duration} or
   * more after its last write: the read returns the current value at once and the loader runs on
   * the executor; its value replaces the entry (with the update expiry, and without an updated
   * event, since no caller wrote it). A loader that returns {@code null} or fails leaves the entry
   * as it was. The cache must be read-through with a loader factory, or creating it fails.
   *
   * @throws IllegalArgumentException if {@code duration} is not positive
   */
  public LarderConfiguration<K, V> setRefreshAfterWrite(java.time.Duration duration) {
    requireNonNull(duration, "refreshAfterWrite");
    requireArgument(
        !duration.isNegative() && !duration.isZero(),
        "refreshAfterWrite must be positive but was %s",
        duration);
    this.refreshAfterWrite = duration;
    return this;
  }

  /**
   * Expires each entry {@code duration} after it was created or last updated: JCache's {@link
   * ModifiedExpiryPolicy}, set as the expiry policy factory.
   */
  public LarderConfiguration<K, V> setExpireAfterWrite(java.time.Duration duration) {
    setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(toJCacheDuration(duration)));
    return this;
  }

  /**
   * Expires each entry {@code duration} after it was created, last updated or last read: JCache's
   * {@link TouchedExpiryPolicy}, set as the expiry policy factory.
   */
  public LarderConfiguration<K, V> setExpireAfterAccess(java.time.Duration duration) {
    setExpiryPolicyFactory(TouchedExpiryPolicy.factoryOf(toJCacheDuration(duration)));
    return this;
  }

  /**
   * Applies a Larder specification string, in {@link CaffeineSpec}'s grammar: {@code maximumSize},
   * {@code maximumMemory} (bytes, with an optional {@code k}, {@code m} or {@code g} suffix),
   * {@code initialCapacity}, {@code expireAfterWrite}, {@code expireAfterAccess}, {@code
   * refreshAfterWrite} and {@code recordStats} (which enables JCache statistics). For example
   * {@code "maximumMemory=64m,expireAfterWrite=10m"}.
   *
   * @throws IllegalArgumentException naming the option and value when the string is malformed or
   *     names an option a JCache cache cannot have ({@code weakKeys}, {@code weakValues}, {@code
   *     softValues}, or {@code maximumWeight}, which needs a weigher)
   * @throws IllegalStateException when an option conflicts with a bound already set
   */
  public LarderConfiguration<K, V> applySpec(String spec) {
    requireNonNull(spec, "spec");
    CaffeineSpec.parse(spec); // validates the grammar, with messages that name the option
    for (String option : spec.split(",", -1)) {
      String trimmed = option.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      String key = (eq < 0) ? trimmed : trimmed.substring(0, eq).strip();
      String value = (eq < 0) ? "" : trimmed.substring(eq + 1).strip();
      switch (key) {
        case "maximumSize":
          setMaximumSize(Long.parseLong(value));
          break;
        case "maximumMemory":
          setMaximumMemory(parseBytes(value));
          break;
        case "initialCapacity":
          setInitialCapacity(Integer.parseInt(value));
          break;
        case "expireAfterWrite":
          setExpireAfterWrite(parseDuration(key, value));
          break;
        case "expireAfterAccess":
          setExpireAfterAccess(parseDuration(key, value));
          break;
        case "refreshAfterWrite":
          setRefreshAfterWrite(parseDuration(key, value));
          break;
        case "recordStats":
          setStatisticsEnabled(true);
          break;
        default:
          throw new IllegalArgumentException(
              "The option "
                  + key
                  + " of the specification '"
                  + spec
                  + "' is not supported by a JCache cache (supported: maximumSize, "
                  + "maximumMemory, initialCapacity, expireAfterWrite, expireAfterAccess, "
                  + "refreshAfterWrite, recordStats)");
      }
    }
    return this;
  }

  // Covariant overrides of MutableConfiguration's setters, so that a chain keeps this type.

  @Override
  public LarderConfiguration<K, V> setTypes(Class<K> keyType, Class<V> valueType) {
    super.setTypes(keyType, valueType);
    return this;
  }

  @Override
  public LarderConfiguration<K, V> addCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> configuration) {
    super.addCacheEntryListenerConfiguration(configuration);
    return this;
  }

  @Override
  public LarderConfiguration<K, V> removeCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> configuration) {
    super.removeCacheEntryListenerConfiguration(configuration);
    return this;
  }

  @Override
  public LarderConfiguration<K, V> setCacheLoaderFactory(
      Factory<? extends CacheLoader<K, V>> factory) {
    super.setCacheLoaderFactory(factory);
    return this;
  }

  @Override
  public LarderConfiguration<K, V> setCacheWriterFactory(
      Factory<? extends CacheWriter<? super K, ? super V>> factory) {
    super.setCacheWriterFactory(factory);
    return this;
  }

  @Override
  public LarderConfiguration<K, V> setExpiryPolicyFactory(Factory<? extends ExpiryPolicy> factory) {
    super.setExpiryPolicyFactory(factory);
    return this;
  }

  @Override
  public LarderConfiguration<K, V> setReadThrough(boolean isReadThrough) {
    super.setReadThrough(isReadThrough);
    return this;
  }

  @Override
  public LarderConfiguration<K, V> setWriteThrough(boolean isWriteThrough) {
    super.setWriteThrough(isWriteThrough);
    return this;
  }

  @Override
  public LarderConfiguration<K, V> setStoreByValue(boolean isStoreByValue) {
    super.setStoreByValue(isStoreByValue);
    return this;
  }

  @Override
  public LarderConfiguration<K, V> setStatisticsEnabled(boolean enabled) {
    super.setStatisticsEnabled(enabled);
    return this;
  }

  @Override
  public LarderConfiguration<K, V> setManagementEnabled(boolean enabled) {
    super.setManagementEnabled(enabled);
    return this;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!super.equals(o)) {
      return false;
    }
    if (!(o instanceof LarderConfiguration)) {
      return !isBounded() && (initialCapacity == -1) && (refreshAfterWrite == null);
    }
    LarderConfiguration<?, ?> other = (LarderConfiguration<?, ?>) o;
    return (maximumSize == other.maximumSize)
        && (maximumWeight == other.maximumWeight)
        && (maximumMemory == other.maximumMemory)
        && (initialCapacity == other.initialCapacity)
        && Objects.equals(refreshAfterWrite, other.refreshAfterWrite)
        && Objects.equals(weigherFactory, other.weigherFactory)
        && Objects.equals(memoryBudget, other.memoryBudget);
  }

  @Override
  public int hashCode() {
    // Equal to MutableConfiguration's hash when no Larder setting is made, as equals requires.
    return isBounded() || (initialCapacity != -1) || (refreshAfterWrite != null)
        ? 31 * super.hashCode()
            + Objects.hash(maximumSize, maximumWeight, maximumMemory, initialCapacity)
        : super.hashCode();
  }

  @Override
  public String toString() {
    return "LarderConfiguration{maximumSize="
        + maximumSize
        + ", maximumWeight="
        + maximumWeight
        + ", maximumMemory="
        + maximumMemory
        + ", memoryBudget="
        + memoryBudget
        + ", storeByValue="
        + isStoreByValue()
        + ", readThrough="
        + isReadThrough()
        + ", writeThrough="
        + isWriteThrough()
        + ", statistics="
        + isStatisticsEnabled()
        + "}";
  }

  static Duration toJCacheDuration(java.time.Duration duration) {
    requireNonNull(duration, "duration");
    requireArgument(
        !duration.isNegative(),
        "an expiration duration must not be negative but " + "was %s",
        duration);
    return duration.isZero()
        ? Duration.ZERO
        : new Duration(TimeUnit.MILLISECONDS, Math.max(1L, duration.toMillis()));
  }

  private static java.time.Duration parseDuration(String key, String value) {
    if (value.startsWith("P") || value.startsWith("p") || value.startsWith("-")) {
      try {
        return java.time.Duration.parse(value);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(key + " does not parse as a duration: " + value, e);
      }
    }
    long amount = Long.parseLong(value.substring(0, value.length() - 1));
    char unit = Character.toLowerCase(value.charAt(value.length() - 1));
    switch (unit) {
      case 'd':
        return java.time.Duration.ofDays(amount);
      case 'h':
        return java.time.Duration.ofHours(amount);
      case 'm':
        return java.time.Duration.ofMinutes(amount);
      case 's':
        return java.time.Duration.ofSeconds(amount);
      default:
        throw new IllegalArgumentException(key + " has an unknown time unit: " + value);
    }
  }

  private static long parseBytes(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    char last = lower.charAt(lower.length() - 1);
    int shift = (last == 'k') ? 10 : (last == 'm') ? 20 : (last == 'g') ? 30 : 0;
    String digits = (shift == 0) ? lower : lower.substring(0, lower.length() - 1);
    return Math.multiplyExact(Long.parseLong(digits.strip()), 1L << shift);
  }

  private static void requireArgument(
      boolean condition, String template, @Nullable Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(Locale.US, template, args));
    }
  }

  private static void requireState(boolean condition, String template, @Nullable Object... args) {
    if (!condition) {
      throw new IllegalStateException(String.format(Locale.US, template, args));
    }
  }
}
