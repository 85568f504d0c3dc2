package io.larder.cache.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Cache;
import io.larder.cache.CacheObserver;
import io.larder.cache.CacheObserver.GuardWarning;
import io.larder.cache.CacheObserver.Registration;
import io.larder.cache.CacheObserver.Rule;
import io.larder.cache.Caffeine;
import io.larder.cache.LeakGuard;
import io.larder.cache.LoadingCache;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@link CacheObserver}: a registered observer is told of every cache built (all four kinds) and
 * every guard warning, nothing after its registration is closed, and it keeps neither the caches
 * nor itself alive.
 */
class CacheObserverTest {

  /** Records what it is told, holding caches weakly as the contract asks. */
  static final class Recorder implements CacheObserver {
    final List<WeakReference<Object>> built = new ArrayList<>();
    final List<GuardWarning> warnings = new ArrayList<>();

    @Override
    public synchronized void cacheBuilt(Object cache) {
      built.add(new WeakReference<>(cache));
    }

    @Override
    public synchronized void guardWarning(GuardWarning warning) {
      warnings.add(warning);
    }

    synchronized List<Object> live() {
      List<Object> live = new ArrayList<>();
      built.forEach(
          reference -> {
            Object cache = reference.get();
            if (cache != null) {
              live.add(cache);
            }
          });
      return live;
    }
  }

  @Test
  void everyKindOfCacheBuiltIsReportedUntilTheRegistrationIsClosed() {
    Recorder recorder = new Recorder();
    Cache<Object, Object> manual;
    LoadingCache<Object, Object> loading;
    AsyncCache<Object, Object> async;
    AsyncLoadingCache<Object, Object> asyncLoading;
    try (Registration registration = CacheObserver.register(recorder)) {
      manual = Caffeine.newBuilder().build();
      loading = Caffeine.newBuilder().maximumSize(10).build(k -> k);
      async = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).buildAsync();
      asyncLoading = Caffeine.newBuilder().buildAsync(k -> k);
    }
    Cache<Object, Object> afterClose = Caffeine.newBuilder().build();
    assertThat(recorder.live()).containsExactly(manual, loading, async, asyncLoading);
    assertThat(recorder.live()).doesNotContain(afterClose);
  }

  @Test
  void guardWarningsAreReportedWithTheCacheAndTheRule() {
    Recorder recorder = new Recorder();
    double heap = Runtime.getRuntime().maxMemory();
    LeakGuard tight = LeakGuard.of((128 << 10) / heap, (256 << 10) / heap, 2);
    try (Registration registration = CacheObserver.register(recorder)) {
      Cache<Integer, byte[]> growing =
          Caffeine.newBuilder().name("growing").leakGuard(tight).build();
      for (int i = 0; i < 1_000; i++) {
        growing.put(i, new byte[1024]);
      }
      List<Cache<Object, Object>> churned = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        churned.add(Caffeine.newBuilder().name("churned").leakGuard(tight).build());
      }
      Cache<Integer, byte[]> capped =
          Caffeine.newBuilder()
              .name("capped")
              .maximumMemory(1 << 20)
              .maximumEntryMemory(1 << 10)
              .build();
      capped.put(1, new byte[4096]);
      assertThat(churned).hasSize(3);
    }
    assertThat(recorder.warnings)
        .extracting(GuardWarning::cacheName, GuardWarning::rule)
        .contains(
            org.assertj.core.groups.Tuple.tuple("growing", Rule.GROWTH),
            org.assertj.core.groups.Tuple.tuple("churned", Rule.CHURN),
            org.assertj.core.groups.Tuple.tuple("capped", Rule.OVERSIZE_ENTRY));
    assertThat(recorder.warnings)
        .allSatisfy(
            warning -> {
              assertThat(warning.creationSite())
                  .startsWith(
                      "io.larder.cache.guard.CacheObserverTest.guardWarningsAreReportedWithTheCacheAndTheRule(");
              assertThat(warning.message()).isNotBlank();
            });
  }

  @Test
  void theObserverHoldsNoCacheAndIsItselfHeldWeakly() {
    Recorder recorder = new Recorder();
    Registration registration = CacheObserver.register(recorder);
    WeakReference<Object> cache = new WeakReference<>(Caffeine.newBuilder().build());
    awaitCollected(cache);
    assertThat(recorder.built).hasSize(1);

    WeakReference<Recorder> observer = new WeakReference<>(recorder);
    recorder = null;
    registration = null; // dropped without closing: nothing Larder holds keeps the observer
    awaitCollected(observer);
    CompletableFuture<Object> stillBuilds =
        CompletableFuture.completedFuture(Caffeine.newBuilder().build());
    assertThat(stillBuilds).isDone();
  }

  private static void awaitCollected(WeakReference<?> reference) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              System.gc();
              return reference.get() == null;
            });
  }
}
