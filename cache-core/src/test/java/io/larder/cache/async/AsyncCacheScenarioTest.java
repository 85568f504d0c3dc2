package io.larder.cache.async;

import static io.larder.cache.async.Scenarios.counts;
import static io.larder.cache.async.Scenarios.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.cache.AsyncCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link AsyncCache}'s methods, run against Larder and Caffeine with the same expectations: the
 * results, exceptions, statistics and removal notifications must be identical.
 */
class AsyncCacheScenarioTest {

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getIfPresentCountsMissThenHitAndReturnsStoredFuture(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    assertThat(cache.getIfPresent(1)).isNull();
    var future = CompletableFuture.completedFuture("a");
    cache.put(1, future);
    assertThat(cache.getIfPresent(1)).isSameAs(future);
    assertThat(counts(cache)).isEqualTo(stats(1, 1, 1, 0));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getWithFunctionRunsItOnTheExecutorOnce(Impl impl) {
    var executor = new Scenarios.CountingExecutor();
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>(), executor);
    List<Integer> calls = new ArrayList<>();
    CompletableFuture<String> first =
        cache.get(
            1,
            k -> {
              calls.add(k);
              return "a";
            });
    CompletableFuture<String> second =
        cache.get(
            1,
            k -> {
              calls.add(k);
              return "b";
            });
    assertThat(first.join()).isEqualTo("a");
    assertThat(second).isSameAs(first);
    assertThat(calls).containsExactly(1);
    assertThat(executor.tasks.get()).isEqualTo(1);
    assertThat(counts(cache)).isEqualTo(stats(1, 1, 1, 0));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getWithFunctionReturningNullCompletesWithNullAndRemoves(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    CompletableFuture<String> future = cache.get(1, k -> null);
    assertThat(future.join()).isNull();
    assertThat(cache.asMap()).isEmpty();
    assertThat(counts(cache)).isEqualTo(stats(0, 1, 0, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getWithFunctionThatThrowsFailsTheFutureAndRemoves(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    CompletableFuture<String> future =
        cache.get(
            1,
            k -> {
              throw new IllegalStateException();
            });
    assertThat(future).isCompletedExceptionally();
    assertThatThrownBy(future::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(cache.asMap()).isEmpty();
    assertThat(counts(cache)).isEqualTo(stats(0, 1, 0, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getWithBiFunctionKeepsInFlightFutureVisibleOnlyAsFuture(Impl impl) {
    var removals = new Removals<Integer, String>();
    AsyncCache<Integer, String> cache = impl.newAsyncCache(removals);
    var pending = new CompletableFuture<String>();
    List<Executor> executors = new ArrayList<>();
    CompletableFuture<String> future =
        cache.get(
            1,
            (k, executor) -> {
              executors.add(executor);
              return pending;
            });
    assertThat(future).isSameAs(pending);
    assertThat(executors).hasSize(1);
    assertThat(cache.get(1, (k, e) -> CompletableFuture.completedFuture("x"))).isSameAs(pending);
    assertThat(cache.getIfPresent(1)).isSameAs(pending);
    assertThat(cache.synchronous().getIfPresent(1)).isNull(); // counted as a hit nevertheless
    assertThat(cache.asMap()).containsEntry(1, pending);
    // the in-flight entry is counted by size() and isEmpty(), yet invisible to iteration
    assertThat(cache.synchronous().asMap()).hasSize(1);
    assertThat(cache.synchronous().asMap().isEmpty()).isFalse();
    assertThat(List.copyOf(cache.synchronous().asMap().entrySet())).isEmpty();
    assertThat(cache.synchronous().asMap().containsKey(1)).isFalse();
    assertThat(cache.synchronous().asMap().get(1)).isNull();
    assertThat(cache.synchronous().estimatedSize()).isEqualTo(1);
    assertThat(counts(cache)).isEqualTo(stats(3, 1, 0, 0));

    pending.complete("a");
    assertThat(cache.synchronous().getIfPresent(1)).isEqualTo("a");
    assertThat(cache.synchronous().asMap()).containsExactly(Map.entry(1, "a"));
    assertThat(counts(cache)).isEqualTo(stats(4, 1, 1, 0));
    assertThat(removals.list()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void inFlightFutureThatFailsLaterIsRemovedAndCountedAsFailure(Impl impl) {
    var removals = new Removals<Integer, String>();
    AsyncCache<Integer, String> cache = impl.newAsyncCache(removals);
    var pending = new CompletableFuture<String>();
    cache.get(1, (k, e) -> pending);
    pending.completeExceptionally(new IllegalStateException());
    assertThat(cache.getIfPresent(1)).isNull();
    assertThat(counts(cache)).isEqualTo(stats(0, 2, 0, 1));
    assertThat(removals.list()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void inFlightFutureThatCompletesWithNullIsRemovedAndCountedAsFailure(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    var pending = new CompletableFuture<String>();
    cache.get(1, (k, e) -> pending);
    pending.complete(null);
    assertThat(cache.asMap()).isEmpty();
    assertThat(counts(cache)).isEqualTo(stats(0, 1, 0, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getWithBiFunctionThatThrowsPropagatesAndStoresNothing(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    assertThatThrownBy(
            () ->
                cache.get(
                    1,
                    (k, e) -> {
                      throw new IllegalStateException("x");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("x");
    assertThat(cache.asMap()).isEmpty();
    assertThat(counts(cache)).isEqualTo(stats(0, 1, 0, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getWithBiFunctionReturningNullFutureThrowsNullPointerException(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    assertThatThrownBy(() -> cache.get(1, (k, e) -> null)).isInstanceOf(NullPointerException.class);
    assertThat(cache.asMap()).isEmpty();
    assertThat(counts(cache)).isEqualTo(stats(0, 1, 0, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void nullArgumentsAreRejected(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    assertThatThrownBy(() -> cache.getIfPresent(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.get(null, k -> "a")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.get(1, (java.util.function.Function<Integer, String>) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.put(null, CompletableFuture.completedFuture("a")))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.put(1, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.getAll(null, keys -> Map.of()))
        .isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void putReplacingCompletedValueNotifiesReplaced(Impl impl) {
    var removals = new Removals<Integer, String>();
    AsyncCache<Integer, String> cache = impl.newAsyncCache(removals);
    cache.put(1, CompletableFuture.completedFuture("a"));
    cache.put(1, CompletableFuture.completedFuture("b"));
    assertThat(cache.synchronous().getIfPresent(1)).isEqualTo("b");
    assertThat(removals.list()).containsExactly("1=a REPLACED");
    assertThat(counts(cache)).isEqualTo(stats(1, 0, 2, 0));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void putOfSameFutureTwiceNotifiesNothingAndCountsOneLoad(Impl impl) {
    var removals = new Removals<Integer, String>();
    AsyncCache<Integer, String> cache = impl.newAsyncCache(removals);
    var future = CompletableFuture.completedFuture("a");
    cache.put(1, future);
    cache.put(1, future);
    assertThat(removals.list()).isEmpty();
    assertThat(counts(cache)).isEqualTo(stats(0, 0, 1, 0));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void putOfInFlightFutureNotifiesReplacedOnlyWhenItCompletes(Impl impl) {
    var removals = new Removals<Integer, String>();
    AsyncCache<Integer, String> cache = impl.newAsyncCache(removals);
    cache.put(1, CompletableFuture.completedFuture("a"));
    var pending = new CompletableFuture<String>();
    cache.put(1, pending);
    assertThat(removals.list()).isEmpty();
    assertThat(cache.synchronous().getIfPresent(1)).isNull();
    pending.complete("b");
    assertThat(removals.list()).containsExactly("1=a REPLACED");
    assertThat(counts(cache)).isEqualTo(stats(1, 0, 2, 0));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void putOfInFlightFutureThatFailsStillNotifiesReplacedAndRemoves(Impl impl) {
    var removals = new Removals<Integer, String>();
    AsyncCache<Integer, String> cache = impl.newAsyncCache(removals);
    cache.put(1, CompletableFuture.completedFuture("a"));
    var pending = new CompletableFuture<String>();
    cache.put(1, pending);
    pending.completeExceptionally(new IllegalStateException());
    assertThat(removals.list()).containsExactly("1=a REPLACED");
    assertThat(cache.asMap()).isEmpty();
    assertThat(counts(cache)).isEqualTo(stats(0, 0, 1, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void putOfSameValueInNewFutureDoesNotNotify(Impl impl) {
    var removals = new Removals<Integer, String>();
    AsyncCache<Integer, String> cache = impl.newAsyncCache(removals);
    String value = "a";
    cache.put(1, CompletableFuture.completedFuture(value));
    cache.put(1, CompletableFuture.completedFuture(value));
    assertThat(removals.list()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void putOfFailedFutureRemovesEntryAndCountsFailure(Impl impl) {
    var removals = new Removals<Integer, String>();
    AsyncCache<Integer, String> cache = impl.newAsyncCache(removals);
    cache.put(1, CompletableFuture.completedFuture("a"));
    cache.put(1, CompletableFuture.failedFuture(new IllegalStateException()));
    assertThat(cache.asMap()).isEmpty();
    assertThat(removals.list()).containsExactly("1=a EXPLICIT");
    assertThat(counts(cache)).isEqualTo(stats(0, 0, 1, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void putOfNullFutureRemovesEntryAndCountsFailure(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    cache.put(1, CompletableFuture.completedFuture(null));
    assertThat(cache.asMap()).isEmpty();
    assertThat(counts(cache)).isEqualTo(stats(0, 0, 0, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getAllCallsFunctionOnceWithAbsentKeysAndStoresExtras(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    cache.put(1, CompletableFuture.completedFuture("one"));
    List<Set<? extends Integer>> calls = new ArrayList<>();
    CompletableFuture<Map<Integer, String>> result =
        cache.getAll(
            List.of(1, 2, 3, 2, 4),
            keys -> {
              calls.add(Set.copyOf(keys));
              return Map.of(2, "two", 3, "three", 5, "five");
            });
    assertThat(calls).containsExactly(Set.of(2, 3, 4));
    assertThat(result.join())
        .containsExactly(Map.entry(1, "one"), Map.entry(2, "two"), Map.entry(3, "three"));
    assertThat(cache.synchronous().asMap()).containsOnlyKeys(1, 2, 3, 5).containsEntry(5, "five");
    assertThat(counts(cache)).isEqualTo(stats(1, 3, 2, 0));
    assertThatThrownBy(() -> result.join().put(9, "nine"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getAllOfPresentKeysOnlyDoesNotCallFunction(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    cache.put(1, CompletableFuture.completedFuture("one"));
    var result =
        cache.getAll(
            List.of(1),
            keys -> {
              throw new AssertionError();
            });
    assertThat(result.join()).containsExactly(Map.entry(1, "one"));
    assertThat(counts(cache)).isEqualTo(stats(1, 0, 1, 0));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getAllOfNoKeysReturnsEmptyMap(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    assertThat(cache.getAll(List.of(), keys -> Map.of()).join()).isEmpty();
    assertThat(counts(cache)).isEqualTo(stats(0, 0, 0, 0));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getAllWithFunctionThatThrowsFailsFutureAndRemovesAbsentKeys(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    cache.put(1, CompletableFuture.completedFuture("one"));
    var result =
        cache.getAll(
            List.of(1, 2),
            keys -> {
              throw new IllegalStateException();
            });
    assertThat(result).isCompletedExceptionally();
    assertThatThrownBy(result::join).hasCauseInstanceOf(IllegalStateException.class);
    assertThat(cache.asMap()).containsOnlyKeys(1);
    assertThat(counts(cache)).isEqualTo(stats(1, 1, 1, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getAllWithBiFunctionThatThrowsPropagatesAndRemovesAbsentKeys(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    assertThatThrownBy(
            () ->
                cache.getAll(
                    List.of(1, 2),
                    (keys, e) -> {
                      throw new IllegalStateException();
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(cache.asMap()).isEmpty();
    assertThat(counts(cache)).isEqualTo(stats(0, 2, 0, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getAllKeepsAbsentKeysInFlightUntilTheBulkFutureCompletes(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    var bulk = new CompletableFuture<Map<Integer, String>>();
    var result = cache.getAll(List.of(1, 2), (keys, e) -> bulk);
    assertThat(result).isNotDone();
    CompletableFuture<String> one = cache.getIfPresent(1);
    assertThat(one).isNotNull().isNotDone();
    assertThat(cache.get(2, k -> "other")).isNotDone();

    bulk.complete(Map.of(1, "one"));
    assertThat(one.join()).isEqualTo("one");
    assertThat(result.join()).containsExactly(Map.entry(1, "one"));
    assertThat(cache.asMap()).containsOnlyKeys(1);
    assertThat(counts(cache)).isEqualTo(stats(2, 2, 1, 0));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getAllBulkFailureFailsEveryAbsentKeysFuture(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    var bulk = new CompletableFuture<Map<Integer, String>>();
    var result = cache.getAll(List.of(1, 2), (keys, e) -> bulk);
    CompletableFuture<String> one = cache.getIfPresent(1);
    bulk.completeExceptionally(new IllegalStateException("bulk"));
    assertThat(one).isCompletedExceptionally();
    assertThatThrownBy(result::join).hasRootCauseMessage("bulk");
    assertThat(cache.asMap()).isEmpty();
    assertThat(counts(cache)).isEqualTo(stats(1, 2, 0, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getAllBulkNullMapFailsFuturesAndSynchronousViewThrowsNullPointer(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    var result = cache.getAll(List.of(1, 2), (keys, e) -> CompletableFuture.completedFuture(null));
    assertThat(result).isCompletedExceptionally();
    assertThatThrownBy(result::join).isInstanceOf(CompletionException.class);
    assertThatThrownBy(() -> cache.synchronous().getAll(List.of(3), keys -> null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("null map");
    assertThat(cache.asMap()).isEmpty();
    assertThat(counts(cache)).isEqualTo(stats(0, 3, 0, 2));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getAllIncludesKeyWhoseLoadIsInFlight(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    var pending = new CompletableFuture<String>();
    cache.get(1, (k, e) -> pending);
    var result = cache.getAll(List.of(1, 2), keys -> Map.of(2, "two"));
    assertThat(result).isNotDone();
    pending.complete("one");
    assertThat(result.join()).containsExactly(Map.entry(1, "one"), Map.entry(2, "two"));
    assertThat(counts(cache)).isEqualTo(stats(1, 2, 2, 0));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void getAllLeavesOutKeyWhoseInFlightLoadReturnsNull(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    var pending = new CompletableFuture<String>();
    cache.get(1, (k, e) -> pending);
    var result = cache.getAll(List.of(1, 2), keys -> Map.of(2, "two"));
    pending.complete(null);
    assertThat(result.join()).containsExactly(Map.entry(2, "two"));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void removalListenerFailureNeverReachesTheCaller(Impl impl) {
    var removals = new Removals<Integer, String>();
    removals.failing();
    AsyncCache<Integer, String> cache = impl.newAsyncCache(removals);
    cache.put(1, CompletableFuture.completedFuture("a"));
    cache.put(1, CompletableFuture.completedFuture("b"));
    cache.synchronous().invalidate(1);
    assertThat(removals.list()).containsExactly("1=a REPLACED", "1=b EXPLICIT");
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void removalOfInFlightFutureNotifiesOnceItCompletesWithValue(Impl impl) {
    var removals = new Removals<Integer, String>();
    AsyncCache<Integer, String> cache = impl.newAsyncCache(removals);
    var pending = new CompletableFuture<String>();
    var failing = new CompletableFuture<String>();
    cache.put(1, pending);
    cache.put(2, failing);
    cache.synchronous().invalidateAll();
    assertThat(removals.list()).isEmpty();
    pending.complete("a");
    failing.completeExceptionally(new IllegalStateException());
    assertThat(removals.list()).containsExactly("1=a EXPLICIT");
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void synchronousViewIsCachedAndAsMapIsCached(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    assertThat(cache.asMap()).isSameAs(cache.asMap());
    assertThat(cache.synchronous().asMap()).isEqualTo(Map.of());
  }
}
