package io.larder.cache.async;

import static io.larder.cache.async.Scenarios.counts;
import static io.larder.cache.async.Scenarios.stats;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.AsyncCache;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two map views of an asynchronous cache: {@code asMap()} of futures and {@code
 * synchronous().asMap()} of completed values, against Larder and Caffeine.
 */
class MapViewScenarioTest {

  @ParameterizedTest
  @EnumSource(Impl.class)
  void futuresMapComputeIfAbsentCountsMissAndLoadWhenFutureCompletes(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    ConcurrentMap<Integer, CompletableFuture<String>> map = cache.asMap();
    var pending = new CompletableFuture<String>();
    assertThat(map.computeIfAbsent(1, k -> pending)).isSameAs(pending);
    assertThat(counts(cache)).isEqualTo(stats(0, 0, 0, 0));
    pending.complete("a");
    assertThat(counts(cache)).isEqualTo(stats(0, 1, 1, 0));
    assertThat(map.computeIfAbsent(1, k -> CompletableFuture.completedFuture("b")))
        .isSameAs(pending);
    assertThat(counts(cache)).isEqualTo(stats(1, 1, 1, 0));
    assertThat(map.computeIfAbsent(2, k -> null)).isNull();
    assertThat(counts(cache)).isEqualTo(stats(1, 1, 1, 0));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void futuresMapWritesRegisterTheirFutures(Impl impl) {
    var removals = new Removals<Integer, String>();
    AsyncCache<Integer, String> cache = impl.newAsyncCache(removals);
    ConcurrentMap<Integer, CompletableFuture<String>> map = cache.asMap();
    var a = CompletableFuture.completedFuture("a");
    assertThat(map.put(1, a)).isNull();
    assertThat(map.putIfAbsent(1, CompletableFuture.completedFuture("x"))).isSameAs(a);
    var failing = new CompletableFuture<String>();
    assertThat(map.replace(1, failing)).isSameAs(a);
    failing.completeExceptionally(new IllegalStateException());
    assertThat(map).isEmpty();

    var b = CompletableFuture.completedFuture("b");
    map.put(2, b);
    var c = CompletableFuture.completedFuture("c");
    assertThat(map.replace(2, b, c)).isTrue();
    assertThat(map.compute(2, (k, v) -> CompletableFuture.completedFuture(null))).isNotNull();
    assertThat(map).isEmpty();
    assertThat(map.merge(3, c, (v1, v2) -> v2)).isSameAs(c);
    assertThat(map.merge(3, b, (v1, v2) -> v2)).isSameAs(b);
    assertThat(map.computeIfPresent(3, (k, v) -> null)).isNull();
    assertThat(map).isEmpty();
    assertThat(removals.list())
        .containsExactly(
            "1=a REPLACED", "2=b REPLACED", "2=c REPLACED", "3=c REPLACED", "3=b EXPLICIT");
    assertThat(counts(cache)).isEqualTo(stats(0, 0, 5, 2));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void futuresMapEqualityAndTextFollowTheStoredFutures(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    var a = CompletableFuture.completedFuture("a");
    cache.put(1, a);
    assertThat(cache.asMap()).isEqualTo(Map.of(1, a));
    assertThat(cache.asMap().hashCode()).isEqualTo(Map.of(1, a).hashCode());
    assertThat(cache.asMap().toString()).isEqualTo("{1=" + a + "}");
    cache.asMap().keySet().remove(1);
    assertThat(cache.asMap()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void futuresMapReplaceAllRegistersNewFutures(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    cache.put(1, CompletableFuture.completedFuture("a"));
    cache.put(2, CompletableFuture.completedFuture("b"));
    cache
        .asMap()
        .replaceAll(
            (k, v) -> (k == 1) ? CompletableFuture.completedFuture(null) : v.thenApply(s -> s + s));
    assertThat(cache.synchronous().asMap()).isEqualTo(Map.of(2, "bb"));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void valuesMapComputeIfAbsentCountsLikeGet(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    ConcurrentMap<Integer, String> map = cache.synchronous().asMap();
    assertThat(map.computeIfAbsent(1, k -> "a")).isEqualTo("a");
    assertThat(map.computeIfAbsent(1, k -> "b")).isEqualTo("a");
    assertThat(map.computeIfAbsent(2, k -> null)).isNull();
    assertThat(counts(cache)).isEqualTo(stats(1, 2, 1, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void valuesMapWritesNotifyWithValues(Impl impl) {
    var removals = new Removals<Integer, String>();
    AsyncCache<Integer, String> cache = impl.newAsyncCache(removals);
    ConcurrentMap<Integer, String> map = cache.synchronous().asMap();
    assertThat(map.put(1, "a")).isNull();
    assertThat(map.put(1, "b")).isEqualTo("a");
    assertThat(map.replace(1, "c")).isEqualTo("b");
    assertThat(map.replace(1, "x", "y")).isFalse();
    assertThat(map.replace(1, "c", "d")).isTrue();
    assertThat(map.compute(1, (k, v) -> v + "!")).isEqualTo("d!");
    assertThat(map.merge(1, "e", String::concat)).isEqualTo("d!e");
    assertThat(map.computeIfPresent(1, (k, v) -> null)).isNull();
    assertThat(map.putIfAbsent(2, "f")).isNull();
    assertThat(map.remove(2, "g")).isFalse();
    assertThat(map.remove(2, "f")).isTrue();
    assertThat(map.remove(3)).isNull();
    assertThat(removals.list())
        .containsExactly(
            "1=a REPLACED",
            "1=b REPLACED",
            "1=c REPLACED",
            "1=d REPLACED",
            "1=d! REPLACED",
            "1=d!e EXPLICIT",
            "2=f EXPLICIT");
    // compute and merge count loads; computeIfPresent's null is a load failure
    assertThat(counts(cache)).isEqualTo(stats(0, 0, 2, 1));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void valuesMapTreatsFailedFutureAsAbsent(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    var pending = new CompletableFuture<String>();
    cache.put(1, pending);
    ConcurrentMap<Integer, String> map = cache.synchronous().asMap();
    assertThat(map.replace(2, "x")).isNull();
    assertThat(map.remove(1, "x")).isFalse();
    pending.completeExceptionally(new IllegalStateException());
    assertThat(map.putIfAbsent(1, "a")).isNull();
    assertThat(map).isEqualTo(Map.of(1, "a"));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void valuesMapIteratorRemovesThroughAndEntriesWriteThrough(Impl impl) {
    var removals = new Removals<Integer, String>();
    AsyncCache<Integer, String> cache = impl.newAsyncCache(removals);
    ConcurrentMap<Integer, String> map = cache.synchronous().asMap();
    map.putAll(Map.of(1, "a", 2, "b"));
    cache.put(3, new CompletableFuture<>());
    for (var entry : map.entrySet()) {
      if (entry.getKey() == 1) {
        entry.setValue("z");
      }
    }
    var iterator = map.keySet().iterator();
    while (iterator.hasNext()) {
      if (iterator.next() == 2) {
        iterator.remove();
      }
    }
    assertThat(List.copyOf(map.values())).containsExactly("z");
    assertThat(map.values().removeIf("z"::equals)).isTrue();
    assertThat(map.toString()).isEqualTo("{}");
    assertThat(cache.asMap()).containsOnlyKeys(3);
    assertThat(removals.list()).containsExactly("1=a REPLACED", "2=b EXPLICIT", "1=z EXPLICIT");
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void synchronousViewGetAllPresentCountsOnlyCompletedValuesAsHits(Impl impl) {
    AsyncCache<Integer, String> cache = impl.newAsyncCache(new Removals<>());
    cache.synchronous().put(1, "a");
    cache.put(2, new CompletableFuture<>());
    assertThat(cache.synchronous().getAllPresent(List.of(1, 2, 3, 1)))
        .containsExactly(Map.entry(1, "a"));
    assertThat(cache.synchronous().policy().getIfPresentQuietly(1)).isEqualTo("a");
    assertThat(cache.synchronous().policy().getIfPresentQuietly(2)).isNull();
    assertThat(cache.synchronous().policy().getEntryIfPresentQuietly(2)).isNull();
    assertThat(cache.synchronous().policy().getEntryIfPresentQuietly(1).getValue()).isEqualTo("a");
    assertThat(cache.synchronous().policy().eviction()).isEmpty();
    assertThat(cache.synchronous().policy().isRecordingStats()).isTrue();
    // a synchronous put stores a completed future: no load is counted
    assertThat(counts(cache)).isEqualTo(stats(1, 2, 0, 0));
  }
}
