package io.larder.cache.expiry;

import static io.larder.cache.expiry.ExpirationCompatibilityTest.advance;
import static io.larder.cache.expiry.ExpirationCompatibilityTest.assertSameAsCaffeine;
import static io.larder.cache.expiry.ExpirationCompatibilityTest.observe;
import static io.larder.cache.expiry.ExpirationCompatibilityTest.outcome;
import static io.larder.cache.expiry.TimedCaches.loaderOf;
import static io.larder.cache.expiry.TimedCaches.settings;

import io.larder.cache.expiry.TimedCaches.TimedCache;
import io.larder.cache.testing.LoadFunction;
import io.larder.cache.testing.ManualTicker;
import io.larder.cache.testing.ScenarioSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Refresh-after-write scenarios run against Larder and Caffeine with a manual ticker and a
 * same-thread executor: reloads, their results, failures, writes racing a reload, statistics and
 * the refresh policy view must be the same.
 */
class RefreshCompatibilityTest {
  static final Duration INTERVAL = Duration.ofSeconds(10);

  @Test
  void aReadAfterTheIntervalReloadsOnce() {
    assertSameAsCaffeine(
        () -> settings().refreshAfterWrite(INTERVAL)
            .loader(loaderOf((k, old) -> (old == null) ? k : old + 1)),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          seen.add(cache.get(1));
          advance(time, Duration.ofSeconds(5));
          seen.add(cache.get(1));
          advance(time, Duration.ofSeconds(6));
          seen.add(cache.get(1));
          seen.add(cache.get(1));
          seen.add(cache.refreshes());
          seen.add(cache.ageOf("refresh", 1));
          advance(time, Duration.ofSeconds(11));
          seen.add(cache.getIfPresent(1));
          seen.addAll(observe(cache));
          return seen;
        });
  }

  @Test
  void aFailedReloadKeepsTheOldValueAndCountsAFailure() {
    assertSameAsCaffeine(
        () -> settings().refreshAfterWrite(INTERVAL).loader(loaderOf((k, old) -> {
          if (old != null) {
            throw new IllegalStateException("reload failed");
          }
          return k;
        })),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          seen.add(cache.get(1));
          advance(time, Duration.ofSeconds(11));
          seen.add(cache.get(1));
          seen.add(cache.get(1));
          seen.add(cache.refreshes());
          seen.addAll(observe(cache));
          return seen;
        });
  }

  @Test
  void aWriteDuringTheReloadWins() {
    AtomicReference<TimedCache> self = new AtomicReference<>();
    assertSameAsCaffeine(
        () -> settings().refreshAfterWrite(INTERVAL).loader(loaderOf((k, old) -> {
          if (old != null) {
            self.get().put(k, 99);
            return old + 1;
          }
          return k;
        })),
        (cache, time) -> {
          self.set(cache);
          List<Object> seen = new ArrayList<>();
          seen.add(cache.get(1));
          advance(time, Duration.ofSeconds(11));
          seen.add(cache.get(1));
          seen.add(cache.getIfPresent(1));
          seen.addAll(observe(cache));
          return seen;
        });
  }

  @Test
  void theIntervalChangesAtRunTimeAndMustBePositive() {
    assertSameAsCaffeine(
        () -> settings().refreshAfterWrite(INTERVAL).loader(loaderOf((k, old) -> k * 2)),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          cache.put(1, 1);
          cache.setExpiresAfter("refresh", Duration.ofSeconds(2));
          seen.add(cache.getExpiresAfter("refresh"));
          advance(time, Duration.ofSeconds(3));
          seen.add(cache.get(1));
          seen.add(outcome(() -> {
            cache.setExpiresAfter("refresh", Duration.ZERO);
            return "set";
          }));
          seen.addAll(observe(cache));
          return seen;
        });
  }

  /**
   * Reads key 1 once a second until a read starts a reload; returns after how many seconds it did,
   * so that two libraries agree on when an entry's next refresh is due.
   */
  static String nextRefresh(TimedCache cache, ManualTicker time, List<String> reloads) {
    int before = reloads.size();
    for (int second = 1; second <= 30; second++) {
      advance(time, Duration.ofSeconds(1));
      cache.get(1);
      if (reloads.size() > before) {
        return "after " + second + "s";
      }
    }
    return "none within 30s";
  }

  /** Observes the refresh view and the times of key 1. */
  static List<Object> refreshState(TimedCache cache) {
    return List.of(cache.ageOf("refresh", 1), cache.entryTimes(1), cache.refreshes());
  }

  /** A refreshing cache whose loader logs its reloads and then applies {@code reload}. */
  static Supplier<ScenarioSettings<Integer, Integer>> logging(
      List<List<String>> logs, LoadFunction<Integer, Integer> reload) {
    return () -> {
      List<String> log = new ArrayList<>();
      logs.add(log);
      return settings().refreshAfterWrite(INTERVAL).loader(loaderOf((k, old) -> {
        if (old == null) {
          return k;
        }
        log.add("reload " + k + " from " + old);
        return reload.load(k, old);
      }));
    };
  }

  /** Runs a refresh scenario whose second half probes the next refresh (logs: one per library). */
  static void assertSameRefreshes(LoadFunction<Integer, Integer> reload,
      BiConsumer<TimedCache, ManualTicker> before) {
    List<List<String>> logs = new ArrayList<>();
    assertSameAsCaffeine(logging(logs, reload), (cache, time) -> {
      List<String> log = logs.get(logs.size() - 1);
      List<Object> seen = new ArrayList<>();
      seen.add(cache.get(1));
      advance(time, Duration.ofSeconds(11));
      before.accept(cache, time);
      seen.add(cache.getIfPresent(1));
      seen.add(refreshState(cache));
      seen.addAll(observe(cache));
      seen.add(List.copyOf(log));
      seen.add(nextRefresh(cache, time, log));
      seen.add(refreshState(cache));
      seen.addAll(observe(cache));
      return seen;
    });
  }

  @Test
  void aCompletedReloadRestartsTheInterval() {
    assertSameRefreshes((k, old) -> old + 1, (cache, time) -> cache.get(1));
  }

  @Test
  void aReloadOfTheSameInstanceRestartsTheInterval() {
    assertSameRefreshes((k, old) -> old, (cache, time) -> cache.get(1));
  }

  @Test
  void aReloadOfNullRemovesTheEntry() {
    assertSameRefreshes((k, old) -> null, (cache, time) -> cache.get(1));
  }

  @Test
  void aFailedReloadKeepsTheWriteTimeSoTheNextReadRetries() {
    assertSameRefreshes((k, old) -> {
      throw new IllegalStateException("reload failed (expected by the test)");
    }, (cache, time) -> cache.get(1));
  }

  @Test
  void aWriteDuringTheReloadKeepsTheWritesTimestamps() {
    AtomicReference<TimedCache> self = new AtomicReference<>();
    AtomicReference<ManualTicker> clock = new AtomicReference<>();
    assertSameRefreshes((k, old) -> {
      advance(clock.get(), Duration.ofSeconds(2));
      self.get().put(k, 99);
      advance(clock.get(), Duration.ofSeconds(3));
      return old + 1;
    }, (cache, time) -> {
      self.set(cache);
      clock.set(time);
      cache.get(1);
    });
  }

  @Test
  void aWriteOfTheSameInstanceDuringTheReloadKeepsTheWritesTimestamps() {
    AtomicReference<TimedCache> self = new AtomicReference<>();
    AtomicReference<ManualTicker> clock = new AtomicReference<>();
    assertSameRefreshes((k, old) -> {
      advance(clock.get(), Duration.ofSeconds(2));
      self.get().put(k, old);
      advance(clock.get(), Duration.ofSeconds(3));
      return old + 1;
    }, (cache, time) -> {
      self.set(cache);
      clock.set(time);
      cache.get(1);
    });
  }

  @Test
  void aRemovalDuringTheReloadDiscardsIt() {
    AtomicReference<TimedCache> self = new AtomicReference<>();
    assertSameRefreshes((k, old) -> {
      self.get().remove(k);
      return old + 1;
    }, (cache, time) -> {
      self.set(cache);
      cache.get(1);
    });
  }

  @Test
  void anExplicitRefreshDiscardedByAWriteKeepsTheWritesTimestamps() {
    AtomicReference<TimedCache> self = new AtomicReference<>();
    AtomicReference<ManualTicker> clock = new AtomicReference<>();
    assertSameRefreshes((k, old) -> {
      advance(clock.get(), Duration.ofSeconds(2));
      self.get().replace(k, 50);
      advance(clock.get(), Duration.ofSeconds(3));
      return old + 1;
    }, (cache, time) -> {
      self.set(cache);
      clock.set(time);
      cache.refresh(1);
    });
  }

  @Test
  void anExplicitRefreshOfTheSameInstanceRestartsTheInterval() {
    assertSameRefreshes((k, old) -> old, (cache, time) -> cache.refresh(1));
  }
}
