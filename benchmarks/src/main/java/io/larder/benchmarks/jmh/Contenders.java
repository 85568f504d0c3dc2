package io.larder.benchmarks.jmh;

import io.larder.benchmarks.adapter.BenchCache;
import io.larder.benchmarks.adapter.CacheSpec;
import io.larder.benchmarks.adapter.Libraries;

/**
 * Resolves a JMH {@code contender} parameter to a cache.
 *
 * <p>A contender is a library name, optionally with the suffix {@value #UNBOUNDED_SUFFIX}, which
 * drops the size bound from the benchmark's configuration; {@code ConcurrentHashMap} is always
 * unbounded.
 */
public final class Contenders {
  /** The suffix that selects a library's unbounded cache. */
  public static final String UNBOUNDED_SUFFIX = "_unbounded";

  private Contenders() {}

  /** Builds the contender's cache for the benchmark's configuration. */
  public static <K, V> BenchCache<K, V> build(String contender, CacheSpec spec) {
    String library = contender;
    CacheSpec adjusted = spec;
    if (contender.endsWith(UNBOUNDED_SUFFIX)) {
      library = contender.substring(0, contender.length() - UNBOUNDED_SUFFIX.length());
      adjusted = spec.withMaximumSize(-1);
    }
    if (library.equals("ConcurrentHashMap")) {
      adjusted = CacheSpec.unbounded();
    }
    return Libraries.byName(library).build(adjusted);
  }
}
