package io.larder.cache.async;

import static io.larder.cache.async.TimedAsyncCaches.assertSameAsCaffeine;
import static io.larder.cache.async.TimedAsyncCaches.outcome;
import static io.larder.cache.async.TimedAsyncCaches.state;
import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.async.TimedAsyncCaches.Config;
import io.larder.cache.async.TimedAsyncCaches.Run;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Refresh after write of an {@code AsyncLoadingCache}, run against Larder and Caffeine with a
 * manual ticker and a same-thread executor: which read starts a reload, what the reload's outcome
 * does to the entry (its value, its write time, hence {@code ageOf} and the next refresh),
 * notifications and statistics must be the same.
 */
class AsyncRefreshCompatibilityTest {
  static final Duration INTERVAL = Duration.ofSeconds(10);

  static Supplier<Config> refreshing() {
    return () -> new Config().refreshAfterWrite(INTERVAL);
  }

  /**
   * Reads key 1 once a second, with reloads completing at once, until a read starts a reload;
   * returns after how many seconds it did (the entry's next refresh trigger) and the loader call.
   */
  static String nextRefresh(Run run) {
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

  @Test
  void aReadPastTheIntervalReloadsOnceAndTheReloadRestartsTheInterval() {
    assertSameAsCaffeine(refreshing(), run -> {
      List<Object> seen = new ArrayList<>();
      seen.add(state(run.loading().get(1)));
      run.advance(Duration.ofSeconds(5));
      seen.add(state(run.loading().get(1)));
      seen.add(refreshState(run));
      run.advance(Duration.ofSeconds(6));
      seen.add(state(run.loading().get(1)));
      seen.add(state(run.loading().get(1)));
      seen.add(state(run.cache.getIfPresent(1)));
      seen.add(refreshState(run));
      seen.addAll(run.observe());
      seen.add(nextRefresh(run));
      seen.addAll(run.observe());
      return seen;
    });
  }

  @Test
  void everyReadPathPastTheIntervalStartsAReload() {
    assertSameAsCaffeine(refreshing(), run -> {
      List<Object> seen = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        run.cache.put(i, completedFuture(i * 10));
      }
      run.advance(Duration.ofSeconds(11));
      seen.add(state(run.cache.getIfPresent(1)));
      seen.add(state(run.cache.get(2, k -> -1)));
      seen.add(state(run.loading().getAll(List.of(3))));
      seen.add(state(run.cache.asMap().get(4)));
      seen.add(run.cache.synchronous().getIfPresent(5));
      seen.add(run.cache.synchronous().getAllPresent(List.of(6)));
      seen.add(run.policy().getIfPresentQuietly(1));
      seen.addAll(run.observe());
      return seen;
    });
  }

  @Test
  void aReloadInFlightIsSharedAndTheOldValueServedMeanwhile() {
    assertSameAsCaffeine(refreshing(), run -> {
      List<Object> seen = new ArrayList<>();
      seen.add(state(run.loading().get(1)));
      run.loader.deferred = true;
      run.advance(Duration.ofSeconds(11));
      seen.add(state(run.loading().get(1)));
      seen.add(state(run.loading().get(1)));
      seen.add(state(run.loading().synchronous().refresh(1)));
      seen.add(refreshState(run));
      seen.addAll(run.observe());
      run.advance(Duration.ofSeconds(3));
      run.loader.next().complete(15);
      seen.add(state(run.loading().get(1)));
      seen.add(refreshState(run));
      seen.addAll(run.observe());
      seen.add(nextRefresh(run));
      return seen;
    });
  }

  @Test
  void aFailedReloadKeepsTheOldValueAndItsWriteTime() {
    assertSameAsCaffeine(refreshing(), run -> {
      List<Object> seen = new ArrayList<>();
      seen.add(state(run.loading().get(1)));
      run.loader.fn = (key, oldValue) -> {
        if (oldValue != null) {
          throw new IllegalStateException("reload failed (expected by the test)");
        }
        return key * 10;
      };
      run.advance(Duration.ofSeconds(11));
      seen.add(state(run.loading().get(1)));
      seen.add(refreshState(run));
      run.advance(Duration.ofSeconds(1));
      seen.add(state(run.loading().get(1)));
      seen.add(refreshState(run));
      seen.addAll(run.observe());
      return seen;
    });
  }

  @Test
  void aReloadThatFailsLaterKeepsTheOldValueAndItsWriteTime() {
    assertSameAsCaffeine(refreshing(), run -> {
      List<Object> seen = new ArrayList<>();
      seen.add(state(run.loading().get(1)));
      run.loader.deferred = true;
      run.advance(Duration.ofSeconds(11));
      seen.add(state(run.loading().get(1)));
      run.advance(Duration.ofSeconds(2));
      run.loader.next().completeExceptionally(new IllegalStateException("expected by the test"));
      seen.add(refreshState(run));
      seen.addAll(run.observe());
      seen.add(nextRefresh(run));
      return seen;
    });
  }

  @Test
  void aLoaderThatThrowsWhenAskedToReloadKeepsTheOldValue() {
    assertSameAsCaffeine(refreshing(), run -> {
      List<Object> seen = new ArrayList<>();
      seen.add(state(run.loading().get(1)));
      run.loader.throwsOnReload = true;
      run.advance(Duration.ofSeconds(11));
      seen.add(state(run.loading().get(1)));
      seen.add(refreshState(run));
      run.advance(Duration.ofSeconds(1));
      seen.add(state(run.loading().get(1)));
      seen.add(refreshState(run));
      seen.addAll(run.observe());
      return seen;
    });
  }

  @Test
  void aReloadReturningNullRemovesTheEntry() {
    assertSameAsCaffeine(refreshing(), run -> {
      List<Object> seen = new ArrayList<>();
      seen.add(state(run.loading().get(1)));
      run.loader.fn = (key, oldValue) -> (oldValue == null) ? key * 10 : null;
      run.advance(Duration.ofSeconds(11));
      seen.add(state(run.loading().get(1)));
      seen.add(state(run.cache.getIfPresent(1)));
      seen.addAll(run.observe());
      return seen;
    });
  }

  @Test
  void aReloadReturningTheSameValueKeepsTheEntryAndRestartsTheInterval() {
    assertSameAsCaffeine(refreshing(), run -> {
      List<Object> seen = new ArrayList<>();
      seen.add(state(run.loading().get(1)));
      run.loader.fn = (key, oldValue) -> (oldValue == null) ? key * 10 : oldValue;
      run.advance(Duration.ofSeconds(11));
      seen.add(state(run.loading().get(1)));
      seen.add(refreshState(run));
      seen.addAll(run.observe());
      seen.add(nextRefresh(run));
      seen.addAll(run.observe());
      return seen;
    });
  }

  @Test
  void aWriteDuringTheReloadWinsAndKeepsItsWriteTime() {
    assertSameAsCaffeine(refreshing(), run -> {
      List<Object> seen = new ArrayList<>();
      seen.add(state(run.loading().get(1)));
      run.loader.deferred = true;
      run.advance(Duration.ofSeconds(11));
      seen.add(state(run.loading().get(1)));
      run.advance(Duration.ofSeconds(2));
      run.cache.put(1, completedFuture(99));
      seen.add(refreshState(run));
      run.advance(Duration.ofSeconds(3));
      run.loader.next().complete(55);
      seen.add(state(run.cache.getIfPresent(1)));
      seen.add(refreshState(run));
      seen.addAll(run.observe());
      seen.add(nextRefresh(run));
      seen.addAll(run.observe());
      return seen;
    });
  }

  @Test
  void aSynchronousWriteDuringTheReloadWins() {
    assertSameAsCaffeine(refreshing(), run -> {
      List<Object> seen = new ArrayList<>();
      seen.add(state(run.loading().get(1)));
      run.loader.deferred = true;
      run.advance(Duration.ofSeconds(11));
      seen.add(state(run.loading().get(1)));
      run.advance(Duration.ofSeconds(4));
      run.cache.synchronous().asMap().replace(1, 10, 77);
      run.advance(Duration.ofSeconds(1));
      run.loader.next().complete(11);
      seen.add(refreshState(run));
      seen.addAll(run.observe());
      seen.add(nextRefresh(run));
      return seen;
    });
  }

  @Test
  void aRemovalDuringTheReloadDiscardsIt() {
    assertSameAsCaffeine(refreshing(), run -> {
      List<Object> seen = new ArrayList<>();
      seen.add(state(run.loading().get(1)));
      seen.add(state(run.loading().get(2)));
      run.loader.deferred = true;
      run.advance(Duration.ofSeconds(11));
      seen.add(state(run.loading().get(1)));
      seen.add(state(run.loading().get(2)));
      run.cache.synchronous().invalidate(1);
      run.cache.asMap().remove(2);
      run.loader.next().complete(11);
      run.loader.next().complete(null);
      seen.add(refreshState(run));
      seen.addAll(run.observe());
      return seen;
    });
  }

  @Test
  void aRemovalAndReloadOfTheKeyDuringTheReloadDiscardsIt() {
    assertSameAsCaffeine(refreshing(), run -> {
      List<Object> seen = new ArrayList<>();
      seen.add(state(run.loading().get(1)));
      run.loader.deferred = true;
      run.advance(Duration.ofSeconds(11));
      seen.add(state(run.loading().get(1)));
      CompletableFuture<Integer> reload = run.loader.next();
      run.cache.synchronous().invalidate(1);
      run.advance(Duration.ofSeconds(1));
      seen.add(state(run.loading().get(1)));
      run.loader.next().complete(10);
      run.advance(Duration.ofSeconds(2));
      reload.complete(11);
      seen.add(refreshState(run));
      seen.addAll(run.observe());
      seen.add(nextRefresh(run));
      return seen;
    });
  }

  @Test
  void aPendingLoadIsNotRefreshed() {
    assertSameAsCaffeine(refreshing(), run -> {
      List<Object> seen = new ArrayList<>();
      var pending = new CompletableFuture<Integer>();
      run.cache.put(1, pending);
      run.advance(Duration.ofSeconds(30));
      seen.add(state(run.loading().get(1)));
      seen.add(run.refresh().ageOf(1).isPresent());
      seen.add(run.policy().refreshes().isEmpty());
      pending.complete(10);
      seen.add(refreshState(run));
      seen.addAll(run.observe());
      seen.add(nextRefresh(run));
      return seen;
    });
  }

  @Test
  void theRefreshViewOfAnAsyncCache() {
    assertSameAsCaffeine(refreshing(), run -> {
      List<Object> seen = new ArrayList<>();
      seen.add(state(run.loading().get(1)));
      run.time.addAndGet(3_000_000_001L); // odd: write times are even in Caffeine
      seen.add(run.refresh().getRefreshesAfter());
      seen.add(refreshState(run));
      run.refresh().setRefreshesAfter(Duration.ofSeconds(2));
      seen.add(run.refresh().getRefreshesAfter());
      seen.add(state(run.loading().get(1)));
      seen.add(refreshState(run));
      seen.add(outcome(() -> {
        run.refresh().setRefreshesAfter(Duration.ZERO);
        return "set";
      }));
      seen.add(run.refresh().ageOf(2));
      seen.addAll(run.observe());
      return seen;
    });
  }

  @Test
  void refreshAndExpirationTogether() {
    assertSameAsCaffeine(
        () -> new Config().refreshAfterWrite(INTERVAL).expireAfterWrite(Duration.ofSeconds(30)),
        run -> {
          List<Object> seen = new ArrayList<>();
          seen.add(state(run.loading().get(1)));
          seen.add(state(run.loading().get(2)));
          run.advance(Duration.ofSeconds(20));
          seen.add(state(run.loading().get(1)));
          seen.add(run.afterWrite().ageOf(1));
          run.advance(Duration.ofSeconds(15));
          seen.add(state(run.cache.getIfPresent(1)));
          seen.add(state(run.cache.getIfPresent(2)));
          seen.add(state(run.loading().get(2)));
          run.advance(Duration.ofSeconds(40));
          seen.add(state(run.loading().get(1)));
          run.cache.synchronous().cleanUp();
          seen.addAll(run.observe());
          return seen;
        });
  }

  @Test
  void anExplicitRefreshDiscardedByAWriteKeepsTheWritesTimestamps() {
    assertSameAsCaffeine(refreshing(), run -> {
      List<Object> seen = new ArrayList<>();
      seen.add(state(run.loading().get(1)));
      run.loader.deferred = true;
      run.advance(Duration.ofSeconds(3));
      CompletableFuture<Integer> refresh = run.loading().synchronous().refresh(1);
      run.advance(Duration.ofSeconds(2));
      run.cache.put(1, completedFuture(50));
      run.advance(Duration.ofSeconds(2));
      run.loader.next().complete(11);
      seen.add(state(refresh));
      seen.add(refreshState(run));
      seen.addAll(run.observe());
      seen.add(nextRefresh(run));
      return seen;
    });
  }

  @Test
  void anExplicitRefreshOfAnEntryThatExpiredMeanwhileLoadsIt() {
    assertSameAsCaffeine(
        () -> new Config().expireAfterWrite(Duration.ofSeconds(30)).loading(),
        run -> {
          List<Object> seen = new ArrayList<>();
          seen.add(state(run.loading().get(1)));
          run.loader.deferred = true;
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
          seen.addAll(run.observe());
          return seen;
        });
  }

  @Test
  void aReloadIsAnUpdateForTheVariableExpiry() {
    List<Object> result = assertSameAsCaffeine(
        () -> new Config().refreshAfterWrite(INTERVAL)
            .expiry(TimedAsyncCaches.loggingExpiry(Duration.ofSeconds(30), Duration.ZERO)),
        run -> {
          List<Object> seen = new ArrayList<>();
          seen.add(state(run.loading().get(1)));
          run.advance(Duration.ofSeconds(11));
          seen.add(state(run.loading().get(1)));
          seen.add(run.variable().getExpiresAfter(1));
          run.loader.deferred = true;
          run.advance(Duration.ofSeconds(11));
          seen.add(state(run.loading().get(1)));
          run.advance(Duration.ofSeconds(2));
          run.cache.put(1, completedFuture(40));
          run.advance(Duration.ofSeconds(1));
          run.loader.next().complete(13);
          seen.add(run.variable().getExpiresAfter(1));
          seen.add(refreshState(run));
          run.advance(Duration.ofSeconds(31));
          seen.add(state(run.cache.getIfPresent(1)));
          run.cache.synchronous().cleanUp();
          seen.addAll(run.observe());
          return seen;
        });
    assertThat(result.toString()).contains("update 1=11", "1=13 REPLACED");
  }

  @Test
  void aWriteByTheLoaderWhileOtherReloadsAreInFlightWins() {
    assertSameAsCaffeine(refreshing(), run -> {
      List<Object> seen = new ArrayList<>();
      seen.add(state(run.loading().get(1)));
      seen.add(state(run.loading().get(2)));
      run.loader.deferred = true;
      run.advance(Duration.ofSeconds(11));
      seen.add(state(run.loading().get(1)));
      run.loader.deferred = false;
      run.loader.fn = (key, oldValue) -> {
        if (oldValue == null) {
          return key * 10;
        }
        run.cache.synchronous().put(key, 99);
        return oldValue + 1;
      };
      seen.add(state(run.loading().get(2)));
      seen.add(state(run.loading().synchronous().refresh(2)));
      seen.add(refreshState(run));
      run.loader.next().complete(11);
      seen.addAll(run.observe());
      return seen;
    });
  }
}
