package io.larder.cache.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.AsyncLoadingCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Loaders of asynchronous caches that return a {@code null} future instead of one (a bulk mapping
 * function, {@code asyncLoadAll}, {@code asyncLoad}, {@code asyncReload}), run against Larder and
 * Caffeine: the call fails with the same exception, no placeholder is left behind, and a later
 * {@code get} of the same keys loads them instead of waiting forever.
 */
class NullLoaderFutureCompatibilityTest {

  /** Runs the scenario on both libraries and asserts the same observations; returns Larder's. */
  private static List<String> assertSameAsCaffeine(Function<Impl, List<String>> scenario) {
    List<String> larder = scenario.apply(Impl.LARDER);
    List<String> caffeine = scenario.apply(Impl.CAFFEINE);
    assertThat(larder).isEqualTo(caffeine);
    return larder;
  }

  /** The call's result, or its exception's class (unwrapped from an ExecutionException). */
  private static String outcome(Callable<?> call) {
    try {
      return String.valueOf(call.call());
    } catch (ExecutionException e) {
      return "failed " + e.getCause().getClass().getSimpleName();
    } catch (Exception | Error e) {
      return e.getClass().getSimpleName();
    }
  }

  /** What a later reader sees: the keys present, then a get of each key with a fresh loader. */
  private static List<String> afterwards(AsyncCache<String, String> cache, List<String> keys) {
    List<String> seen = new ArrayList<>();
    seen.add("keys " + new TreeSet<>(cache.asMap().keySet()));
    seen.add("sync keys " + new TreeSet<>(cache.synchronous().asMap().keySet()));
    for (String key : keys) {
      seen.add(
          "get "
              + key
              + " "
              + outcome(() -> cache.get(key, k -> k.toUpperCase()).get(2, TimeUnit.SECONDS)));
    }
    seen.add("stats " + Scenarios.counts(cache));
    return seen;
  }

  @Test
  void aBulkMappingFunctionReturningANullFutureLeavesNoPlaceholder() {
    List<String> seen =
        assertSameAsCaffeine(
            impl -> {
              AsyncCache<String, String> cache = impl.newAsyncCache(new Removals<>());
              List<String> result = new ArrayList<>();
              result.add(
                  "getAll "
                      + outcome(
                          () ->
                              cache.getAll(
                                  List.of("r", "s"),
                                  (Set<? extends String> keys, Executor executor) -> null)));
              result.addAll(afterwards(cache, List.of("r", "s")));
              return result;
            });
    assertThat(seen).contains("keys []", "get r R", "get s S");
  }

  @Test
  void anAsyncLoadAllReturningNullLeavesNoPlaceholder() {
    List<String> seen =
        assertSameAsCaffeine(
            impl -> {
              AsyncLoadingCache<String, String> cache =
                  impl.newAsyncLoadingCache(
                      new Removals<>(),
                      new AsyncCacheLoader<String, String>() {
                        @Override
                        public CompletableFuture<? extends String> asyncLoad(
                            String key, Executor executor) {
                          return CompletableFuture.completedFuture(key + "!");
                        }

                        @Override
                        @SuppressWarnings(
                            "NullAway") // the defect under test: a loader breaking its contract
                        public CompletableFuture<? extends Map<? extends String, ? extends String>>
                            asyncLoadAll(Set<? extends String> keys, Executor executor) {
                          return null;
                        }
                      });
              List<String> result = new ArrayList<>();
              result.add("getAll " + outcome(() -> cache.getAll(List.of("r", "s"))));
              result.add("sync getAll " + outcome(() -> cache.synchronous().getAll(List.of("t"))));
              result.addAll(afterwards(cache, List.of("r", "s", "t")));
              result.add("loader get " + outcome(() -> cache.get("r").get(2, TimeUnit.SECONDS)));
              return result;
            });
    assertThat(seen).contains("keys []", "get r R", "get t T");
  }

  @Test
  void aSingleKeyLoaderReturningANullFutureLeavesNoPlaceholder() {
    assertSameAsCaffeine(
        impl -> {
          AsyncLoadingCache<String, String> cache =
              impl.newAsyncLoadingCache(new Removals<>(), nullLoader());
          AsyncCache<String, String> manual = impl.newAsyncCache(new Removals<>());
          List<String> result = new ArrayList<>();
          result.add("get " + outcome(() -> cache.get("r")));
          result.add("sync get " + outcome(() -> cache.synchronous().get("s")));
          result.add("manual get " + outcome(() -> manual.get("m", (k, executor) -> null)));
          result.addAll(afterwards(cache, List.of("r", "s")));
          result.addAll(afterwards(manual, List.of("m")));
          return result;
        });
  }

  @Test
  void aReloadReturningANullFutureKeepsTheEntry() {
    assertSameAsCaffeine(
        impl -> {
          AsyncLoadingCache<String, String> cache =
              impl.newAsyncLoadingCache(
                  new Removals<>(),
                  new AsyncCacheLoader<String, String>() {
                    @Override
                    public CompletableFuture<? extends String> asyncLoad(
                        String key, Executor executor) {
                      return CompletableFuture.completedFuture(key + "!");
                    }

                    @Override
                    @SuppressWarnings(
                        "NullAway") // the defect under test: a loader breaking its contract
                    public CompletableFuture<? extends String> asyncReload(
                        String key, String oldValue, Executor executor) {
                      return null;
                    }
                  });
          List<String> result = new ArrayList<>();
          result.add("get " + outcome(() -> cache.get("r").get(2, TimeUnit.SECONDS)));
          result.add(
              "refresh "
                  + outcome(() -> cache.synchronous().refresh("r").get(2, TimeUnit.SECONDS)));
          result.add(
              "refreshAll "
                  + outcome(
                      () ->
                          cache
                              .synchronous()
                              .refreshAll(List.of("r", "x"))
                              .get(2, TimeUnit.SECONDS)));
          result.add("refreshes " + cache.synchronous().policy().refreshes().keySet());
          result.addAll(afterwards(cache, List.of("r", "x")));
          return result;
        });
  }

  private static AsyncCacheLoader<String, String> nullLoader() {
    return new AsyncCacheLoader<>() {
      @Override
      @SuppressWarnings("NullAway") // the defect under test: a loader breaking its contract
      public @Nullable CompletableFuture<? extends String> asyncLoad(
          String key, Executor executor) {
        return null;
      }
    };
  }
}
