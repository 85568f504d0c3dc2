package io.larder.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.RemovalCause;
import io.larder.cache.RemovalListener;
import io.larder.cache.Scheduler;
import io.larder.cache.Ticker;
import io.larder.cache.Weigher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The storage itself, in the modes the public API cannot reach yet: holding the futures of an
 * asynchronous cache ({@code isAsync}), as {@link LocalCache}'s contract describes.
 */
class UnboundedLocalCacheTest {

  private static <K, V> CacheSettings<K, V> settings(
      @Nullable RemovalListener<? super K, ? super V> listener, boolean recordStats) {
    return new CacheSettings<>(
        "test",
        "site",
        CacheSettings.UNSET,
        CacheSettings.UNSET,
        CacheSettings.UNSET,
        Weigher.singletonWeigher(),
        false,
        false,
        CacheSettings.Strength.STRONG,
        CacheSettings.UNSET,
        CacheSettings.UNSET,
        null,
        CacheSettings.UNSET,
        Ticker.disabledTicker(),
        Ticker.systemTicker(),
        Runnable::run,
        Scheduler.disabledScheduler(),
        null,
        listener,
        recordStats ? io.larder.cache.stats.ConcurrentStatsCounter::new : null,
        CacheSettings.UNSET,
        CacheSettings.UNSET,
        null,
        io.larder.cache.LeakGuard.disabled());
  }

  @Test
  void anAsyncStorageReportsAReplacementOnceBothFuturesCompleteWithDifferentValues() {
    List<String> removals = new ArrayList<>();
    UnboundedLocalCache<String, CompletableFuture<String>> cache =
        new UnboundedLocalCache<>(
            settings((k, v, cause) -> removals.add(k + " " + cause), false), /* isAsync= */ true);
    assertThat(cache.isAsync()).isTrue();

    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> second = new CompletableFuture<>();
    cache.put("k", first);
    cache.put("k", second);
    assertThat(removals).isEmpty();
    second.complete("two");
    assertThat(removals).isEmpty();
    first.complete("one");
    assertThat(removals).containsExactly("k REPLACED");
  }

  @Test
  void anAsyncStorageDoesNotReportAReplacementBySameValue() {
    List<String> removals = new ArrayList<>();
    UnboundedLocalCache<String, CompletableFuture<String>> cache =
        new UnboundedLocalCache<>(
            settings((k, v, cause) -> removals.add(k + " " + cause), false), /* isAsync= */ true);
    String value = "same";
    cache.put("k", CompletableFuture.completedFuture(value));
    cache.put("k", CompletableFuture.completedFuture(value));
    assertThat(removals).isEmpty();

    CompletableFuture<String> failed = new CompletableFuture<>();
    cache.put("k", failed);
    failed.completeExceptionally(new IllegalStateException("load failed"));
    assertThat(removals).containsExactly("k REPLACED");
  }

  @Test
  void anAsyncStorageComparesFuturesByIdentity() {
    UnboundedLocalCache<String, CompletableFuture<String>> cache =
        new UnboundedLocalCache<>(settings(null, false), /* isAsync= */ true);
    CompletableFuture<String> stored = CompletableFuture.completedFuture("v");
    cache.put("k", stored);

    assertThat(
            cache.replace(
                "k",
                CompletableFuture.completedFuture("v"),
                CompletableFuture.completedFuture("w"),
                true))
        .isFalse();
    assertThat(cache.remove("k", CompletableFuture.completedFuture("v"))).isFalse();
    CompletableFuture<String> replacement = CompletableFuture.completedFuture("w");
    assertThat(cache.replace("k", stored, replacement, true)).isTrue();
    assertThat(cache.remove("k", replacement)).isTrue();
  }

  @Test
  void aSyncStorageComparesValuesByEquality() {
    UnboundedLocalCache<String, String> cache =
        new UnboundedLocalCache<>(settings(null, false), /* isAsync= */ false);
    cache.put("k", "v");
    assertThat(cache.isAsync()).isFalse();
    assertThat(cache.replace("k", new String("v"), "w", true)).isTrue();
    assertThat(cache.remove("k", new String("w"))).isTrue();
  }

  @Test
  void aWriteDiscardsAReloadInFlightUnlessAskedNotTo() {
    UnboundedLocalCache<String, String> cache =
        new UnboundedLocalCache<>(settings(null, false), /* isAsync= */ false);
    cache.put("k", "v");
    CompletableFuture<String> reload = new CompletableFuture<>();

    cache.refreshes().put("k", reload);
    assertThat(cache.replace("k", "v", "w", /* shouldDiscardRefresh= */ false)).isTrue();
    assertThat(cache.refreshes()).containsKey("k");
    assertThat(cache.replace("k", "w", "x", /* shouldDiscardRefresh= */ true)).isTrue();
    assertThat(cache.refreshes()).isEmpty();

    cache.refreshes().put("k", reload);
    cache.compute("k", (k, v) -> v + "!");
    assertThat(cache.refreshes()).isEmpty();
  }

  @Test
  void statisticsUseTheSystemTickerOnlyWhenRecording() {
    UnboundedLocalCache<String, String> off =
        new UnboundedLocalCache<>(settings(null, false), false);
    UnboundedLocalCache<String, String> on = new UnboundedLocalCache<>(settings(null, true), false);
    assertThat(off.statsTicker()).isSameAs(Ticker.disabledTicker());
    assertThat(on.statsTicker()).isSameAs(Ticker.systemTicker());
    assertThat(on.isRecordingStats()).isTrue();
    assertThat(off.referenceKey("k")).isEqualTo("k");
    assertThat(off.expiry()).isNull();
    assertThat(off.settings().name()).isEqualTo("test");
  }

  @Test
  void removalNotificationsCarryTheCause() {
    List<String> removals = new ArrayList<>();
    UnboundedLocalCache<String, String> cache =
        new UnboundedLocalCache<>(
            settings((k, v, cause) -> removals.add(k + "=" + v + " " + cause), false), false);
    cache.notifyRemoval("k", "v", RemovalCause.EXPIRED);
    cache.notifyRemoval(null, null, RemovalCause.COLLECTED);
    assertThat(removals).containsExactly("k=v EXPIRED", "null=null COLLECTED");
  }
}
