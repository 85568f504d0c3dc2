package io.larder.cache;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The thresholds of Larder's leak guards. <b>A Larder addition</b>: Caffeine has no guards.
 *
 * <ul>
 *   <li><b>Unbounded-cache guard.</b> A cache built with no size, weight or memory bound (none at
 *       all, or only expiration or refresh, which bound nothing when keys arrive faster than they
 *       expire) is watched at low cost: every so many writes its retained size is estimated from a
 *       sample of entries. Past {@link #warnHeapFraction()} of the maximum heap (default 10%) it
 *       logs one WARN naming the cache and the code that built it; past {@link
 *       #limitHeapFraction()} (default 25%) it evicts entries (cause {@link RemovalCause#SIZE},
 *       counted and notified; in a cache that expires, those that would expire first) down to the
 *       limit and logs that it did.
 *   <li><b>Mutated keys.</b> An entry whose key's {@code hashCode} changed while it was in a
 *       bounded cache is still removed from the hash table when evicted or expired (Caffeine leaves
 *       it and its key there), and the first such key is logged once at ERROR.
 *   <li><b>Cache churn.</b> Live caches are counted by the place in the code that built them
 *       (without keeping them alive); when one place holds more than {@link #churnThreshold()}
 *       (default 1,000) live caches, one WARN names that place: a cache built per request is a leak
 *       and a hit rate of zero.
 * </ul>
 *
 * <p>System properties, read when a cache is built: {@code larder.guard} ({@code on} or {@code
 * off}; {@code off} gives exactly Caffeine's behaviour), {@code larder.guard.warnHeapFraction},
 * {@code larder.guard.limitHeapFraction}, {@code larder.guard.churnThreshold}. In code, {@link
 * Caffeine#leakGuard(LeakGuard)} overrides them for one cache. A bad property value is logged and
 * the default used; a bad value in code is an {@link IllegalArgumentException} naming it.
 */
public final class LeakGuard {
  /** The default warning threshold: 10% of the maximum heap. */
  public static final double DEFAULT_WARN_HEAP_FRACTION = 0.10;

  /** The default hard limit: 25% of the maximum heap. */
  public static final double DEFAULT_LIMIT_HEAP_FRACTION = 0.25;

  /** The default number of live caches built at one place before a warning. */
  public static final int DEFAULT_CHURN_THRESHOLD = 1_000;

  private static final LeakGuard DISABLED = new LeakGuard(false, 1.0, 1.0, Integer.MAX_VALUE);

  private final boolean enabled;
  private final double warnHeapFraction;
  private final double limitHeapFraction;
  private final int churnThreshold;

  private LeakGuard(
      boolean enabled, double warnHeapFraction, double limitHeapFraction, int churnThreshold) {
    this.enabled = enabled;
    this.warnHeapFraction = warnHeapFraction;
    this.limitHeapFraction = limitHeapFraction;
    this.churnThreshold = churnThreshold;
  }

  /** Returns the guard that does nothing: exactly Caffeine's behaviour. */
  public static LeakGuard disabled() {
    return DISABLED;
  }

  /**
   * Returns an enabled guard with the given thresholds.
   *
   * @param warnHeapFraction the share of the maximum heap past which an unbounded cache is
   *     reported, in (0, 1]
   * @param limitHeapFraction the share past which it is trimmed, in [warnHeapFraction, 1]
   * @param churnThreshold the number of live caches built at one place before a warning, positive
   * @throws IllegalArgumentException naming the parameter and the value when one is out of range
   */
  public static LeakGuard of(
      double warnHeapFraction, double limitHeapFraction, int churnThreshold) {
    requireFraction("warnHeapFraction", warnHeapFraction);
    requireFraction("limitHeapFraction", limitHeapFraction);
    if (limitHeapFraction < warnHeapFraction) {
      throw new IllegalArgumentException(
          String.format(
              Locale.US,
              "limitHeapFraction (%s) must not be below warnHeapFraction (%s)",
              limitHeapFraction,
              warnHeapFraction));
    }
    if (churnThreshold <= 0) {
      throw new IllegalArgumentException(
          "churnThreshold must be positive but was " + churnThreshold);
    }
    return new LeakGuard(true, warnHeapFraction, limitHeapFraction, churnThreshold);
  }

  /**
   * Returns the guard configured by the {@code larder.guard*} system properties, or the defaults.
   */
  public static LeakGuard fromSystemProperties() {
    String mode = System.getProperty("larder.guard", "on").strip().toLowerCase(Locale.ROOT);
    if (mode.equals("off") || mode.equals("false")) {
      return DISABLED;
    }
    double warn = doubleProperty("larder.guard.warnHeapFraction", DEFAULT_WARN_HEAP_FRACTION);
    double limit = doubleProperty("larder.guard.limitHeapFraction", DEFAULT_LIMIT_HEAP_FRACTION);
    int churn = intProperty("larder.guard.churnThreshold", DEFAULT_CHURN_THRESHOLD);
    try {
      return of(warn, limit, churn);
    } catch (IllegalArgumentException e) {
      System.getLogger(LeakGuard.class.getName())
          .log(
              System.Logger.Level.WARNING,
              "Ignoring the larder.guard system properties: "
                  + e.getMessage()
                  + "; using the defaults");
      return of(DEFAULT_WARN_HEAP_FRACTION, DEFAULT_LIMIT_HEAP_FRACTION, DEFAULT_CHURN_THRESHOLD);
    }
  }

  /** Returns whether the guards are active. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Returns the share of the maximum heap past which an unbounded cache is reported. */
  public double warnHeapFraction() {
    return warnHeapFraction;
  }

  /** Returns the share of the maximum heap past which an unbounded cache is trimmed. */
  public double limitHeapFraction() {
    return limitHeapFraction;
  }

  /** Returns the number of live caches built at one place before a warning. */
  public int churnThreshold() {
    return churnThreshold;
  }

  /** Returns the warning threshold in bytes for the current JVM. */
  public long warnBytes() {
    return (long) (Runtime.getRuntime().maxMemory() * warnHeapFraction);
  }

  /** Returns the hard limit in bytes for the current JVM. */
  public long limitBytes() {
    return (long) (Runtime.getRuntime().maxMemory() * limitHeapFraction);
  }

  private static void requireFraction(String name, double value) {
    if (!(value > 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in (0, 1] but was " + value);
    }
  }

  private static double doubleProperty(String name, double defaultValue) {
    @Nullable String value = System.getProperty(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      logBadProperty(name, value);
      return defaultValue;
    }
  }

  private static int intProperty(String name, int defaultValue) {
    @Nullable String value = System.getProperty(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      logBadProperty(name, value);
      return defaultValue;
    }
  }

  private static void logBadProperty(String name, String value) {
    System.getLogger(LeakGuard.class.getName())
        .log(
            System.Logger.Level.WARNING,
            "Ignoring system property " + name + "=" + value + ": not a number; using the default");
  }

  @Override
  public String toString() {
    return enabled
        ? String.format(
            Locale.US,
            "LeakGuard{warn=%.0f%% of heap, limit=%.0f%% of heap, churn=%d}",
            warnHeapFraction * 100,
            limitHeapFraction * 100,
            churnThreshold)
        : "LeakGuard{disabled}";
  }
}
