package io.larder.cache.compat;

import static io.larder.cache.compat.Run.assertSameAsCaffeine;
import static io.larder.cache.compat.Run.sorted;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Cache} scenarios, each run against Larder and Caffeine with the same expectations. */
class CacheCompatTest {

  private static Cache<Integer, String> statsCache(Run run) {
    return run.builder().recordStats().build();
  }

  @Test
  void getIfPresentCountsHitsAndMisses() {
    List<String> transcript =
        assertSameAsCaffeine(
            run -> {
              Cache<Integer, String> cache = statsCache(run);
              run.step("miss", () -> cache.getIfPresent(1));
              cache.put(1, "a");
              run.step("hit", () -> cache.getIfPresent(1));
              run.step("null key", () -> cache.getIfPresent(null));
              run.stats("after", cache);
            });
    assertThat(transcript)
        .contains(
            "after stats -> stats{hits=1, misses=1, loadSuccesses=0, "
                + "loadFailures=0, evictions=0, evictionWeight=0}");
  }

  @Test
  void getWithFunctionLoadsOnceAndCountsLikeCaffeine() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = statsCache(run);
          AtomicInteger calls = new AtomicInteger();
          run.step("miss loads", () -> cache.get(1, k -> "v" + k + "#" + calls.incrementAndGet()));
          run.step("hit", () -> cache.get(1, k -> "never"));
          run.step("calls", calls::get);
          run.stats("after", cache);
        });
  }

  @Test
  void getWithFunctionReturningNullStoresNothingAndCountsAFailure() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = statsCache(run);
          run.step("null result", () -> cache.get(1, k -> null));
          run.step("present", () -> cache.asMap().containsKey(1));
          run.stats("after", cache);
        });
  }

  @Test
  void getWithFunctionPropagatesExceptionsAndCachesNothing() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = statsCache(run);
          run.step(
              "runtime",
              () ->
                  cache.get(
                      1,
                      k -> {
                        throw new IllegalStateException("boom");
                      }));
          run.step(
              "error",
              () ->
                  cache.get(
                      2,
                      k -> {
                        throw new AssertionError("bang");
                      }));
          run.step("size", cache::estimatedSize);
          run.step("null key", () -> cache.get(null, k -> "x"));
          run.step("null function", () -> cache.get(3, null));
          run.step("recursive", () -> cache.get(4, k -> cache.get(4, j -> "inner")));
          run.stats("after", cache);
        });
  }

  @Test
  void getAllPresentCountsEachDistinctKeyOnce() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = statsCache(run);
          cache.putAll(Map.of(1, "a", 2, "b"));
          run.step("present", () -> cache.getAllPresent(List.of(3, 1, 2, 1, 4)));
          run.step("empty", () -> cache.getAllPresent(List.of()));
          run.step("null key", () -> cache.getAllPresent(Arrays.asList(1, null)));
          run.step("unmodifiable", () -> cache.getAllPresent(List.of(1)).put(9, "x"));
          run.stats("after", cache);
        });
  }

  @Test
  void getAllLoadsAbsentKeysInOneCall() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = statsCache(run);
          cache.put(2, "two");
          List<String> calls = new ArrayList<>();
          run.step(
              "getAll",
              () ->
                  cache.getAll(
                      List.of(3, 2, 1, 3),
                      keys -> {
                        calls.add(Transcript.render(sorted(keys)));
                        Map<Integer, String> loaded = new HashMap<>();
                        keys.forEach(k -> loaded.put(k, "v" + k));
                        return loaded;
                      }));
          run.step("calls", () -> calls);
          run.step(
              "all present, no call",
              () ->
                  cache.getAll(
                      List.of(1, 2),
                      keys -> {
                        throw new AssertionError("not called");
                      }));
          run.step("contents", () -> sorted(cache.asMap()));
          run.stats("after", cache);
        });
  }

  @Test
  void getAllStoresExtraKeysAndLeavesOutMissingOnes() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = statsCache(run);
          cache.put(7, "old seven");
          run.step(
              "getAll",
              () ->
                  cache.getAll(
                      List.of(1, 2),
                      keys -> {
                        Map<Integer, String> loaded = new LinkedHashMap<>();
                        loaded.put(1, "one");
                        loaded.put(7, "new seven");
                        loaded.put(8, "eight");
                        return loaded;
                      }));
          run.step("contents", () -> sorted(cache.asMap()));
          run.step("unmodifiable", () -> cache.getAll(List.of(1), keys -> Map.of()).put(9, "x"));
          run.stats("after", cache);
        });
  }

  @Test
  void getAllCountsAnEmptyResultAsAFailure() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = statsCache(run);
          run.step("empty", () -> cache.getAll(List.of(1, 2), keys -> Map.of()));
          run.stats("after", cache);
        });
  }

  @Test
  void getAllPropagatesFailuresAndCountsThem() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = statsCache(run);
          run.step(
              "throws",
              () ->
                  cache.getAll(
                      List.of(1),
                      keys -> {
                        throw new IllegalStateException("bulk");
                      }));
          run.step("null map", () -> cache.getAll(List.of(1), keys -> null));
          run.step(
              "null value",
              () ->
                  cache.getAll(
                      List.of(1),
                      keys -> {
                        Map<Integer, String> loaded = new HashMap<>();
                        loaded.put(1, null);
                        return loaded;
                      }));
          run.step("null key", () -> cache.getAll(Arrays.asList(1, null), keys -> Map.of()));
          run.step("null function", () -> cache.getAll(List.of(1), null));
          run.step(
              "keys unmodifiable",
              () ->
                  cache.getAll(
                      List.of(5),
                      keys -> {
                        keys.clear();
                        return Map.of();
                      }));
          run.step("size", cache::estimatedSize);
          run.stats("after", cache);
        });
  }

  @Test
  void putReplacesAndNotifiesUnlessTheSameInstance() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = statsCache(run);
          String value = "a";
          run.run("put", () -> cache.put(1, value));
          run.run("put same instance", () -> cache.put(1, value));
          run.run("put equal copy", () -> cache.put(1, new String("a")));
          run.run("put other", () -> cache.put(1, "b"));
          run.run("null key", () -> cache.put(null, "x"));
          run.run("null value", () -> cache.put(2, null));
          run.step("contents", () -> sorted(cache.asMap()));
          run.stats("after", cache);
        });
  }

  @Test
  void putAllStoresEachEntry() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = statsCache(run);
          cache.put(1, "old");
          Map<Integer, String> entries = new LinkedHashMap<>();
          entries.put(1, "one");
          entries.put(2, "two");
          run.run("putAll", () -> cache.putAll(entries));
          Map<Integer, String> withNull = new LinkedHashMap<>();
          withNull.put(3, "three");
          withNull.put(4, null);
          run.run("putAll null value", () -> cache.putAll(withNull));
          run.run("putAll null map", () -> cache.putAll(null));
          run.step("contents", () -> sorted(cache.asMap()));
        });
  }

  @Test
  void invalidationNotifiesExplicitRemovals() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = statsCache(run);
          for (int i = 1; i <= 5; i++) {
            cache.put(i, "v" + i);
          }
          run.run("invalidate", () -> cache.invalidate(1));
          run.run("invalidate absent", () -> cache.invalidate(1));
          run.run("invalidate null", () -> cache.invalidate(null));
          run.run("invalidateAll keys", () -> cache.invalidateAll(List.of(2, 3, 9)));
          run.run("invalidateAll null key", () -> cache.invalidateAll(Arrays.asList(4, null)));
          run.step("size", cache::estimatedSize);
          run.run("invalidateAll", cache::invalidateAll);
          run.step("size", cache::estimatedSize);
          run.run("cleanUp", cache::cleanUp);
          run.stats("after", cache);
        });
  }

  @Test
  void statsAreEmptyWhenNotRecording() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = run.builder().build();
          cache.getIfPresent(1);
          cache.get(1, k -> "a");
          cache.getAll(List.of(2), keys -> Map.of(2, "b"));
          run.stats("disabled", cache);
          run.step("recording", () -> cache.policy().isRecordingStats());
        });
  }

  @Test
  void aThrowingListenerNeverReachesTheCaller() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache =
              run.builder()
                  .removalListener(
                      (k, v, cause) -> {
                        run.note("  listener called for " + k + " " + cause);
                        throw new IllegalStateException("listener");
                      })
                  .build();
          cache.put(1, "a");
          run.run("replace", () -> cache.put(1, "b"));
          run.run("invalidate", () -> cache.invalidate(1));
          run.step("size", cache::estimatedSize);
        });
  }

  @Test
  void aRejectingExecutorRunsTheListenerOnTheCallersThread() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache =
              run.builder()
                  .executor(
                      task -> {
                        throw new RejectedExecutionException("full");
                      })
                  .build();
          cache.put(1, "a");
          run.run("invalidate", () -> cache.invalidate(1));
          run.step("size", cache::estimatedSize);
        });
  }

  @Test
  void aThrowingStatsCounterIsGuarded() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache =
              run.builder().recordStats(ThrowingStatsCounter::new).build();
          run.step("getIfPresent", () -> cache.getIfPresent(1));
          run.step("get", () -> cache.get(1, k -> "a"));
          run.step("getAll", () -> cache.getAll(List.of(1, 2), keys -> Map.of(2, "b")));
          run.step("stats", cache::stats);
          run.step("recording", () -> cache.policy().isRecordingStats());
        });
  }

  @Test
  void aStatsCounterSupplierThatThrowsFailsTheBuild() {
    assertSameAsCaffeine(
        run ->
            run.step(
                "build",
                () ->
                    run.builder()
                        .recordStats(
                            () -> {
                              throw new IllegalStateException("no counter");
                            })
                        .build()
                        .estimatedSize()));
  }

  @Test
  void aCustomStatsCounterSeesEveryEvent() {
    assertSameAsCaffeine(
        run -> {
          RecordingStatsCounter counter = new RecordingStatsCounter();
          Cache<Integer, String> cache = run.builder().recordStats(() -> counter).build();
          cache.getIfPresent(1);
          cache.get(1, k -> "a");
          cache.get(1, k -> "a");
          cache.get(2, k -> null);
          cache.getAllPresent(Set.of(1, 2));
          run.step("events", () -> counter.events);
          run.stats("snapshot", cache);
        });
  }

  @Test
  void estimatedSizeFollowsWrites() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = run.builder().initialCapacity(0).build();
          run.step("empty", cache::estimatedSize);
          for (int i = 0; i < 100; i++) {
            cache.put(i, "v");
          }
          run.step("hundred", cache::estimatedSize);
          run.step("contents", () -> sorted(cache.asMap().keySet()).size());
        });
  }

  @Test
  void checkedExceptionsFromGetPropagateUnwrappedWhenSneaky() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = statsCache(run);
          run.step("sneaky checked", () -> cache.get(1, k -> Sneaky.raise(new IOException("io"))));
          run.stats("after", cache);
        });
  }
}
