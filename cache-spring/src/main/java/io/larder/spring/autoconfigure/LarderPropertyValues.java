package io.larder.spring.autoconfigure;

import io.larder.cache.Caffeine;
import io.larder.cache.MemoryBudget;
import java.util.Locale;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Parses and checks the values of {@code larder.cache.*} properties whose form a binder cannot
 * check, failing with {@link InvalidConfigurationPropertyValueException}, which names the property
 * and the value and which Spring Boot's failure analysis reports at start-up.
 */
final class LarderPropertyValues {
  static final String SPEC = "larder.cache.spec";
  static final String SPECS = "larder.cache.specs";
  static final String MEMORY_BUDGET = "larder.cache.memory-budget";
  static final String MAX_CACHES = "larder.cache.max-caches";
  static final String REMOVED_DOWN_THRESHOLD = "larder.cache.health.down-threshold";
  static final String HEAP_AFTER_GC_DOWN = "larder.cache.health.heap-after-gc-down-threshold";
  static final String CACHE_SHARE_DOWN = "larder.cache.health.cache-share-down-threshold";
  static final String MONITOR = "larder.monitor.";
  static final String CAFFEINE_SPEC = "spring.cache.caffeine.spec";

  private LarderPropertyValues() {}

  /** Parses a budget: a percentage of the maximum heap ({@code 10%}) or a size ({@code 64MB}). */
  static MemoryBudget memoryBudget(String value) {
    boolean percentage = value.strip().endsWith("%");
    double percent = percentage ? percentage(MEMORY_BUDGET, value) : 0.0;
    long bytes = percentage ? 0L : size(MEMORY_BUDGET, value);
    try {
      return percentage
          ? MemoryBudget.ofHeapFraction(percent / 100.0)
          : MemoryBudget.ofBytes(bytes);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(MEMORY_BUDGET, value, e.getMessage());
    }
  }

  /**
   * Parses a share given as a percentage (more than 0% and at most 100%) into a fraction (1.0 for
   * 100%), failing with an error that names {@code property}.
   */
  static double share(String property, String value) {
    if (!value.strip().endsWith("%")) {
      throw new InvalidConfigurationPropertyValueException(
          property, value, "must be a percentage, such as 90%");
    }
    return percentage(property, value) / 100.0;
  }

  /** Parses a growth given as a percentage of at least 0% (more than 100% allowed). */
  static double growth(String property, String value) {
    String number = value.strip();
    if (!number.endsWith("%")) {
      throw new InvalidConfigurationPropertyValueException(
          property, value, "must be a percentage, such as 20%");
    }
    double percent;
    try {
      percent = Double.parseDouble(number.substring(0, number.length() - 1).strip());
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationPropertyValueException(
          property, value, "not a percentage: expected a number followed by %, such as 20%");
    }
    if (!(percent >= 0.0) || Double.isInfinite(percent)) {
      throw new InvalidConfigurationPropertyValueException(property, value, "must be at least 0%");
    }
    return percent / 100.0;
  }

  /** Checks a cache specification by building a builder from it. */
  static String spec(String property, String value) {
    try {
      Caffeine.from(value);
      return value;
    } catch (RuntimeException e) {
      throw new InvalidConfigurationPropertyValueException(
          property, value, "not a valid cache specification: " + e.getMessage());
    }
  }

  /** Checks the cap on caches created on demand. */
  static int maxCaches(int value) {
    if (value < 0) {
      throw new InvalidConfigurationPropertyValueException(
          MAX_CACHES, value, "must not be negative (0 allows no cache created on demand)");
    }
    return value;
  }

  private static double percentage(String property, String value) {
    String number = value.strip();
    number = number.substring(0, number.length() - 1).strip();
    double percent;
    try {
      percent = Double.parseDouble(number);
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationPropertyValueException(
          property, value, "not a percentage: expected a number followed by %, such as 10%");
    }
    if (!(percent > 0.0 && percent <= 100.0)) {
      throw new InvalidConfigurationPropertyValueException(
          property, value, "must be more than 0% and at most 100%");
    }
    return percent;
  }

  private static long size(String property, String value) {
    String text = value.strip().toUpperCase(Locale.ROOT);
    if (text.matches("\\d+[KMGT]")) {
      text = text + "B";
    }
    DataSize size;
    try {
      size = DataSize.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          property,
          value,
          "not a size or a percentage: expected a size such as 64MB or a percentage of the "
              + "maximum heap such as 10%");
    }
    if (size.toBytes() <= 0) {
      throw new InvalidConfigurationPropertyValueException(
          property, value, "must be more than 0 bytes");
    }
    return size.toBytes();
  }
}
