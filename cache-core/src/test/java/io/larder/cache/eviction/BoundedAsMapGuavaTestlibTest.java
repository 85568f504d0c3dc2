package io.larder.cache.eviction;

import com.google.common.collect.testing.ConcurrentMapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import io.larder.cache.Caffeine;
import java.util.Map;
import java.util.function.Supplier;
import junit.framework.Test;
import junit.framework.TestCase;
import junit.framework.TestSuite;

/**
 * Guava testlib's {@code ConcurrentMap} suite against the {@code asMap()} view of size- and
 * weight-bounded Larder caches (large enough that nothing is evicted during a test). A JUnit 3
 * suite, run by the JUnit Vintage engine.
 */
public final class BoundedAsMapGuavaTestlibTest extends TestCase {

  /** Returns the suites. */
  public static Test suite() {
    TestSuite suite = new TestSuite("bounded asMap");
    suite.addTest(
        suiteFor(
            "maximumSize Cache.asMap",
            () ->
                Caffeine.newBuilder()
                    .maximumSize(1_000)
                    .executor(Runnable::run)
                    .recordStats()
                    .removalListener((k, v, cause) -> {})
                    .<String, String>build()
                    .asMap()));
    suite.addTest(
        suiteFor(
            "maximumWeight Cache.asMap",
            () ->
                Caffeine.newBuilder()
                    .maximumWeight(10_000)
                    .<String, String>weigher((k, v) -> v.length())
                    .evictionListener((k, v, cause) -> {})
                    .build()
                    .asMap()));
    return suite;
  }

  private static Test suiteFor(String name, Supplier<Map<String, String>> newMap) {
    return ConcurrentMapTestSuiteBuilder.using(
            new TestStringMapGenerator() {
              @Override
              protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                Map<String, String> map = newMap.get();
                for (Map.Entry<String, String> entry : entries) {
                  map.put(entry.getKey(), entry.getValue());
                }
                return map;
              }
            })
        .named(name)
        .withFeatures(
            CollectionSize.ANY,
            MapFeature.GENERAL_PURPOSE,
            MapFeature.ALLOWS_NULL_ENTRY_QUERIES,
            CollectionFeature.SUPPORTS_ITERATOR_REMOVE)
        .createTestSuite();
  }
}
