package io.larder.cache;

import com.google.common.collect.testing.ConcurrentMapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import java.util.Map;
import java.util.function.Supplier;
import junit.framework.Test;
import junit.framework.TestCase;
import junit.framework.TestSuite;

/**
 * Guava testlib's {@code ConcurrentMap} suite against the {@code asMap()} view of an unbounded
 * Larder cache: a manual one with statistics and a removal listener, and a loading one with
 * neither, so that both paths of {@code clear()} run. A JUnit 3 suite, run by the JUnit Vintage
 * engine; surefire counts each testlib test.
 */
public final class AsMapGuavaTestlibTest extends TestCase {

  /** Returns the suites. */
  public static Test suite() {
    TestSuite suite = new TestSuite("asMap");
    suite.addTest(
        suiteFor(
            "Cache.asMap",
            () ->
                Caffeine.newBuilder()
                    .executor(Runnable::run)
                    .recordStats()
                    .removalListener((k, v, cause) -> {})
                    .<String, String>build()
                    .asMap()));
    suite.addTest(
        suiteFor(
            "LoadingCache.asMap",
            () ->
                Caffeine.newBuilder()
                    .executor(Runnable::run)
                    .<String, String>build(key -> key)
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
