package io.larder.cache.async;

import com.google.common.collect.testing.ConcurrentMapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import java.util.Map;
import junit.framework.Test;
import junit.framework.TestSuite;

/**
 * Guava testlib's {@code ConcurrentMap} conformance suite on the {@code asMap()} view of the {@code
 * synchronous()} view of an {@code AsyncCache} and of an {@code AsyncLoadingCache}; run for Larder
 * and for Caffeine.
 */
public final class SynchronousAsMapGuavaTests {
  private SynchronousAsMapGuavaTests() {}

  /** Returns the suites, as JUnit 4 (vintage) runs them. */
  public static Test suite() {
    var suite = new TestSuite("AsyncCache synchronous asMap");
    for (Impl impl : Impl.values()) {
      suite.addTest(synchronousAsMap(impl, /* loading= */ false));
      suite.addTest(synchronousAsMap(impl, /* loading= */ true));
    }
    return suite;
  }

  private static Test synchronousAsMap(Impl impl, boolean loading) {
    String name = impl + (loading ? " AsyncLoadingCache" : " AsyncCache") + " synchronous asMap";
    return ConcurrentMapTestSuiteBuilder.using(
            new TestStringMapGenerator() {
              @Override
              protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                Map<String, String> map =
                    loading
                        ? impl.<String, String>newAsyncLoadingCache(
                                new Removals<>(), (key, executor) -> null)
                            .synchronous()
                            .asMap()
                        : impl.<String, String>newAsyncCache(new Removals<>())
                            .synchronous()
                            .asMap();
                for (Map.Entry<String, String> entry : entries) {
                  map.put(entry.getKey(), entry.getValue());
                }
                return map;
              }
            })
        .named(name)
        .withFeatures(
            MapFeature.GENERAL_PURPOSE,
            CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
            CollectionSize.ANY)
        .createTestSuite();
  }
}
