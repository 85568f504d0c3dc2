package io.larder.cache.async;

import static io.larder.cache.async.TimedAsyncCaches.assertSameAsCaffeine;
import static io.larder.cache.async.TimedAsyncCaches.loggingExpiry;
import static io.larder.cache.async.TimedAsyncCaches.outcome;
import static io.larder.cache.async.TimedAsyncCaches.settings;
import static io.larder.cache.async.TimedAsyncCaches.state;
import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.async.TimedAsyncCaches.Run;
import io.larder.cache.testing.LoadFunction;
import io.larder.cache.testing.ScenarioSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refresh after write of an {@code AsyncLoadingCache}, run against Larder and Caffeine with a
 * manual ticker and a same-thread executor: which read starts a reload, what the reload's outcome
 * does to the entry (its value, its write time, hence {@code ageOf} and the next refresh),
 * notifications and statistics must be the same.
 *
 * <p>Each scenario is a row of {@link #scenarios}: the cache's settings and a list of steps, each
 * of which acts on the run and may record what it saw; both libraries must record the same.
 */
class AsyncRefreshCompatibilityTest {
  static final Duration INTERVAL = Duration.ofSeconds(10);

  /** One step of a scenario: it acts on the run and may add what it observed to {@code seen}. */
  @FunctionalInterface
  interface Step {
    void apply(Run run, List<Object> seen);
  }

  /**
   * A named scenario: the settings of its cache, its steps, and texts that the common observations
   * must mention (to show that the scenario exercised what its name says).
   */
  record Scenario(
      String name,
      Function<Run, ScenarioSettings<Integer, Integer>> settings,
      List<Step> steps,
      List<String> mentions) {

    Scenario mentioning(String... texts) {
      return new Scenario(name, settings, steps, List.of(texts));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void behavesAsCaffeine(Scenario scenario) {
    List<Object> result = assertSameAsCaffeine(scenario.settings(), run -> {
      List<Object> seen = new ArrayList<>();
      for (Step step : scenario.steps()) {
        step.apply(run, seen);
      }
      return seen;
    });
    for (String text : scenario.mentions()) {
      assertThat(result.toString()).contains(text);
    }
  }

  static Stream<Scenario> scenarios() {
    return Stream.of(
        refreshing("aReadPastTheIntervalReloadsOnceAndTheReloadRestartsTheInterval",
            get(1), advance(5), get(1), refreshView(), advance(6), get(1), get(1),
            getIfPresent(1), refreshView(), observe(), nextRefresh(), observe()),
        refreshing("everyReadPathPastTheIntervalStartsAReload",
            act(run -> {
              for (int i = 1; i <= 6; i++) {
                run.cache.put(i, completedFuture(i * 10));
              }
            }),
            advance(11), getIfPresent(1),
            see(run -> state(run.cache.get(2, k -> -1))),
            see(run -> state(run.loading().getAll(List.of(3)))),
            see(run -> state(run.cache.asMap().get(4))),
            see(run -> run.cache.synchronous().getIfPresent(5)),
            see(run -> run.cache.synchronous().getAllPresent(List.of(6))),
            see(run -> run.policy().getIfPresentQuietly(1)), observe()),
        refreshing("aReloadInFlightIsSharedAndTheOldValueServedMeanwhile",
            get(1), defer(), advance(11), get(1), get(1), refresh(1), refreshView(), observe(),
            advance(3), complete(15), get(1), refreshView(), observe(), nextRefresh()),
        refreshing("aFailedReloadKeepsTheOldValueAndItsWriteTime",
            get(1), reloads((key, oldValue) -> {
              if (oldValue != null) {
                throw new IllegalStateException("reload failed (expected by the test)");
              }
              return key * 10;
            }),
            advance(11), get(1), refreshView(), advance(1), get(1), refreshView(), observe()),
        refreshing("aReloadThatFailsLaterKeepsTheOldValueAndItsWriteTime",
            get(1), defer(), advance(11), get(1), advance(2), failPending(), refreshView(),
            observe(), nextRefresh()),
        refreshing("aLoaderThatThrowsWhenAskedToReloadKeepsTheOldValue",
            get(1), act(run -> run.loader.throwsOnReload = true), advance(11), get(1),
            refreshView(), advance(1), get(1), refreshView(), observe()),
        refreshing("aReloadReturningNullRemovesTheEntry",
            get(1), reloads((key, oldValue) -> (oldValue == null) ? key * 10 : null),
            advance(11), get(1), getIfPresent(1), observe()),
        refreshing("aReloadReturningTheSameValueKeepsTheEntryAndRestartsTheInterval",
            get(1), reloads((key, oldValue) -> (oldValue == null) ? key * 10 : oldValue),
            advance(11), get(1), refreshView(), observe(), nextRefresh(), observe()),
        refreshing("aWriteDuringTheReloadWinsAndKeepsItsWriteTime",
            get(1), defer(), advance(11), get(1), advance(2), put(1, 99), refreshView(),
            advance(3), complete(55), getIfPresent(1), refreshView(), observe(), nextRefresh(),
            observe()),
        refreshing("aSynchronousWriteDuringTheReloadWins",
            get(1), defer(), advance(11), get(1), advance(4),
            act(run -> run.cache.synchronous().asMap().replace(1, 10, 77)), advance(1),
            complete(11), refreshView(), observe(), nextRefresh()),
        refreshing("aRemovalDuringTheReloadDiscardsIt",
            get(1), get(2), defer(), advance(11), get(1), get(2),
            act(run -> run.cache.synchronous().invalidate(1)),
            act(run -> run.cache.asMap().remove(2)), complete(11), complete(null), refreshView(),
            observe()),
        refreshing("aRemovalAndReloadOfTheKeyDuringTheReloadDiscardsIt",
            get(1), defer(), advance(11), get(1), (run, seen) -> {
              CompletableFuture<Integer> reload = run.loader.next();
              run.cache.synchronous().invalidate(1);
              run.advance(Duration.ofSeconds(1));
              seen.add(state(run.loading().get(1)));
              run.loader.next().complete(10);
              run.advance(Duration.ofSeconds(2));
              reload.complete(11);
            },
            refreshView(), observe(), nextRefresh()),
        refreshing("aPendingLoadIsNotRefreshed", (run, seen) -> {
          var pending = new CompletableFuture<Integer>();
          run.cache.put(1, pending);
          run.advance(Duration.ofSeconds(30));
          seen.add(state(run.loading().get(1)));
          seen.add(run.refresh().ageOf(1).isPresent());
          seen.add(run.policy().refreshes().isEmpty());
          pending.complete(10);
        }, refreshView(), observe(), nextRefresh()),
        refreshing("theRefreshViewOfAnAsyncCache",
            get(1),
            // an odd step: write times are even in Caffeine
            act(run -> run.time.advanceNanos(3_000_000_001L)),
            see(run -> run.refresh().getRefreshesAfter()), refreshView(),
            act(run -> run.refresh().setRefreshesAfter(Duration.ofSeconds(2))),
            see(run -> run.refresh().getRefreshesAfter()), get(1), refreshView(),
            see(run -> outcome(() -> {
              run.refresh().setRefreshesAfter(Duration.ZERO);
              return "set";
            })),
            see(run -> run.refresh().ageOf(2)), observe()),
        scenario("refreshAndExpirationTogether",
            run -> settings().refreshAfterWrite(INTERVAL).expireAfterWrite(Duration.ofSeconds(30))
                .loader(run.loader),
            get(1), get(2), advance(20), get(1), see(run -> run.afterWrite().ageOf(1)),
            advance(15), getIfPresent(1), getIfPresent(2), get(2), advance(40), get(1),
            cleanUp(), observe()),
        refreshing("anExplicitRefreshDiscardedByAWriteKeepsTheWritesTimestamps",
            get(1), defer(), advance(3), (run, seen) -> {
              CompletableFuture<Integer> refresh = run.loading().synchronous().refresh(1);
              run.advance(Duration.ofSeconds(2));
              run.cache.put(1, completedFuture(50));
              run.advance(Duration.ofSeconds(2));
              run.loader.next().complete(11);
              seen.add(state(refresh));
            },
            refreshView(), observe(), nextRefresh()),
        scenario("anExplicitRefreshOfAnEntryThatExpiredMeanwhileLoadsIt",
            run -> settings().expireAfterWrite(Duration.ofSeconds(30)).loader(run.loader),
            get(1), defer(), (run, seen) -> {
              CompletableFuture<Integer> first = run.loading().synchronous().refresh(1);
              run.advance(Duration.ofSeconds(31));
              CompletableFuture<Integer> second = run.loading().synchronous().refresh(1);
              seen.add(first == second);
              seen.add(new TreeSet<>(run.policy().refreshes().keySet()));
              while (!run.loader.pending.isEmpty()) {
                run.loader.next().complete(run.loader.pending.size() * 100);
              }
              seen.add(state(first));
              seen.add(state(second));
            },
            observe()),
        scenario("aReloadIsAnUpdateForTheVariableExpiry",
            run -> settings().refreshAfterWrite(INTERVAL)
                .expireAfter(loggingExpiry(run.expiryCalls, Duration.ofSeconds(30), Duration.ZERO))
                .loader(run.loader),
            get(1), advance(11), get(1), see(run -> run.variable().getExpiresAfter(1)), defer(),
            advance(11), get(1), advance(2), put(1, 40), advance(1), complete(13),
            see(run -> run.variable().getExpiresAfter(1)), refreshView(), advance(31),
            getIfPresent(1), cleanUp(), observe())
            .mentioning("update 1=11", "1=13 REPLACED"),
        refreshing("aWriteByTheLoaderWhileOtherReloadsAreInFlightWins",
            get(1), get(2), defer(), advance(11), get(1), (run, seen) -> {
              run.loader.deferred = false;
              run.loader.fn = (key, oldValue) -> {
                if (oldValue == null) {
                  return key * 10;
                }
                run.cache.synchronous().put(key, 99);
                return oldValue + 1;
              };
            },
            get(2), refresh(2), refreshView(), complete(11), observe()));
  }

  /** A scenario on a cache that refreshes after {@link #INTERVAL} with the run's loader. */
  static Scenario refreshing(String name, Step... steps) {
    return scenario(name, run -> settings().refreshAfterWrite(INTERVAL).loader(run.loader), steps);
  }

  static Scenario scenario(
      String name, Function<Run, ScenarioSettings<Integer, Integer>> settings, Step... steps) {
    return new Scenario(name, settings, List.of(steps), List.of());
  }

  /** Records the state of {@code get(key)} of the loading cache. */
  static Step get(int key) {
    return (run, seen) -> seen.add(state(run.loading().get(key)));
  }

  /** Records the state of {@code getIfPresent(key)} of the asynchronous cache. */
  static Step getIfPresent(int key) {
    return (run, seen) -> seen.add(state(run.cache.getIfPresent(key)));
  }

  /** Records the state of an explicit refresh of the key. */
  static Step refresh(int key) {
    return (run, seen) -> seen.add(state(run.loading().synchronous().refresh(key)));
  }

  /** Puts a completed future of the value. */
  static Step put(int key, int value) {
    return (run, seen) -> run.cache.put(key, completedFuture(value));
  }

  static Step advance(int seconds) {
    return (run, seen) -> run.advance(Duration.ofSeconds(seconds));
  }

  /** Makes the loader's later futures stay pending until a step completes them. */
  static Step defer() {
    return (run, seen) -> run.loader.deferred = true;
  }

  /** Makes the loader load and reload by {@code rule}. */
  static Step reloads(LoadFunction<Integer, Integer> rule) {
    return (run, seen) -> run.loader.fn = rule;
  }

  /** Completes the loader's oldest pending future with the value. */
  static Step complete(@Nullable Integer value) {
    return (run, seen) -> run.loader.next().complete(value);
  }

  /** Fails the loader's oldest pending future. */
  static Step failPending() {
    return (run, seen) -> run.loader.next()
        .completeExceptionally(new IllegalStateException("expected by the test"));
  }

  static Step cleanUp() {
    return (run, seen) -> run.cache.synchronous().cleanUp();
  }

  /** Records what the run observes (see {@link Run#observe}). */
  static Step observe() {
    return (run, seen) -> seen.addAll(run.observe());
  }

  /** Records the refresh view and the entry's times of key 1. */
  static Step refreshView() {
    return (run, seen) -> seen.add(refreshState(run));
  }

  /** Records when key 1 is next refreshed (see {@link #findNextRefresh}). */
  static Step nextRefresh() {
    return (run, seen) -> seen.add(findNextRefresh(run));
  }

  /** Acts on the run without recording anything. */
  static Step act(Consumer<Run> action) {
    return (run, seen) -> action.accept(run);
  }

  /** Records what {@code observation} returns. */
  static Step see(Function<Run, @Nullable Object> observation) {
    return (run, seen) -> seen.add(observation.apply(run));
  }

  /**
   * Reads key 1 once a second, with reloads completing at once, until a read starts a reload;
   * returns after how many seconds it did (the entry's next refresh trigger) and the loader call.
   */
  static String findNextRefresh(Run run) {
    run.loader.deferred = false;
    int calls = run.loader.calls.size();
    for (int second = 1; second <= 30; second++) {
      run.advance(Duration.ofSeconds(1));
      run.loading().get(1);
      if (run.loader.calls.size() > calls) {
        return "after " + second + "s: " + run.loader.calls.get(calls);
      }
    }
    return "none within 30s";
  }

  /** Observes the refresh view and the entry's times of key 1. */
  static List<Object> refreshState(Run run) {
    List<Object> seen = new ArrayList<>();
    seen.add(run.refresh().ageOf(1));
    seen.add(run.entryTimes(1));
    seen.add(new TreeSet<>(run.policy().refreshes().keySet()));
    return seen;
  }
}
