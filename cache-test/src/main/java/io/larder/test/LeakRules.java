package io.larder.test;

import io.larder.cache.AsyncCache;
import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Policy;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The rules a cache is checked against, and the words of their failures: one place for the
 * extension, the assertions and the replay. Only Larder's public API is read.
 */
final class LeakRules {
  /** The settings of {@link CacheLeakCheck} when the extension is auto-detected. */
  static final LeakRules DEFAULTS = new LeakRules(Set.of(), -1, 10, true);

  final Set<String> allowUnbounded;
  final long maximumBytes;
  final int maximumBuildsPerSite;
  final boolean failOnGuardWarnings;

  LeakRules(Set<String> allowUnbounded, long maximumBytes, int maximumBuildsPerSite,
      boolean failOnGuardWarnings) {
    this.allowUnbounded = Set.copyOf(allowUnbounded);
    this.maximumBytes = maximumBytes;
    this.maximumBuildsPerSite = maximumBuildsPerSite;
    this.failOnGuardWarnings = failOnGuardWarnings;
  }

  static LeakRules of(CacheLeakCheck check) {
    return new LeakRules(new TreeSet<>(Arrays.asList(check.allowUnbounded())),
        check.maximumBytes(), check.maximumBuildsPerSite(), check.failOnGuardWarnings());
  }

  /** Returns the insight of a Larder cache, or fails naming the object's type. */
  static CacheInsight insight(Object cache) {
    return CacheInsight.of(cache).orElseThrow(() -> new IllegalArgumentException(
        "not a Larder cache: " + ((cache == null) ? "null" : cache.getClass().getName())));
  }

  /**
   * Returns the synchronous view of a Larder cache of any kind (itself, or an async cache's
   * {@code synchronous()}), if it is one.
   */
  static Optional<Cache<?, ?>> synchronous(Object cache) {
    if (cache instanceof Cache<?, ?> sync) {
      return Optional.of(sync);
    } else if (cache instanceof AsyncCache<?, ?> async) {
      return Optional.of(async.synchronous());
    }
    return Optional.empty();
  }

  /** Returns the policy of a Larder cache of any kind, if it has one. */
  static Optional<Policy<?, ?>> policy(Object cache) {
    return synchronous(cache).map(Cache::policy);
  }

  /** Returns whether the cache expires its entries (after write, after access, or variably). */
  static boolean expires(Object cache) {
    return policy(cache).map(policy -> policy.expireAfterWrite().isPresent()
        || policy.expireAfterAccess().isPresent()
        || policy.expireVariably().isPresent()).orElse(false);
  }

  /** Returns whether nothing bounds the cache: no size, weight or memory bound, no expiration. */
  static boolean isUnbounded(Object cache) {
    return !insight(cache).isBounded() && !expires(cache);
  }

  /** Returns how the cache is bounded, for reports. */
  static String describeBound(Object cache) {
    CacheInsight insight = insight(cache);
    if (insight.maximumBytes().isPresent()) {
      return "maximumMemory " + bytes(insight.maximumBytes().getAsLong());
    } else if (insight.maximum().isPresent()) {
      return "maximum " + insight.maximum().getAsLong();
    }
    return expires(cache) ? "expiration only" : "unbounded";
  }

  /** Returns the cache's label: its name, and its build site if the name is not the site. */
  static String label(CacheInsight insight) {
    return label(insight.name(), insight.creationSite());
  }

  /** Returns the label of the cache of that name and build site. */
  static String label(String name, String creationSite) {
    return name.equals(creationSite)
        ? "cache built at " + creationSite
        : "cache '" + name + "' built at " + creationSite;
  }

  /**
   * Returns the settings annotation of the test method, else of its class (either possibly
   * inherited or meta-present).
   */
  static <A extends Annotation> Optional<A> settings(ExtensionContext context, Class<A> type) {
    return context.getTestMethod()
        .flatMap(method -> AnnotationSupport.findAnnotation(method, type))
        .or(() -> context.getTestClass()
            .flatMap(testClass -> AnnotationSupport.findAnnotation(testClass, type)));
  }

  /** Returns a test failure's message: the header, the count, then one line per failure. */
  static String message(String header, String subject, List<String> failures) {
    StringBuilder message = new StringBuilder(header).append(": ")
        .append(failures.size()).append((failures.size() == 1) ? " problem" : " problems")
        .append(" with ").append(subject).append(':');
    for (String failure : failures) {
      message.append("\n - ").append(failure);
    }
    return message.toString();
  }

  /** Returns whether the cache of this name may be unbounded. */
  boolean allowsUnbounded(String cacheName) {
    return allowUnbounded.contains(cacheName);
  }

  /** Returns the failures of one live cache against these rules (empty if it passes). */
  List<String> check(Object cache) {
    CacheInsight insight = insight(cache);
    List<String> failures = new java.util.ArrayList<>();
    if (isUnbounded(cache) && !allowUnbounded.contains(insight.name())) {
      failures.add(unbounded(insight));
    }
    if ((maximumBytes >= 0) && (insight.estimatedBytes() > maximumBytes)) {
      failures.add(label(insight) + " holds about " + bytes(insight.estimatedBytes())
          + ", more than the limit of " + bytes(maximumBytes) + " (maximumBytes).");
    }
    return failures;
  }

  /** The failure of an unbounded cache, with how to bound it. */
  static String unbounded(CacheInsight insight) {
    return label(insight) + " is unbounded: it has no maximumSize, maximumWeight or "
        + "maximumMemory and no expiration, so it grows with every new key (the incident's "
        + "leak). Bound it, for example Caffeine.newBuilder().maximumSize(10_000) or "
        + ".maximumMemory(64L << 20), or expire its entries with .expireAfterWrite(...); or, if "
        + "it is bounded by its keys, name it with Caffeine.name(\"...\") and allow it with "
        + "@CacheLeakCheck(allowUnbounded = \"...\").";
  }

  /**
   * Formats bytes in binary units ("1.5 MiB"). The same ten lines stand in cache-spring's {@code
   * LarderCacheInventory}, on purpose: the two modules share only cache-core, whose public API
   * stays Caffeine's plus cache additions (no text formatting), and a test kit must not bring a
   * user's tests cache-metrics and Micrometer for one method.
   */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while ((value >= 1024) && (unit < units.length - 1)) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.US, "%.1f %s", value, units[unit]);
  }
}
