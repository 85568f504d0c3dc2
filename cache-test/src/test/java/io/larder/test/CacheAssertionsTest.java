package io.larder.test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.cache.AsyncCache;
import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.LeakGuard;
import java.time.Duration;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/** {@link CacheAssertions}: each assertion passes on a cache that keeps it and fails otherwise. */
class CacheAssertionsTest {

  @Test
  void isBoundedPassesForEveryKindOfBoundAndFailsForNone() {
    assertThatCode(
            () -> {
              CacheAssertions.assertThat(Caffeine.newBuilder().maximumSize(10).build()).isBounded();
              CacheAssertions.assertThat(Caffeine.newBuilder().maximumMemory(1 << 20).build())
                  .isBounded();
              CacheAssertions.assertThat(
                      Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).build())
                  .isBounded();
              CacheAssertions.assertThat(Caffeine.newBuilder().maximumSize(10).buildAsync())
                  .isBounded();
            })
        .doesNotThrowAnyException();
    Cache<String, String> unbounded = Caffeine.newBuilder().name("everything").build();
    assertThatThrownBy(() -> CacheAssertions.assertThat(unbounded).isBounded())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("cache 'everything' built at io.larder.test.CacheAssertionsTest")
        .hasMessageContaining("is unbounded");
    AsyncCache<String, String> async = Caffeine.newBuilder().buildAsync();
    assertThatThrownBy(() -> CacheAssertions.assertThat(async).isBounded())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("is unbounded");
  }

  @Test
  void hasNoGuardWarningsFailsOnceAGuardWarned() {
    double heap = Runtime.getRuntime().maxMemory();
    Cache<String, byte[]> cache =
        Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(1))
            .leakGuard(LeakGuard.of((128 << 10) / heap, (64 << 20) / heap, 100))
            .build();
    CacheAssertions.assertThat(cache).hasNoGuardWarnings();
    for (int i = 0; i < 1_000; i++) {
      cache.put("k" + i, new byte[1024]);
    }
    assertThatThrownBy(() -> CacheAssertions.assertThat(cache).hasNoGuardWarnings())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("raised 1 leak-guard warning(s)");
  }

  @Test
  void estimatedBytesAtMostComparesTheInsightsEstimate() {
    Cache<Integer, byte[]> cache =
        Caffeine.newBuilder().maximumMemory(1 << 20).executor(Runnable::run).build();
    for (int i = 0; i < 100; i++) {
      cache.put(i, new byte[1000]);
    }
    CacheAssertions.assertThat(cache).estimatedBytesAtMost(200_000);
    assertThatThrownBy(() -> CacheAssertions.assertThat(cache).estimatedBytesAtMost(50_000))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("more than 48.8 KiB (50000 bytes)");
  }

  @Test
  void hasHitRateAtLeastNeedsStatisticsAndReads() {
    Cache<Integer, Integer> withStats = Caffeine.newBuilder().maximumSize(10).recordStats().build();
    assertThatThrownBy(() -> CacheAssertions.assertThat(withStats).hasHitRateAtLeast(0.5))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("was never read");
    withStats.put(1, 1);
    withStats.getIfPresent(1);
    withStats.getIfPresent(1);
    withStats.getIfPresent(1);
    withStats.getIfPresent(2);
    CacheAssertions.assertThat(withStats).hasHitRateAtLeast(0.75);
    assertThatThrownBy(() -> CacheAssertions.assertThat(withStats).hasHitRateAtLeast(0.8))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("has a hit rate of 0.750 (3 hits of 4 reads), below 0.800");
    Cache<Integer, Integer> noStats = Caffeine.newBuilder().maximumSize(10).build();
    assertThatThrownBy(() -> CacheAssertions.assertThat(noStats).hasHitRateAtLeast(0.5))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("recordStats()");
    assertThatThrownBy(() -> CacheAssertions.assertThat(withStats).hasHitRateAtLeast(1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anObjectThatIsNotALarderCacheIsRefused() {
    assertThatThrownBy(() -> CacheAssertions.assertThat(new HashMap<>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a Larder cache: java.util.HashMap");
  }
}
