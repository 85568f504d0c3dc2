package io.larder.cache.compat;

import static io.larder.cache.compat.Run.assertSameAsCaffeine;
import static io.larder.cache.compat.Run.sorted;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.LoadingCache;
import io.larder.cache.testing.TestLoader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link LoadingCache} scenarios, each run against Larder and Caffeine. */
class LoadingCacheCompatTest {

  private static LoadingCache<Integer, String> cache(Run run, TestLoader<Integer, String> loader) {
    return run.builder().recordStats().build(loader);
  }

  private static TestLoader<Integer, String> values() {
    return TestLoader.loading(key -> "v" + key);
  }

  @Test
  void getLoadsAbsentKeysAndCounts() {
    assertSameAsCaffeine(run -> {
      AtomicInteger loads = new AtomicInteger();
      LoadingCache<Integer, String> cache =
          cache(run, TestLoader.loading(key -> "v" + key + "#" + loads.incrementAndGet()));
      run.step("load", () -> cache.get(1));
      run.step("hit", () -> cache.get(1));
      run.step("null key", () -> cache.get(null));
      run.stats("after", cache);
    });
  }

  @Test
  void getOfANullLoadReturnsNullAndCountsAFailure() {
    assertSameAsCaffeine(run -> {
      LoadingCache<Integer, String> cache = cache(run, TestLoader.loading(key -> null));
      run.step("null", () -> cache.get(1));
      run.step("size", cache::estimatedSize);
      run.stats("after", cache);
    });
  }

  @Test
  void getWrapsCheckedExceptionsInCompletionException() {
    assertSameAsCaffeine(run -> {
      LoadingCache<Integer, String> cache = cache(run, TestLoader.loading(key -> {
        if (key == 1) {
          throw new IOException("checked");
        } else if (key == 2) {
          throw new IllegalArgumentException("unchecked");
        }
        throw new AssertionError("error");
      }));
      run.step("checked", () -> cache.get(1));
      run.step("unchecked", () -> cache.get(2));
      run.step("error", () -> cache.get(3));
      run.step("size", cache::estimatedSize);
      run.stats("after", cache);
    });
  }

  @Test
  void getRestoresTheInterruptFlagWhenTheLoaderIsInterrupted() {
    assertSameAsCaffeine(run -> {
      LoadingCache<Integer, String> cache = cache(run, TestLoader.loading(key -> {
        throw new InterruptedException("stop");
      }));
      run.step("get", () -> cache.get(1));
      run.step("interrupted", Thread::interrupted);
      run.step("getAll", () -> cache.getAll(List.of(1, 2)));
      run.step("interrupted again", Thread::interrupted);
      run.stats("after", cache);
    });
  }

  @Test
  void getAllWithoutLoadAllLoadsOneByOne() {
    assertSameAsCaffeine(run -> {
      List<Integer> loaded = new ArrayList<>();
      LoadingCache<Integer, String> cache = cache(run, TestLoader.loading(key -> {
        loaded.add(key);
        return (key == 4) ? null : "v" + key;
      }));
      cache.put(2, "two");
      run.step("getAll", () -> cache.getAll(List.of(3, 2, 1, 3, 4)));
      run.step("loaded", () -> loaded);
      run.step("empty", () -> cache.getAll(List.of()));
      run.step("null key", () -> cache.getAll(Arrays.asList(5, null)));
      run.step("unmodifiable", () -> cache.getAll(List.of(1)).put(9, "x"));
      run.stats("after", cache);
    });
  }

  @Test
  void getAllOneByOneCountsTheKeysNotReachedAsMisses() {
    assertSameAsCaffeine(run -> {
      LoadingCache<Integer, String> cache = cache(run, TestLoader.loading(key -> {
        if (key == 2) {
          throw new IllegalStateException("second");
        }
        return "v" + key;
      }));
      run.step("getAll", () -> cache.getAll(List.of(1, 2, 3, 4)));
      run.step("contents", () -> sorted(cache.asMap()));
      run.stats("after", cache);
    });
  }

  @Test
  void getAllWithLoadAllLoadsAbsentKeysInOneCall() {
    assertSameAsCaffeine(run -> {
      List<String> calls = new ArrayList<>();
      LoadingCache<Integer, String> cache = cache(run, values().withLoadAll(keys -> {
        calls.add(Transcript.render(sorted(keys)));
        Map<Integer, String> result = new HashMap<>();
        for (Integer key : keys) {
          if (key != 3) {
            result.put(key, "bulk" + key);
          }
        }
        result.put(99, "extra");
        return result;
      }));
      cache.put(2, "two");
      run.step("getAll", () -> cache.getAll(List.of(1, 2, 3, 1)));
      run.step("calls", () -> calls);
      run.step("contents", () -> sorted(cache.asMap()));
      run.step("get uses load", () -> cache.get(5));
      run.stats("after", cache);
    });
  }

  @Test
  void getAllWithLoadAllThatThrowsPropagatesItsException() {
    assertSameAsCaffeine(run -> {
      LoadingCache<Integer, String> cache = cache(run, values().withLoadAll(keys -> {
        throw new IOException("bulk");
      }));
      run.step("checked", () -> cache.getAll(List.of(1, 2)));
      run.stats("after", cache);
    });
  }

  @Test
  void getAllWithAnOverriddenLoadAllThatIsUnsupportedPropagatesIt() {
    assertSameAsCaffeine(run -> {
      LoadingCache<Integer, String> cache = cache(run, values().withLoadAll(keys -> {
        throw new UnsupportedOperationException("no bulk");
      }));
      run.step("getAll", () -> cache.getAll(List.of(1, 2)));
      run.step("size", cache::estimatedSize);
      run.stats("after", cache);
    });
  }

  @Test
  void getAllWithLoadAllReturningNullFails() {
    assertSameAsCaffeine(run -> {
      LoadingCache<Integer, String> cache = cache(run, values().withLoadAll(keys -> null));
      run.step("getAll", () -> cache.getAll(List.of(1, 2)));
      run.stats("after", cache);
    });
  }

  @Test
  void refreshOfAnAbsentKeyLoadsIt() {
    assertSameAsCaffeine(run -> {
      LoadingCache<Integer, String> cache = cache(run, values());
      run.step("refresh", () -> cache.refresh(1));
      run.step("contents", () -> sorted(cache.asMap()));
      run.step("refreshes", () -> cache.policy().refreshes());
      run.step("null key", () -> cache.refresh(null));
      run.stats("after", cache);
    });
  }

  @Test
  void refreshOfAPresentKeyReloadsAndNotifiesTheReplacement() {
    assertSameAsCaffeine(run -> {
      LoadingCache<Integer, String> cache = cache(run,
          values().withReload((key, old) -> old + "+reloaded"));
      cache.put(1, "one");
      run.step("refresh", () -> cache.refresh(1));
      run.step("contents", () -> sorted(cache.asMap()));
      run.stats("after", cache);
    });
  }

  @Test
  void refreshReturningNullRemovesTheEntry() {
    assertSameAsCaffeine(run -> {
      LoadingCache<Integer, String> cache = cache(run, values().withReload((key, old) -> null));
      cache.put(1, "one");
      run.step("refresh", () -> cache.refresh(1));
      run.step("contents", () -> sorted(cache.asMap()));
      run.stats("after", cache);
    });
  }

  @Test
  void aFailedRefreshKeepsTheOldValueAndCountsAFailure() {
    assertSameAsCaffeine(run -> {
      LoadingCache<Integer, String> cache = cache(run, values().withReload((key, old) -> {
        throw new IOException("reload failed");
      }));
      cache.put(1, "one");
      run.step("refresh", () -> cache.refresh(1));
      run.step("contents", () -> sorted(cache.asMap()));
      run.step("refreshes", () -> cache.policy().refreshes());
      run.stats("after", cache);
    });
  }

  @Test
  void aReloadThatThrowsSynchronouslyPropagates() {
    assertSameAsCaffeine(run -> {
      LoadingCache<Integer, String> cache = cache(run, values().withAsyncReload((key, old) -> {
        throw new IOException("cannot start");
      }));
      cache.put(1, "one");
      run.step("refresh", () -> cache.refresh(1));
      run.step("refreshes", () -> cache.policy().refreshes());
      run.step("contents", () -> sorted(cache.asMap()));
      run.stats("after", cache);
    });
  }

  @Test
  void aReloadReturningANullFutureFails() {
    assertSameAsCaffeine(run -> {
      LoadingCache<Integer, String> cache =
          cache(run, values().withAsyncReload((key, old) -> null));
      cache.put(1, "one");
      run.step("refresh", () -> cache.refresh(1));
      run.step("refreshes", () -> cache.policy().refreshes().keySet());
    });
  }

  @Test
  void concurrentRefreshesOfAKeyShareOneReload() {
    assertSameAsCaffeine(run -> {
      List<CompletableFuture<String>> reloads = new ArrayList<>();
      LoadingCache<Integer, String> cache = cache(run, values().withAsyncReload((key, old) -> {
        CompletableFuture<String> future = new CompletableFuture<>();
        reloads.add(future);
        return future;
      }));
      cache.put(1, "one");
      CompletableFuture<String> first = cache.refresh(1);
      CompletableFuture<String> second = cache.refresh(1);
      run.step("same future", () -> first == second);
      run.step("reloads started", reloads::size);
      run.step("in flight", () -> cache.policy().refreshes().keySet());
      run.step("still old", () -> cache.getIfPresent(1));
      run.run("complete", () -> reloads.get(0).complete("new"));
      run.step("first", () -> first);
      run.step("contents", () -> sorted(cache.asMap()));
      run.step("in flight after", () -> cache.policy().refreshes().keySet());
      run.stats("after", cache);
    });
  }

  @Test
  void aValueWrittenDuringAReloadWinsOverTheReloadedValue() {
    assertSameAsCaffeine(run -> {
      List<CompletableFuture<String>> reloads = new ArrayList<>();
      LoadingCache<Integer, String> cache = cache(run, values().withAsyncReload((key, old) -> {
        CompletableFuture<String> future = new CompletableFuture<>();
        reloads.add(future);
        return future;
      }));
      cache.put(1, "one");
      cache.put(2, "two");
      CompletableFuture<String> put = cache.refresh(1);
      CompletableFuture<String> removed = cache.refresh(2);
      run.run("write during reload", () -> cache.put(1, "written"));
      run.run("remove during reload", () -> cache.invalidate(2));
      run.step("in flight", () -> sorted(cache.policy().refreshes().keySet()));
      run.run("complete", () -> reloads.forEach(f -> f.complete("reloaded")));
      run.step("put future", () -> put);
      run.step("removed future", () -> removed);
      run.step("contents", () -> sorted(cache.asMap()));
      run.stats("after", cache);
    });
  }

  @Test
  void aConditionalReplaceDuringAReloadWins() {
    assertSameAsCaffeine(run -> {
      List<CompletableFuture<String>> reloads = new ArrayList<>();
      LoadingCache<Integer, String> cache = cache(run, values().withAsyncReload((key, old) -> {
        CompletableFuture<String> future = new CompletableFuture<>();
        reloads.add(future);
        return future;
      }));
      cache.put(1, "one");
      cache.refresh(1);
      run.step("replace", () -> cache.asMap().replace(1, "one", "replaced"));
      run.run("complete", () -> reloads.get(0).complete("reloaded"));
      run.step("contents", () -> sorted(cache.asMap()));
      run.stats("after", cache);
    });
  }

  @Test
  void aReloadCompletingWithTheSameInstanceIsNotNotified() {
    assertSameAsCaffeine(run -> {
      String value = "same";
      LoadingCache<Integer, String> cache = cache(run, values().withReload((key, old) -> old));
      cache.put(1, value);
      run.step("refresh", () -> cache.refresh(1));
      run.step("same", () -> cache.getIfPresent(1) == value);
      run.stats("after", cache);
    });
  }

  @Test
  void refreshAllRefreshesEachDistinctKey() {
    assertSameAsCaffeine(run -> {
      List<Integer> reloaded = new ArrayList<>();
      LoadingCache<Integer, String> cache = cache(run, TestLoader.<Integer, String>loading(key -> {
        reloaded.add(key);
        return (key == 3) ? null : "v" + key;
      }));
      cache.put(1, "one");
      run.step("refreshAll", () -> cache.refreshAll(List.of(1, 2, 1, 3)));
      run.step("reloaded", () -> reloaded);
      run.step("contents", () -> sorted(cache.asMap()));
      run.step("empty", () -> cache.refreshAll(List.of()));
      run.step("null key", () -> cache.refreshAll(Arrays.asList(1, null)));
      run.step("null keys", () -> cache.refreshAll(null));
      run.stats("after", cache);
    });
  }

  @Test
  void refreshAllFailsIfAnyReloadFails() {
    assertSameAsCaffeine(run -> {
      LoadingCache<Integer, String> cache = cache(run, TestLoader.loading(key -> {
        if (key == 2) {
          throw new IllegalStateException("two");
        }
        return "v" + key;
      }));
      run.step("refreshAll", () -> cache.refreshAll(List.of(1, 2)));
      run.step("contents", () -> sorted(cache.asMap()));
      run.stats("after", cache);
    });
  }

  @Test
  void buildingWithoutALoaderFails() {
    assertSameAsCaffeine(run -> run.step("build", () -> run.builder().build(null)));
  }

  @Test
  void loadingCacheKeepsTheManualOperations() {
    assertSameAsCaffeine(run -> {
      LoadingCache<Integer, String> cache = cache(run, values());
      run.step("get with function", () -> cache.get(1, k -> "fn" + k));
      run.step("getAll with function", () -> cache.getAll(Set.of(2), keys -> Map.of(2, "f2")));
      run.step("getIfPresent", () -> cache.getIfPresent(2));
      run.run("invalidateAll", cache::invalidateAll);
      run.stats("after", cache);
    });
  }

  @Test
  void theReloadedValueIsWhatTheRefreshFutureHolds() {
    List<String> transcript = assertSameAsCaffeine(run -> {
      LoadingCache<Integer, String> cache = cache(run, values());
      cache.put(1, "one");
      run.step("refresh", () -> cache.refresh(1));
    });
    assertThat(transcript).contains("refresh -> future[v1]", "  removal 1=one REPLACED");
  }
}
