package io.larder.benchmarks.adapter;

/** A cache or map implementation under comparison; builds the {@link CacheSpec}s it supports. */
public interface CacheLibrary {

  /** Returns the short name used in tables, charts and JMH parameters. */
  String name();

  /**
   * Builds an empty cache of the given configuration.
   *
   * @throws UnsupportedConfigurationException if the library has no such configuration; the message
   *     is the reason, as shown in the report
   */
  <K, V> BenchCache<K, V> build(CacheSpec spec);
}
