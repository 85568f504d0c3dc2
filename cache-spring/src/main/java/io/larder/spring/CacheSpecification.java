package io.larder.spring;

import io.larder.cache.Caffeine;
import io.larder.cache.CaffeineSpec;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A parsed cache specification and the option names it sets, which the manager needs in order to
 * decide what to add to the builder (statistics, the shared budget) without setting anything twice.
 */
final class CacheSpecification {
  static final CacheSpecification EMPTY = parse("");

  private final CaffeineSpec spec;
  private final Set<String> options;

  private CacheSpecification(CaffeineSpec spec) {
    this.spec = spec;
    this.options = optionNames(spec.toParsableString());
  }

  /**
   * Parses a specification in Caffeine's grammar plus {@code maximumMemory}.
   *
   * @throws IllegalArgumentException if it is invalid
   */
  static CacheSpecification parse(String specification) {
    Objects.requireNonNull(specification, "specification");
    return new CacheSpecification(CaffeineSpec.parse(specification));
  }

  static CacheSpecification of(CaffeineSpec spec) {
    return new CacheSpecification(Objects.requireNonNull(spec, "spec"));
  }

  /** Returns a new builder with this specification's settings. */
  Caffeine<Object, Object> toBuilder() {
    return Caffeine.from(spec);
  }

  /**
   * Returns whether the specification bounds the cache by entries or weight ({@code maximumSize}
   * or {@code maximumWeight}): such a cache is bounded by its own count, and its weights are not
   * bytes, so it cannot share a byte budget.
   */
  boolean boundsEntries() {
    return options.contains("maximumsize") || options.contains("maximumweight");
  }

  /** Returns whether the specification sets {@code recordStats}. */
  boolean recordsStats() {
    return options.contains("recordstats");
  }

  private static Set<String> optionNames(String specification) {
    Set<String> names = new TreeSet<>();
    for (String option : specification.split(",", -1)) {
      int equals = option.indexOf('=');
      String name = (equals < 0) ? option : option.substring(0, equals);
      if (!name.isBlank()) {
        names.add(name.strip().toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return (o instanceof CacheSpecification other) && spec.equals(other.spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }

  @Override
  public String toString() {
    return spec.toParsableString();
  }
}
