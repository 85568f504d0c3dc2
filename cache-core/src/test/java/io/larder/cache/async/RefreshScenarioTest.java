package io.larder.cache.async;

import static io.larder.cache.async.Scenarios.counts;
import static io.larder.cache.async.Scenarios.stats;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.LoadingCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code synchronous().refresh} and {@code refreshAll} of an asynchronous loading cache, with
 * reloads the test completes by hand, against Larder and Caffeine.
 */
class RefreshScenarioTest {

  /** Loads "v{key}" at once; reloads hand out futures the test completes. */
  static final class ReloadingLoader implements AsyncCacheLoader<Integer, String> {
    final List<CompletableFuture<String>> reloads = new ArrayList<>();
    final List<String> reloadedFrom = new ArrayList<>();

    @Override
    public CompletableFuture<String> asyncLoad(Integer key, Executor executor) {
      return CompletableFuture.completedFuture("v" + key);
    }

    @Override
    public CompletableFuture<String> asyncReload(Integer key, String oldValue, Executor executor) {
      reloadedFrom.add(oldValue);
      var future = new CompletableFuture<String>();
      reloads.add(future);
      return future;
    }
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void refreshOfAbsentKeyLoadsItWithoutCountingAHitOrMiss(Impl impl) {
    var loader = new ReloadingLoader();
    AsyncLoadingCache<Integer, String> cache = impl.newAsyncLoadingCache(new Removals<>(), loader);
    assertThat(cache.synchronous().refresh(1).join()).isEqualTo("v1");
    assertThat(cache.synchronous().getIfPresent(1)).isEqualTo("v1");
    assertThat(loader.reloads).isEmpty();
    assertThat(cache.synchronous().policy().refreshes()).isEmpty();
    assertThat(counts(cache)).isEqualTo(stats(1, 0, 1, 0));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void refreshOfPresentKeyReloadsAndReplacesWhenDone(Impl impl) {
    var removals = new Removals<Integer, String>();
    var loader = new ReloadingLoader();
    AsyncLoadingCache<Integer, String> cache = impl.newAsyncLoadingCache(removals, loader);
    LoadingCache<Integer, String> sync = cache.synchronous();
    sync.put(1, "old");
    CompletableFuture<String> refresh = sync.refresh(1);
    assertThat(loader.reloadedFrom).containsExactly("old");
    assertThat(sync.policy().refreshes()).containsOnlyKeys(1);
    assertThat(sync.refresh(1)).isSameAs(refresh); // a reload in flight is shared
    assertThat(sync.get(1)).isEqualTo("old"); // the old value is served meanwhile

    loader.reloads.get(0).complete("new");
    assertThat(refresh.join()).isEqualTo("new");
    assertThat(sync.get(1)).isEqualTo("new");
    assertThat(sync.policy().refreshes()).isEmpty();
    assertThat(removals.list()).containsExactly("1=old REPLACED");
    assertThat(counts(cache)).isEqualTo(stats(2, 0, 1, 0));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void valueWrittenWhileReloadRunsWinsAndTheReloadIsReportedAsReplaced(Impl impl) {
    var removals = new Removals<Integer, String>();
    var loader = new ReloadingLoader();
    AsyncLoadingCache<Integer, String> cache = impl.newAsyncLoadingCache(removals, loader);
    LoadingCache<Integer, String> sync = cache.synchronous();
    sync.put(1, "old");
    CompletableFuture<String> refresh = sync.refresh(1);
    sync.put(1, "written");
    assertThat(sync.policy().refreshes()).isEmpty(); // the write discarded the reload

    loader.reloads.get(0).complete("reloaded");
    assertThat(refresh.join()).isEqualTo("reloaded");
    assertThat(sync.getIfPresent(1)).isEqualTo("written");
    assertThat(removals.list()).containsExactly("1=old REPLACED", "1=reloaded REPLACED");
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void keyRemovedWhileReloadRunsStaysRemovedAndTheReloadIsReportedAsExplicit(Impl impl) {
    var removals = new Removals<Integer, String>();
    var loader = new ReloadingLoader();
    AsyncLoadingCache<Integer, String> cache = impl.newAsyncLoadingCache(removals, loader);
    LoadingCache<Integer, String> sync = cache.synchronous();
    sync.put(1, "old");
    CompletableFuture<String> refresh = sync.refresh(1);
    sync.invalidate(1);
    loader.reloads.get(0).complete("reloaded");
    assertThat(refresh.join()).isEqualTo("reloaded");
    assertThat(cache.asMap()).isEmpty();
    assertThat(removals.list()).containsExactly("1=old EXPLICIT", "1=reloaded EXPLICIT");
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void failedReloadKeepsTheOldValueAndCountsAFailure(Impl impl) {
    var removals = new Removals<Integer, String>();
    var loader = new ReloadingLoader();
    AsyncLoadingCache<Integer, String> cache = impl.newAsyncLoadingCache(removals, loader);
    LoadingCache<Integer, String> sync = cache.synchronous();
    sync.put(1, "old");
    CompletableFuture<String> refresh = sync.refresh(1);
    loader.reloads.get(0).completeExceptionally(new IllegalStateException());
    assertThat(refresh).isCompletedExceptionally();
    assertThat(sync.getIfPresent(1)).isEqualTo("old");
    assertThat(sync.policy().refreshes()).isEmpty();
    assertThat(removals.list()).isEmpty();
    assertThat(counts(cache)).isEqualTo(stats(1, 0, 0, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void reloadOfNullRemovesTheEntry(Impl impl) {
    var removals = new Removals<Integer, String>();
    var loader = new ReloadingLoader();
    AsyncLoadingCache<Integer, String> cache = impl.newAsyncLoadingCache(removals, loader);
    LoadingCache<Integer, String> sync = cache.synchronous();
    sync.put(1, "old");
    sync.refresh(1);
    loader.reloads.get(0).complete(null);
    assertThat(cache.asMap()).isEmpty();
    assertThat(removals.list()).containsExactly("1=old EXPLICIT");
    assertThat(counts(cache)).isEqualTo(stats(0, 0, 0, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void refreshOfKeyWhoseLoadIsInFlightReturnsThatLoad(Impl impl) {
    var loader = new ReloadingLoader();
    AsyncLoadingCache<Integer, String> cache = impl.newAsyncLoadingCache(new Removals<>(), loader);
    var pending = new CompletableFuture<String>();
    cache.put(1, pending);
    assertThat(cache.synchronous().refresh(1)).isSameAs(pending);
    assertThat(loader.reloads).isEmpty();
    pending.complete("a");
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void reloadOfSameValueInstanceLeavesTheEntryUntouched(Impl impl) {
    var removals = new Removals<Integer, String>();
    var loader = new ReloadingLoader();
    AsyncLoadingCache<Integer, String> cache = impl.newAsyncLoadingCache(removals, loader);
    String value = "same";
    var stored = CompletableFuture.completedFuture(value);
    cache.put(1, stored);
    cache.synchronous().refresh(1);
    loader.reloads.get(0).complete(value);
    assertThat(cache.asMap().get(1)).isSameAs(stored);
    assertThat(removals.list()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void refreshAllCombinesTheRefreshesOfDistinctKeys(Impl impl) {
    var loader = new ReloadingLoader();
    AsyncLoadingCache<Integer, String> cache = impl.newAsyncLoadingCache(new Removals<>(), loader);
    cache.synchronous().put(1, "old");
    CompletableFuture<Map<Integer, String>> all = cache.synchronous().refreshAll(List.of(1, 2, 1));
    assertThat(all).isNotDone();
    assertThat(loader.reloads).hasSize(1);
    loader.reloads.get(0).complete("new");
    assertThat(all.join()).containsExactly(Map.entry(1, "new"), Map.entry(2, "v2"));
  }
}
