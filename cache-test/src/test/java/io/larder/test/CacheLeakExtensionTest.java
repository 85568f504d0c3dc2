package io.larder.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.LeakGuard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * {@link CacheLeakCheck} run through JUnit's own engine ({@link EngineTestKit}) on small test
 * classes (nested here, so that the build does not run them itself): a test that fills an unbounded
 * cache fails with a message naming the cache and how to bound it; the same test with a bound
 * passes; and so on for every rule and every way of registering the extension.
 */
class CacheLeakExtensionTest {

  /** Runs the test class and returns the failure message of its only test, if it failed. */
  private static Optional<String> failureOf(Class<?> testClass, String... configuration) {
    var request = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass));
    for (int i = 0; i < configuration.length; i += 2) {
      request = request.configurationParameter(configuration[i], configuration[i + 1]);
    }
    EngineExecutionResults results = request.execute();
    assertThat(results.testEvents().started().count()).as("tests run").isEqualTo(1);
    List<Event> failed = results.testEvents().failed().list();
    if (failed.isEmpty()) {
      assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
      return Optional.empty();
    }
    Throwable thrown =
        failed
            .get(0)
            .getPayload(org.junit.platform.engine.TestExecutionResult.class)
            .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
            .orElseThrow();
    assertThat(thrown).isInstanceOf(AssertionError.class);
    return Optional.of(thrown.getMessage());
  }

  @Test
  void anUnboundedCacheFilledDuringTheTestFailsItNamingTheCacheAndTheFix() {
    String message = failureOf(UnboundedCacheTest.class).orElseThrow();
    assertThat(message)
        .startsWith("Larder @CacheLeakCheck: 1 problem with caches built during this test:")
        .contains(
            "cache built at io.larder.test.CacheLeakExtensionTest$UnboundedCacheTest"
                + ".<init>(CacheLeakExtensionTest.java:")
        .contains("is unbounded")
        .contains("maximumSize(10_000)");
  }

  @Test
  void theSameCacheWithMaximumSizePasses() {
    assertThat(failureOf(BoundedCacheTest.class)).isEmpty();
  }

  @Test
  void anExpiringCachePasses() {
    assertThat(failureOf(ExpiringCacheTest.class)).isEmpty();
  }

  @Test
  void anUnboundedCacheAllowedByNamePasses() {
    assertThat(failureOf(AllowedByNameTest.class)).isEmpty();
  }

  @Test
  void aMethodsAnnotationWinsOverItsClasss() {
    assertThat(failureOf(MethodOverridesClassTest.class)).isEmpty();
  }

  @Test
  void aCacheBuiltPerCallFailsTheTestNamingTheSite() {
    String message = failureOf(CachePerCallTest.class).orElseThrow();
    assertThat(message)
        .contains(
            "12 caches were built at io.larder.test.CacheLeakExtensionTest"
                + "$CachePerCallTest.newCache(CacheLeakExtensionTest.java:",
            "more than 10");
  }

  @Test
  void aCacheOverTheByteLimitFailsTheTest() {
    String message = failureOf(OverByteLimitTest.class).orElseThrow();
    assertThat(message).contains("cache 'images'", "more than the limit of 9.8 KiB");
  }

  @Test
  void aGuardWarningFailsTheTest() {
    String message = failureOf(GuardWarningTest.class).orElseThrow();
    assertThat(message)
        .contains(
            "cache 'sessions'", "raised a GROWTH guard warning", "more than the warning threshold");
  }

  @Test
  void aGuardWarningMayBeAllowed() {
    assertThat(failureOf(GuardWarningAllowedTest.class)).isEmpty();
  }

  @Test
  void extendWithRegistersTheSameCheck() {
    assertThat(failureOf(ExtendWithTest.class).orElseThrow()).contains("is unbounded");
  }

  @Test
  void autoDetectionChecksATestWithoutTheAnnotation() {
    assertThat(failureOf(UnannotatedTest.class)).isEmpty();
    assertThat(
            failureOf(
                    UnannotatedTest.class, "junit.jupiter.extensions.autodetection.enabled", "true")
                .orElseThrow())
        .contains("is unbounded");
  }

  @Test
  void aCacheDroppedBeforeTheEndIsNotHeldByTheCheck() {
    assertThat(failureOf(DroppedCacheTest.class)).isEmpty();
  }

  /** Fills a cache the way the incident's service did: unique keys. */
  static void fill(Cache<String, byte[]> cache, int entries) {
    for (int i = 0; i < entries; i++) {
      cache.put("key-" + i, new byte[100]);
    }
  }

  @CacheLeakCheck
  static class UnboundedCacheTest {
    final Cache<String, byte[]> cache = Caffeine.newBuilder().build();

    @Test
    void fills() {
      fill(cache, 1_000);
    }
  }

  @CacheLeakCheck
  static class BoundedCacheTest {
    final Cache<String, byte[]> cache = Caffeine.newBuilder().maximumSize(100).build();

    @Test
    void fills() {
      fill(cache, 1_000);
    }
  }

  @CacheLeakCheck
  static class ExpiringCacheTest {
    final Cache<String, byte[]> cache =
        Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(5)).build();

    @Test
    void fills() {
      fill(cache, 1_000);
    }
  }

  @CacheLeakCheck(allowUnbounded = "countries")
  static class AllowedByNameTest {
    final Cache<String, byte[]> cache = Caffeine.newBuilder().name("countries").build();

    @Test
    void fills() {
      fill(cache, 200);
    }
  }

  @CacheLeakCheck
  static class MethodOverridesClassTest {
    final Cache<String, byte[]> cache = Caffeine.newBuilder().name("countries").build();

    @Test
    @CacheLeakCheck(allowUnbounded = "countries")
    void fills() {
      fill(cache, 200);
    }
  }

  @CacheLeakCheck
  static class CachePerCallTest {
    final List<Cache<String, byte[]>> perRequest = new ArrayList<>();

    Cache<String, byte[]> newCache() {
      return Caffeine.newBuilder().maximumSize(10).build();
    }

    @Test
    void buildsACacheForEveryCall() {
      for (int i = 0; i < 12; i++) {
        Cache<String, byte[]> cache = newCache();
        fill(cache, 5);
        perRequest.add(cache);
      }
    }
  }

  @CacheLeakCheck(maximumBytes = 10_000)
  static class OverByteLimitTest {
    final Cache<String, byte[]> cache =
        Caffeine.newBuilder().name("images").maximumSize(1_000).build();

    @Test
    void fills() {
      fill(cache, 1_000);
    }
  }

  /** A guard tuned so that 2,000 entries of about 1 KiB cross its warning threshold. */
  static Cache<String, byte[]> sessions() {
    double heap = Runtime.getRuntime().maxMemory();
    return Caffeine.newBuilder()
        .name("sessions")
        .expireAfterAccess(Duration.ofHours(1))
        .leakGuard(LeakGuard.of((256 << 10) / heap, (64 << 20) / heap, 100))
        .build();
  }

  @CacheLeakCheck
  static class GuardWarningTest {
    final Cache<String, byte[]> cache = sessions();

    @Test
    void fills() {
      for (int i = 0; i < 2_000; i++) {
        cache.put("session-" + i, new byte[1024]);
      }
    }
  }

  @CacheLeakCheck(failOnGuardWarnings = false)
  static class GuardWarningAllowedTest {
    final Cache<String, byte[]> cache = sessions();

    @Test
    void fills() {
      for (int i = 0; i < 2_000; i++) {
        cache.put("session-" + i, new byte[1024]);
      }
    }
  }

  @ExtendWith(CacheLeakExtension.class)
  static class ExtendWithTest {
    final Cache<String, byte[]> cache = Caffeine.newBuilder().build();

    @Test
    void fills() {
      fill(cache, 100);
    }
  }

  static class UnannotatedTest {
    final Cache<String, byte[]> cache = Caffeine.newBuilder().build();

    @Test
    void fills() {
      fill(cache, 100);
    }
  }

  @CacheLeakCheck
  static class DroppedCacheTest {
    @Test
    void buildsAndDropsATemporaryCache() throws InterruptedException {
      java.lang.ref.WeakReference<Object> dropped =
          new java.lang.ref.WeakReference<>(Caffeine.newBuilder().build());
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while ((dropped.get() != null) && (System.nanoTime() < deadline)) {
        System.gc();
        Thread.sleep(10);
      }
      assertThat(dropped.get()).as("the observer let the cache be collected").isNull();
    }
  }
}
