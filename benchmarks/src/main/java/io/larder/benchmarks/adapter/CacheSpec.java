package io.larder.benchmarks.adapter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A library-neutral cache configuration: the builder settings that the benchmarks compare.
 *
 * <p>Each library's {@link CacheLibrary} translates it into its own builder calls, or refuses it
 * with an {@link UnsupportedConfigurationException}. An unset bound is {@code -1}, an unset
 * duration null. Weighted bounds weigh every entry as 1; variable expiry gives every entry {@link
 * #variableExpiry()} after each create or update and leaves it unchanged on read.
 *
 * @param maximumSize the entry-count bound, or -1
 * @param maximumWeight the weight bound with a weigher of 1 per entry, or -1
 * @param maximumMemory Larder's memory bound in bytes, or -1
 * @param expireAfterWrite fixed expiry after create or update, or null
 * @param expireAfterAccess fixed expiry after any access, or null
 * @param variableExpiry the duration a variable {@code Expiry} returns, or null
 * @param refreshAfterWrite refresh after write (the cache is then a loading cache), or null
 * @param weakKeys whether keys are held weakly
 * @param weakValues whether values are held weakly
 * @param softValues whether values are held softly
 * @param recordStats whether statistics are recorded
 * @param sameThreadExecutor whether maintenance runs on the calling thread ({@code Runnable::run})
 *     rather than on the library's default executor
 */
public record CacheSpec(
    long maximumSize,
    long maximumWeight,
    long maximumMemory,
    @Nullable Duration expireAfterWrite,
    @Nullable Duration expireAfterAccess,
    @Nullable Duration variableExpiry,
    @Nullable Duration refreshAfterWrite,
    boolean weakKeys,
    boolean weakValues,
    boolean softValues,
    boolean recordStats,
    boolean sameThreadExecutor) {

  /** Returns the configuration with no bound, no expiry and the library's defaults. */
  public static CacheSpec unbounded() {
    return new CacheSpec(-1, -1, -1, null, null, null, null, false, false, false, false, false);
  }

  /** Returns a copy bounded by entry count. */
  public CacheSpec withMaximumSize(long size) {
    return new CacheSpec(
        size,
        maximumWeight,
        maximumMemory,
        expireAfterWrite,
        expireAfterAccess,
        variableExpiry,
        refreshAfterWrite,
        weakKeys,
        weakValues,
        softValues,
        recordStats,
        sameThreadExecutor);
  }

  /** Returns a copy bounded by weight, every entry weighing 1. */
  public CacheSpec withMaximumWeight(long weight) {
    return new CacheSpec(
        maximumSize,
        weight,
        maximumMemory,
        expireAfterWrite,
        expireAfterAccess,
        variableExpiry,
        refreshAfterWrite,
        weakKeys,
        weakValues,
        softValues,
        recordStats,
        sameThreadExecutor);
  }

  /** Returns a copy bounded by Larder's estimate of retained memory, in bytes. */
  public CacheSpec withMaximumMemory(long bytes) {
    return new CacheSpec(
        maximumSize,
        maximumWeight,
        bytes,
        expireAfterWrite,
        expireAfterAccess,
        variableExpiry,
        refreshAfterWrite,
        weakKeys,
        weakValues,
        softValues,
        recordStats,
        sameThreadExecutor);
  }

  /** Returns a copy that expires entries a fixed time after create or update. */
  public CacheSpec withExpireAfterWrite(Duration duration) {
    return new CacheSpec(
        maximumSize,
        maximumWeight,
        maximumMemory,
        duration,
        expireAfterAccess,
        variableExpiry,
        refreshAfterWrite,
        weakKeys,
        weakValues,
        softValues,
        recordStats,
        sameThreadExecutor);
  }

  /** Returns a copy that expires entries a fixed time after their last access. */
  public CacheSpec withExpireAfterAccess(Duration duration) {
    return new CacheSpec(
        maximumSize,
        maximumWeight,
        maximumMemory,
        expireAfterWrite,
        duration,
        variableExpiry,
        refreshAfterWrite,
        weakKeys,
        weakValues,
        softValues,
        recordStats,
        sameThreadExecutor);
  }

  /** Returns a copy with a variable {@code Expiry} giving the duration on create or update. */
  public CacheSpec withVariableExpiry(Duration duration) {
    return new CacheSpec(
        maximumSize,
        maximumWeight,
        maximumMemory,
        expireAfterWrite,
        expireAfterAccess,
        duration,
        refreshAfterWrite,
        weakKeys,
        weakValues,
        softValues,
        recordStats,
        sameThreadExecutor);
  }

  /** Returns a copy that refreshes entries after write; the cache is built as a loading cache. */
  public CacheSpec withRefreshAfterWrite(Duration duration) {
    return new CacheSpec(
        maximumSize,
        maximumWeight,
        maximumMemory,
        expireAfterWrite,
        expireAfterAccess,
        variableExpiry,
        duration,
        weakKeys,
        weakValues,
        softValues,
        recordStats,
        sameThreadExecutor);
  }

  /** Returns a copy that holds keys weakly. */
  public CacheSpec withWeakKeys() {
    return new CacheSpec(
        maximumSize,
        maximumWeight,
        maximumMemory,
        expireAfterWrite,
        expireAfterAccess,
        variableExpiry,
        refreshAfterWrite,
        true,
        weakValues,
        softValues,
        recordStats,
        sameThreadExecutor);
  }

  /** Returns a copy that holds values weakly. */
  public CacheSpec withWeakValues() {
    return new CacheSpec(
        maximumSize,
        maximumWeight,
        maximumMemory,
        expireAfterWrite,
        expireAfterAccess,
        variableExpiry,
        refreshAfterWrite,
        weakKeys,
        true,
        softValues,
        recordStats,
        sameThreadExecutor);
  }

  /** Returns a copy that holds values softly. */
  public CacheSpec withSoftValues() {
    return new CacheSpec(
        maximumSize,
        maximumWeight,
        maximumMemory,
        expireAfterWrite,
        expireAfterAccess,
        variableExpiry,
        refreshAfterWrite,
        weakKeys,
        weakValues,
        true,
        recordStats,
        sameThreadExecutor);
  }

  /** Returns a copy that records statistics. */
  public CacheSpec withRecordStats() {
    return new CacheSpec(
        maximumSize,
        maximumWeight,
        maximumMemory,
        expireAfterWrite,
        expireAfterAccess,
        variableExpiry,
        refreshAfterWrite,
        weakKeys,
        weakValues,
        softValues,
        true,
        sameThreadExecutor);
  }

  /** Returns a copy whose maintenance runs on the calling thread, for deterministic replays. */
  public CacheSpec withSameThreadExecutor() {
    return new CacheSpec(
        maximumSize,
        maximumWeight,
        maximumMemory,
        expireAfterWrite,
        expireAfterAccess,
        variableExpiry,
        refreshAfterWrite,
        weakKeys,
        weakValues,
        softValues,
        recordStats,
        true);
  }

  /** Returns whether any size, weight or memory bound is set. */
  public boolean isBounded() {
    return maximumSize >= 0 || maximumWeight >= 0 || maximumMemory >= 0;
  }

  /** Returns whether the configuration is a plain unbounded map with no option set. */
  public boolean isPlainMap() {
    return !isBounded()
        && expireAfterWrite == null
        && expireAfterAccess == null
        && variableExpiry == null
        && refreshAfterWrite == null
        && !weakKeys
        && !weakValues
        && !softValues
        && !recordStats;
  }

  /** Returns the settings in builder terms, for example {@code maximumSize, expireAfterWrite}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (maximumSize >= 0) {
      parts.add("maximumSize");
    }
    if (maximumWeight >= 0) {
      parts.add("maximumWeight");
    }
    if (maximumMemory >= 0) {
      parts.add("maximumMemory");
    }
    if (expireAfterWrite != null) {
      parts.add("expireAfterWrite");
    }
    if (expireAfterAccess != null) {
      parts.add("expireAfterAccess");
    }
    if (variableExpiry != null) {
      parts.add("expireAfter(Expiry)");
    }
    if (refreshAfterWrite != null) {
      parts.add("refreshAfterWrite");
    }
    if (weakKeys) {
      parts.add("weakKeys");
    }
    if (weakValues) {
      parts.add("weakValues");
    }
    if (softValues) {
      parts.add("softValues");
    }
    if (recordStats) {
      parts.add("recordStats");
    }
    return parts.isEmpty() ? "unbounded" : String.join(" + ", parts);
  }
}
