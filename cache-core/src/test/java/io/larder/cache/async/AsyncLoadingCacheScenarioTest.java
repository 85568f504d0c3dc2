package io.larder.cache.async;

import static io.larder.cache.async.Scenarios.counts;
import static io.larder.cache.async.Scenarios.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.CacheLoader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link AsyncLoadingCache}'s {@code get} and {@code getAll} with both kinds of loader, and the
 * {@code get} and {@code getAll} of its synchronous view, against Larder and Caffeine.
 */
class AsyncLoadingCacheScenarioTest {

  /** A synchronous loader that records its calls; "null" keys load null, negative keys throw. */
  static class RecordingLoader implements CacheLoader<Integer, String> {
    final List<Object> calls = new ArrayList<>();

    @Override
    public String load(Integer key) throws IOException {
      calls.add(key);
      if (key < 0) {
        throw new IOException("checked " + key);
      }
      return (key == 0) ? null : "v" + key;
    }
  }

  /** A synchronous loader that also loads in bulk, returning an extra entry. */
  static final class BulkLoader extends RecordingLoader {
    @Override
    public Map<Integer, String> loadAll(Set<? extends Integer> keys) {
      calls.add(Set.copyOf(keys));
      var result = new HashMap<Integer, String>();
      for (Integer key : keys) {
        if (key != 0) {
          result.put(key, "bulk" + key);
        }
      }
      result.put(100, "extra");
      return result;
    }
  }

  /** An asynchronous loader that hands out futures the test completes. */
  static class PendingLoader implements AsyncCacheLoader<Integer, String> {
    final Map<Integer, CompletableFuture<String>> loads = new HashMap<>();
    final List<Executor> executors = new ArrayList<>();

    @Override
    public CompletableFuture<String> asyncLoad(Integer key, Executor executor) throws Exception {
      executors.add(executor);
      if (key < 0) {
        throw new IOException("checked " + key);
      }
      var future = new CompletableFuture<String>();
      loads.put(key, future);
      return future;
    }
  }

  /** An asynchronous loader that also loads in bulk. */
  static final class PendingBulkLoader extends PendingLoader {
    final List<Set<Integer>> bulkCalls = new ArrayList<>();
    final List<CompletableFuture<Map<Integer, String>>> bulkLoads = new ArrayList<>();

    @Override
    public CompletableFuture<Map<Integer, String>> asyncLoadAll(
        Set<? extends Integer> keys, Executor executor) {
      bulkCalls.add(Set.copyOf(keys));
      var future = new CompletableFuture<Map<Integer, String>>();
      bulkLoads.add(future);
      return future;
    }
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getLoadsOnceWithCacheLoaderOnTheExecutor(Impl impl) {
    var loader = new RecordingLoader();
    var executor = new Scenarios.CountingExecutor();
    AsyncLoadingCache<Integer, String> cache =
        impl.newAsyncLoadingCache(new Removals<>(), executor, loader);
    assertThat(cache.get(1).join()).isEqualTo("v1");
    assertThat(cache.get(1).join()).isEqualTo("v1");
    assertThat(loader.calls).containsExactly(1);
    assertThat(executor.tasks.get()).isEqualTo(1);
    assertThat(counts(cache)).isEqualTo(stats(1, 1, 1, 0));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getOfNullLoadCompletesWithNullAndCountsFailure(Impl impl) {
    var loader = new RecordingLoader();
    AsyncLoadingCache<Integer, String> cache = impl.newAsyncLoadingCache(new Removals<>(), loader);
    assertThat(cache.get(0).join()).isNull();
    assertThat(cache.synchronous().get(0)).isNull();
    assertThat(cache.asMap()).isEmpty();
    assertThat(counts(cache)).isEqualTo(stats(0, 2, 0, 2));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void checkedLoadFailureFailsFutureAndSynchronousGetWrapsIt(Impl impl) {
    var loader = new RecordingLoader();
    AsyncLoadingCache<Integer, String> cache = impl.newAsyncLoadingCache(new Removals<>(), loader);
    var future = cache.get(-1);
    assertThatThrownBy(future::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThatThrownBy(() -> cache.synchronous().get(-1))
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IOException.class)
        .hasRootCauseMessage("checked -1");
    assertThat(cache.asMap()).isEmpty();
    assertThat(counts(cache)).isEqualTo(stats(0, 2, 0, 2));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void uncheckedLoadFailureIsRethrownUnwrappedBySynchronousGet(Impl impl) {
    AsyncLoadingCache<Integer, String> cache =
        impl.newAsyncLoadingCache(
            new Removals<>(),
            (CacheLoader<Integer, String>)
                key -> {
                  throw new IllegalStateException("boom");
                });
    assertThatThrownBy(() -> cache.synchronous().get(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");
    assertThatThrownBy(() -> cache.synchronous().getAll(List.of(1, 2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");
    assertThat(counts(cache)).isEqualTo(stats(0, 3, 0, 3));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void asyncLoaderThrowingCheckedExceptionThrowsCompletionExceptionFromGet(Impl impl) {
    var loader = new PendingLoader();
    AsyncLoadingCache<Integer, String> cache = impl.newAsyncLoadingCache(new Removals<>(), loader);
    assertThatThrownBy(() -> cache.get(-1))
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(cache.asMap()).isEmpty();
    assertThat(counts(cache)).isEqualTo(stats(0, 1, 0, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void asyncLoaderReceivesTheCacheExecutorAndItsFutureIsStored(Impl impl) {
    var loader = new PendingLoader();
    AsyncLoadingCache<Integer, String> cache = impl.newAsyncLoadingCache(new Removals<>(), loader);
    var future = cache.get(1);
    assertThat(future).isSameAs(loader.loads.get(1)).isNotDone();
    assertThat(cache.get(1)).isSameAs(future);
    assertThat(loader.executors).hasSize(1);
    loader.loads.get(1).complete("one");
    assertThat(cache.synchronous().get(1)).isEqualTo("one");
    assertThat(counts(cache)).isEqualTo(stats(2, 1, 1, 0));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getAllWithoutBulkLoadsEachAbsentKey(Impl impl) {
    var loader = new RecordingLoader();
    AsyncLoadingCache<Integer, String> cache = impl.newAsyncLoadingCache(new Removals<>(), loader);
    cache.synchronous().put(1, "one");
    var result = cache.getAll(List.of(1, 2, 0, 3, 2)).join();
    assertThat(result).containsExactly(Map.entry(1, "one"), Map.entry(2, "v2"), Map.entry(3, "v3"));
    assertThat(loader.calls).containsExactly(2, 0, 3);
    assertThat(counts(cache)).isEqualTo(stats(1, 3, 2, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getAllWithBulkCacheLoaderMakesOneCallAndStoresExtras(Impl impl) {
    var loader = new BulkLoader();
    AsyncLoadingCache<Integer, String> cache = impl.newAsyncLoadingCache(new Removals<>(), loader);
    cache.synchronous().put(1, "one");
    var result = cache.synchronous().getAll(List.of(1, 2, 0, 3));
    assertThat(result)
        .containsExactly(Map.entry(1, "one"), Map.entry(2, "bulk2"), Map.entry(3, "bulk3"));
    assertThat(loader.calls).containsExactly(Set.of(2, 0, 3));
    assertThat(cache.synchronous().getIfPresent(100)).isEqualTo("extra");
    assertThat(cache.asMap()).containsOnlyKeys(1, 2, 3, 100);
    assertThat(counts(cache)).isEqualTo(stats(2, 3, 1, 0));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getAllWithBulkAsyncLoaderCompletesPlaceholdersWhenTheMapArrives(Impl impl) {
    var loader = new PendingBulkLoader();
    AsyncLoadingCache<Integer, String> cache = impl.newAsyncLoadingCache(new Removals<>(), loader);
    var result = cache.getAll(List.of(1, 2));
    assertThat(loader.bulkCalls).containsExactly(Set.of(1, 2));
    assertThat(loader.loads).isEmpty();
    CompletableFuture<String> one = cache.get(1);
    assertThat(one).isNotDone();
    loader.bulkLoads.get(0).complete(Map.of(1, "one", 3, "three"));
    assertThat(one.join()).isEqualTo("one");
    assertThat(result.join()).containsExactly(Map.entry(1, "one"));
    assertThat(cache.asMap()).containsOnlyKeys(1, 3);
    assertThat(counts(cache)).isEqualTo(stats(1, 2, 1, 0));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void bulkLoaderFactoriesServeSingleGetsThroughLoadAll(Impl impl) {
    List<Set<? extends Integer>> calls = new ArrayList<>();
    AsyncLoadingCache<Integer, String> sync =
        impl.newAsyncLoadingCache(
            new Removals<>(),
            CacheLoader.bulk(
                keys -> {
                  calls.add(Set.copyOf(keys));
                  return Map.of(1, "one", 2, "two");
                }));
    assertThat(sync.get(1).join()).isEqualTo("one");
    assertThat(sync.getAll(List.of(2, 3)).join()).containsExactly(Map.entry(2, "two"));
    assertThat(calls).containsExactly(Set.of(1), Set.of(2, 3));

    AsyncLoadingCache<Integer, String> async =
        impl.newAsyncLoadingCache(
            new Removals<>(),
            AsyncCacheLoader.<Integer, String>bulk(
                (keys, executor) -> {
                  calls.add(Set.copyOf(keys));
                  return CompletableFuture.completedFuture(Map.of(1, "one"));
                }));
    assertThat(async.get(1).join()).isEqualTo("one");
    assertThat(async.get(2).join()).isNull();
    assertThat(async.getAll(List.of(3, 4)).join()).isEmpty();
    assertThat(calls).hasSize(5);
    assertThat(calls.get(4)).isEqualTo(Set.of(3, 4));
    assertThat(counts(async)).isEqualTo(stats(0, 4, 2, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getAllBulkFailureFailsAllAndRemovesAbsentKeys(Impl impl) {
    var loader = new PendingBulkLoader();
    AsyncLoadingCache<Integer, String> cache = impl.newAsyncLoadingCache(new Removals<>(), loader);
    cache.synchronous().put(5, "five");
    var result = cache.getAll(List.of(5, 1, 2));
    loader.bulkLoads.get(0).completeExceptionally(new IllegalStateException("bulk"));
    assertThatThrownBy(result::join).hasRootCauseMessage("bulk");
    assertThat(cache.asMap()).containsOnlyKeys(5);
    assertThat(counts(cache)).isEqualTo(stats(1, 2, 0, 1));
  }
}
