package io.larder.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A specification of a {@link Caffeine} builder configuration, in Caffeine's string grammar: a
 * comma-separated list of {@code key=value} options and bare flags, for example {@code
 * "maximumSize=10000,expireAfterWrite=10m,recordStats"}.
 *
 * <p>Supported options: {@code initialCapacity=[integer]}, {@code maximumSize=[long]}, {@code
 * maximumWeight=[long]}, {@code expireAfterAccess=[duration]}, {@code expireAfterWrite=[duration]},
 * {@code refreshAfterWrite=[duration]}, {@code weakKeys}, {@code weakValues}, {@code softValues},
 * {@code recordStats}, and Larder's addition {@code maximumMemory=[size]}, a byte count with an
 * optional binary suffix ({@code 65536}, {@code 64k}, {@code 64m}, {@code 1g}), which {@link
 * Caffeine#maximumMemory(long)} receives. A duration is a non-negative integer with a unit suffix
 * ({@code d}, {@code h}, {@code m}, {@code s}) or an ISO-8601 duration ({@code PT10M}). Bad input
 * is an {@link IllegalArgumentException} that names the option and the value.
 */
public final class CaffeineSpec {
  private final String specification;

  private boolean recordStats;
  private @Nullable Long maximumSize;
  private @Nullable Long maximumWeight;
  private @Nullable Long maximumMemory;
  private @Nullable Integer initialCapacity;
  private boolean weakKeys;
  private @Nullable String valueStrength;
  private @Nullable Duration expireAfterWrite;
  private @Nullable Duration expireAfterAccess;
  private @Nullable Duration refreshAfterWrite;

  private CaffeineSpec(String specification) {
    this.specification = requireNonNull(specification, "specification");
    for (String option : specification.split(",", -1)) {
      parseOption(option.strip());
    }
  }

  /** Creates a spec from a string; throws {@link IllegalArgumentException} on a bad option. */
  public static CaffeineSpec parse(String specification) {
    return new CaffeineSpec(specification);
  }

  /** Returns a builder configured by this spec. */
  Caffeine<Object, Object> toBuilder() {
    Caffeine<Object, Object> builder = Caffeine.newBuilder();
    if (initialCapacity != null) {
      builder.initialCapacity(initialCapacity);
    }
    if (maximumSize != null) {
      builder.maximumSize(maximumSize);
    }
    if (maximumWeight != null) {
      builder.maximumWeight(maximumWeight);
    }
    if (maximumMemory != null) {
      builder.maximumMemory(maximumMemory);
    }
    if (weakKeys) {
      builder.weakKeys();
    }
    if ("WEAK".equals(valueStrength)) {
      builder.weakValues();
    } else if ("SOFT".equals(valueStrength)) {
      builder.softValues();
    }
    if (expireAfterWrite != null) {
      builder.expireAfterWrite(expireAfterWrite);
    }
    if (expireAfterAccess != null) {
      builder.expireAfterAccess(expireAfterAccess);
    }
    if (refreshAfterWrite != null) {
      builder.refreshAfterWrite(refreshAfterWrite);
    }
    if (recordStats) {
      builder.recordStats();
    }
    return builder;
  }

  private void parseOption(String option) {
    if (option.isEmpty()) {
      return;
    }
    String[] keyAndValue = option.split("=", 3);
    requireArgument(
        keyAndValue.length <= 2, "key-value pair %s with more than one equals sign", option);
    String key = keyAndValue[0].strip();
    String value = (keyAndValue.length == 1) ? null : keyAndValue[1].strip();
    configure(option, key, value);
  }

  private void configure(String option, String key, @Nullable String value) {
    switch (key) {
      case "initialCapacity":
        requireArgument(
            initialCapacity == null, "initial capacity was already set to %,d", initialCapacity);
        initialCapacity = parseInt(key, value);
        return;
      case "maximumSize":
        requireMaximumUnset();
        maximumSize = parseLong(key, value);
        return;
      case "maximumWeight":
        requireMaximumUnset();
        maximumWeight = parseLong(key, value);
        return;
      case "maximumMemory":
        requireMaximumUnset();
        maximumMemory = parseBytes(key, value);
        return;
      case "weakKeys":
        requireArgument(value == null, "weak keys does not take a value");
        requireArgument(!weakKeys, "weak keys was already set");
        weakKeys = true;
        return;
      case "weakValues":
      case "softValues":
        requireArgument(value == null, "%s does not take a value", key);
        requireArgument(valueStrength == null, "%s was already set to %s", key, valueStrength);
        valueStrength = key.equals("weakValues") ? "WEAK" : "SOFT";
        return;
      case "expireAfterAccess":
        requireArgument(expireAfterAccess == null, "expireAfterAccess was already set");
        expireAfterAccess = parseDuration(key, value);
        return;
      case "expireAfterWrite":
        requireArgument(expireAfterWrite == null, "expireAfterWrite was already set");
        expireAfterWrite = parseDuration(key, value);
        return;
      case "refreshAfterWrite":
        requireArgument(refreshAfterWrite == null, "refreshAfterWrite was already set");
        refreshAfterWrite = parseDuration(key, value);
        return;
      case "recordStats":
        requireArgument(value == null, "record stats does not take a value");
        requireArgument(!recordStats, "record stats was already set");
        recordStats = true;
        return;
      default:
        throw new IllegalArgumentException("Invalid option " + option);
    }
  }

  private void requireMaximumUnset() {
    requireArgument(maximumSize == null, "maximum size was already set to %,d", maximumSize);
    requireArgument(maximumWeight == null, "maximum weight was already set to %,d", maximumWeight);
    requireArgument(
        maximumMemory == null, "maximum memory was already set to %,d bytes", maximumMemory);
  }

  private static int parseInt(String key, @Nullable String value) {
    String literal = requireValue(key, value, "value of key %s was omitted");
    try {
      return Integer.parseInt(normalizeNumericLiteral(literal));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          String.format(Locale.US, "key %s value was set to %s, must be an integer", key, literal),
          e);
    }
  }

  private static long parseLong(String key, @Nullable String value) {
    String literal = requireValue(key, value, "value of key %s was omitted");
    try {
      return Long.parseLong(normalizeNumericLiteral(literal));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          String.format(Locale.US, "key %s value was set to %s, must be a long", key, literal), e);
    }
  }

  /** Parses a positive byte count with an optional {@code k}, {@code m} or {@code g} suffix. */
  private static long parseBytes(String key, @Nullable String value) {
    String literal = requireValue(key, value, "value of key %s was omitted");
    char suffix = Character.toLowerCase(literal.charAt(literal.length() - 1));
    int shift = (suffix == 'k') ? 10 : (suffix == 'm') ? 20 : (suffix == 'g') ? 30 : 0;
    String digits = (shift == 0) ? literal : literal.substring(0, literal.length() - 1);
    String number = normalizeNumericLiteral(digits.strip());
    long amount;
    try {
      amount = Long.parseLong(number);
    } catch (NumberFormatException e) {
      if (number.matches("[0-9]+")) {
        throw overflow(key, literal, shift);
      }
      throw new IllegalArgumentException(
          String.format(
              Locale.US,
              "key %s value was set to %s, must be a byte count such as 65536, 64k, 64m or 1g",
              key,
              literal),
          e);
    }
    requireArgument(
        amount > 0, "key %s value was set to %s, must be a positive byte count", key, literal);
    if (amount > (Long.MAX_VALUE >> shift)) {
      throw overflow(key, literal, shift);
    }
    return amount << shift;
  }

  /** The error for a byte count larger than a long holds, naming the largest one accepted. */
  private static IllegalArgumentException overflow(String key, String literal, int shift) {
    String largest =
        (Long.MAX_VALUE >> shift) + ((shift == 0) ? "" : literal.substring(literal.length() - 1));
    return new IllegalArgumentException(
        String.format(
            Locale.US,
            "key %s value was set to %s, which overflows a long: the largest byte count is %s "
                + "(%d bytes)",
            key,
            literal,
            largest,
            Long.MAX_VALUE >> shift << shift));
  }

  /** Accepts underscores between digits ({@code 10_000}), as Java literals do. */
  private static String normalizeNumericLiteral(String value) {
    boolean invalid =
        value.startsWith("+_")
            || value.startsWith("-_")
            || value.startsWith("_")
            || value.endsWith("_");
    return invalid ? value : value.replace("_", "");
  }

  private static Duration parseDuration(String key, @Nullable String value) {
    String literal = requireValue(key, value, "value of key %s omitted");
    boolean isoFormat = literal.contains("p") || literal.contains("P");
    Duration duration = isoFormat ? parseIsoDuration(key, literal) : parseSimple(key, literal);
    requireArgument(
        !duration.isNegative(),
        "key %s invalid format; was %s, but the duration cannot be negative",
        key,
        literal);
    return duration;
  }

  private static Duration parseIsoDuration(String key, String value) {
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          String.format(
              Locale.US,
              "key %s invalid format; was %s, but the duration cannot be parsed",
              key,
              value),
          e);
    }
  }

  private static Duration parseSimple(String key, String value) {
    long amount = parseLong(key, value.substring(0, value.length() - 1));
    TimeUnit unit = parseTimeUnit(key, value);
    return Duration.ofNanos(unit.toNanos(amount));
  }

  private static TimeUnit parseTimeUnit(String key, String value) {
    switch (Character.toLowerCase(value.charAt(value.length() - 1))) {
      case 'd':
        return TimeUnit.DAYS;
      case 'h':
        return TimeUnit.HOURS;
      case 'm':
        return TimeUnit.MINUTES;
      case 's':
        return TimeUnit.SECONDS;
      default:
        throw new IllegalArgumentException(
            String.format(
                Locale.US,
                "key %s invalid format; was %s, must end with one of [dDhHmMsS]",
                key,
                value));
    }
  }

  private static String requireValue(String key, @Nullable String value, String template) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(String.format(Locale.US, template, key));
    }
    return value;
  }

  private static void requireArgument(
      boolean expression, String template, @Nullable Object... args) {
    if (!expression) {
      throw new IllegalArgumentException(String.format(Locale.US, template, args));
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    } else if (!(o instanceof CaffeineSpec)) {
      return false;
    }
    CaffeineSpec spec = (CaffeineSpec) o;
    return Objects.equals(refreshAfterWrite, spec.refreshAfterWrite)
        && Objects.equals(expireAfterAccess, spec.expireAfterAccess)
        && Objects.equals(expireAfterWrite, spec.expireAfterWrite)
        && Objects.equals(initialCapacity, spec.initialCapacity)
        && Objects.equals(maximumWeight, spec.maximumWeight)
        && Objects.equals(maximumSize, spec.maximumSize)
        && Objects.equals(maximumMemory, spec.maximumMemory)
        && Objects.equals(valueStrength, spec.valueStrength)
        && (weakKeys == spec.weakKeys)
        && (recordStats == spec.recordStats);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        initialCapacity,
        maximumSize,
        maximumWeight,
        maximumMemory,
        weakKeys,
        valueStrength,
        recordStats,
        expireAfterWrite,
        expireAfterAccess,
        refreshAfterWrite);
  }

  /** Returns the string this spec was parsed from, so that it parses back to an equal spec. */
  public String toParsableString() {
    return specification;
  }

  @Override
  public String toString() {
    return "CaffeineSpec{" + toParsableString() + '}';
  }
}
