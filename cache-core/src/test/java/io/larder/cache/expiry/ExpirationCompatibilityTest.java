package io.larder.cache.expiry;

import static io.larder.cache.expiry.TimedCaches.expiry;
import static io.larder.cache.expiry.TimedCaches.loaderOf;
import static io.larder.cache.expiry.TimedCaches.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.larder.cache.expiry.TimedCaches.TimedCache;
import io.larder.cache.testing.Library;
import io.larder.cache.testing.ManualTicker;
import io.larder.cache.testing.ScenarioSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Expiration scenarios run against Larder and Caffeine with a manual ticker and a same-thread
 * executor: contents, return values, exceptions, notifications (cause EXPIRED), statistics and
 * policy views must be the same.
 */
class ExpirationCompatibilityTest {
  static final Duration MINUTE = Duration.ofMinutes(1);

  /** Runs the scenario on both libraries and asserts the same observations; returns Larder's. */
  static List<Object> assertSameAsCaffeine(Supplier<ScenarioSettings<Integer, Integer>> settings,
      BiFunction<TimedCache, ManualTicker, List<Object>> scenario) {
    ManualTicker larderTime = new ManualTicker(1_000);
    ManualTicker caffeineTime = new ManualTicker(1_000);
    List<Object> larder =
        scenario.apply(TimedCaches.build(Library.LARDER, settings.get(), larderTime), larderTime);
    List<Object> caffeine = scenario.apply(
        TimedCaches.build(Library.CAFFEINE, settings.get(), caffeineTime), caffeineTime);
    assertThat(larder).isEqualTo(caffeine);
    return larder;
  }

  static void advance(ManualTicker time, Duration duration) {
    time.advance(duration);
  }

  static List<Object> observe(TimedCache cache) {
    List<Object> observations = new ArrayList<>();
    observations.add(cache.snapshot());
    observations.add(cache.estimatedSize());
    observations.add(cache.removals());
    observations.add(cache.evictions());
    observations.add(cache.stats());
    return observations;
  }

  static Object outcome(Supplier<Object> action) {
    Throwable t = catchThrowable(action::get);
    return (t == null) ? String.valueOf(action.get()) : t.getClass().getName();
  }

  @Test
  void expireAfterWriteHidesExpiredEntriesAtOnceAndRemovesThemAsExpired() {
    List<Object> result = assertSameAsCaffeine(() -> settings().expireAfterWrite(MINUTE),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          cache.put(1, 10);
          cache.put(2, 20);
          advance(time, Duration.ofSeconds(30));
          cache.put(3, 30);
          seen.add(cache.getIfPresent(1));
          advance(time, Duration.ofSeconds(31));
          seen.add(cache.getIfPresent(1));
          seen.add(cache.containsKey(2));
          seen.add(cache.getIfPresent(3));
          seen.add(cache.snapshot());
          cache.cleanUp();
          seen.addAll(observe(cache));
          advance(time, MINUTE);
          cache.cleanUp();
          seen.addAll(observe(cache));
          return seen;
        });
    assertThat(result.toString()).contains("1=10 EXPIRED", "3=30 EXPIRED");
  }

  @Test
  void expireAfterAccessKeepsReadEntries() {
    assertSameAsCaffeine(() -> settings().expireAfterAccess(MINUTE), (cache, time) -> {
      List<Object> seen = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        cache.put(i, i);
      }
      for (int round = 0; round < 3; round++) {
        advance(time, Duration.ofSeconds(40));
        seen.add(cache.getIfPresent(0));
        seen.add(cache.getIfPresent(1));
      }
      seen.add(cache.getIfPresent(2));
      cache.cleanUp();
      seen.addAll(observe(cache));
      seen.add(cache.ageOf("access", 0));
      seen.add(cache.oldest("access", 10));
      seen.add(cache.youngest("access", 10));
      return seen;
    });
  }

  @Test
  void expirationCombinesWithMaximumSize() {
    assertSameAsCaffeine(
        () -> settings().maximumSize(3).expireAfterWrite(MINUTE).expireAfterAccess(MINUTE),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            cache.put(i, i);
            advance(time, Duration.ofSeconds(10));
          }
          cache.cleanUp();
          seen.addAll(observe(cache));
          advance(time, Duration.ofSeconds(35));
          seen.add(cache.getIfPresent(4));
          cache.cleanUp();
          seen.addAll(observe(cache));
          seen.add(cache.oldest("write", 5));
          seen.add(cache.youngest("access", 5));
          seen.add(cache.policies());
          return seen;
        });
  }

  @Test
  void writesToAnExpiredEntryTreatItAsAbsent() {
    assertSameAsCaffeine(() -> settings().expireAfterWrite(MINUTE), (cache, time) -> {
      List<Object> seen = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        cache.put(i, i);
      }
      advance(time, Duration.ofMinutes(2));
      seen.add(cache.put(0, 100));
      seen.add(cache.putIfAbsent(1, 101));
      seen.add(cache.remove(2));
      seen.add(cache.compute(3, (k, v) -> (v == null) ? -1 : v + 1));
      seen.add(cache.computeIfAbsent(4, k -> 104));
      seen.add(cache.compute(5, (k, v) -> null));
      cache.cleanUp();
      seen.addAll(observe(cache));
      cache.invalidateAll();
      seen.addAll(observe(cache));
      return seen;
    });
  }

  @Test
  void writesWithinTheToleranceKeepTheWriteTime() {
    assertSameAsCaffeine(() -> settings().expireAfterWrite(MINUTE), (cache, time) -> {
      List<Object> seen = new ArrayList<>();
      cache.put(1, 1);
      advance(time, Duration.ofMillis(500));
      cache.put(1, 2);
      seen.add(cache.ageOf("write", 1));
      advance(time, Duration.ofSeconds(2));
      cache.put(1, 3);
      seen.add(cache.ageOf("write", 1));
      seen.addAll(observe(cache));
      return seen;
    });
  }

  @Test
  void replacesAndComputationsWithinTheToleranceKeepTheWriteTime() {
    assertSameAsCaffeine(() -> settings().expireAfterWrite(MINUTE), (cache, time) -> {
      List<Object> seen = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        cache.put(i, i);
      }
      advance(time, Duration.ofMillis(700));
      seen.add(cache.replace(1, 10));
      seen.add(cache.replace(2, 2, 20));
      seen.add(cache.compute(3, (k, v) -> v + 30));
      for (int i = 1; i <= 3; i++) {
        seen.add(cache.ageOf("write", i));
      }
      advance(time, Duration.ofSeconds(2));
      seen.add(cache.replace(1, 11));
      seen.add(cache.compute(2, (k, v) -> v + 1));
      seen.add(cache.ageOf("write", 1));
      seen.add(cache.ageOf("write", 2));
      seen.add(cache.ageOf("write", 3));
      advance(time, Duration.ofSeconds(57).plusMillis(300));
      cache.cleanUp();
      seen.addAll(observe(cache));
      return seen;
    });
  }

  @Test
  void ticksAreRoundedToEvenWriteTimesAsInCaffeine() {
    assertSameAsCaffeine(
        () -> settings().expireAfterWrite(Duration.ofNanos(10)).expireAfterAccess(MINUTE),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          time.set(1_001);
          cache.put(1, 1);
          seen.add(cache.ageOf("write", 1));
          seen.add(cache.entryTimes(1));
          time.set(1_010);
          seen.add(cache.getIfPresent(1));
          seen.add(cache.ageOf("write", 1));
          time.set(1_011);
          seen.add(cache.getIfPresent(1));
          cache.cleanUp();
          seen.addAll(observe(cache));
          return seen;
        });
  }

  @Test
  void policyViewsFindWeakKeys() {
    assertSameAsCaffeine(
        () -> settings().weakKeys().expireAfterWrite(MINUTE).expireAfterAccess(MINUTE)
            .refreshAfterWrite(Duration.ofSeconds(10)).loader(loaderOf((k, old) -> k)),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          cache.put(1, 1);
          advance(time, Duration.ofSeconds(4));
          seen.add(cache.ageOf("write", 1));
          seen.add(cache.ageOf("access", 1));
          seen.add(cache.ageOf("refresh", 1));
          seen.add(cache.entryTimes(1));
          return seen;
        });
    assertSameAsCaffeine(
        () -> settings().weakKeys().expireAfter(expiry((key, value) -> MINUTE.toNanos())),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          cache.put(1, 1);
          advance(time, Duration.ofSeconds(4));
          seen.add(cache.varExpiresAfter(1));
          cache.varSetExpiresAfter(1, Duration.ofSeconds(5));
          seen.add(cache.varExpiresAfter(1));
          seen.add(cache.oldest("variable", 5));
          return seen;
        });
  }

  @Test
  void fixedExpirationChangesAtRunTimeApplyToExistingEntries() {
    assertSameAsCaffeine(() -> settings().expireAfterWrite(MINUTE), (cache, time) -> {
      List<Object> seen = new ArrayList<>();
      cache.put(1, 1);
      advance(time, Duration.ofSeconds(20));
      cache.put(2, 2);
      seen.add(cache.getExpiresAfter("write"));
      cache.setExpiresAfter("write", Duration.ofSeconds(10));
      seen.add(cache.getExpiresAfter("write"));
      seen.add(cache.getIfPresent(1));
      seen.add(cache.getIfPresent(2));
      advance(time, Duration.ofSeconds(10));
      seen.add(cache.getIfPresent(2));
      cache.cleanUp();
      seen.addAll(observe(cache));
      seen.add(outcome(() -> {
        cache.setExpiresAfter("write", Duration.ofSeconds(-1));
        return "set";
      }));
      return seen;
    });
  }

  @Test
  void variableExpiryGivesEachEntryItsOwnLifetime() {
    assertSameAsCaffeine(
        () -> settings().expireAfter(expiry(
            (key, value) -> Duration.ofSeconds(key * 10L).toNanos())),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          for (int i = 1; i <= 6; i++) {
            cache.put(i, i);
          }
          seen.add(cache.oldest("variable", 3));
          seen.add(cache.youngest("variable", 3));
          seen.add(cache.varExpiresAfter(3));
          advance(time, Duration.ofSeconds(25));
          seen.add(cache.getIfPresent(2));
          seen.add(cache.getIfPresent(3));
          cache.cleanUp();
          seen.addAll(observe(cache));
          seen.add(cache.varPut(9, 9, Duration.ofSeconds(1)));
          cache.varSetExpiresAfter(6, Duration.ofHours(1));
          seen.add(cache.varExpiresAfter(6));
          seen.add(cache.varPutIfAbsent(6, 7, Duration.ofSeconds(1)));
          seen.add(cache.varCompute(5, 55, Duration.ofSeconds(3)));
          seen.add(cache.varExpiresAfter(5));
          seen.add(cache.entryTimes(5));
          advance(time, Duration.ofMinutes(2));
          cache.cleanUp();
          seen.addAll(observe(cache));
          seen.add(cache.policies());
          return seen;
        });
  }

  @Test
  void variableExpiryAcrossTheWheelsLevels() {
    assertSameAsCaffeine(
        () -> settings().expireAfter(expiry(
            (key, value) -> Duration.ofSeconds(1L << key).toNanos())),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          for (int i = 0; i < 20; i++) {
            cache.put(i, i);
          }
          for (int step = 0; step < 20; step++) {
            advance(time, Duration.ofSeconds(1L << step));
            cache.cleanUp();
            seen.add(cache.snapshot().keySet());
          }
          seen.addAll(observe(cache));
          return seen;
        });
  }

  @Test
  void negativeAndOverflowingExpiryDurationsBehaveAsInCaffeine() {
    assertSameAsCaffeine(
        () -> settings().expireAfter(expiry(new TimedCaches.ExpiryFn() {
          @Override
          public long create(Integer key, Integer value) {
            return (key < 0) ? -5 : Long.MAX_VALUE;
          }

          @Override
          public long read(Integer key, Integer value, long currentDuration) {
            return Long.MAX_VALUE;
          }
        })),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          cache.put(-1, 1);
          cache.put(1, 1);
          seen.add(cache.getIfPresent(-1));
          seen.add(cache.getIfPresent(1));
          seen.add(cache.varExpiresAfter(1));
          advance(time, Duration.ofDays(365 * 100));
          seen.add(cache.getIfPresent(1));
          seen.add(cache.varExpiresAfter(1));
          cache.cleanUp();
          seen.addAll(observe(cache));
          seen.add(outcome(() -> cache.varPut(2, 2, Duration.ofSeconds(-1))));
          return seen;
        });
  }

  @Test
  void anExpiryThatThrowsFailsTheWrite() {
    assertSameAsCaffeine(
        () -> settings().expireAfter(expiry(new TimedCaches.ExpiryFn() {
          @Override
          public long create(Integer key, Integer value) {
            if (value < 0) {
              throw new IllegalStateException("no lifetime for " + value);
            }
            return MINUTE.toNanos();
          }

          @Override
          public long update(Integer key, Integer value, long currentDuration) {
            return create(key, value);
          }
        })),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          seen.add(outcome(() -> cache.put(1, -1)));
          seen.add(cache.put(2, 2));
          seen.add(outcome(() -> cache.put(2, -2)));
          seen.add(outcome(() -> cache.compute(3, (k, v) -> -3)));
          cache.cleanUp();
          seen.addAll(observe(cache));
          return seen;
        });
  }

  @Test
  void snapshotEntriesReportExpirationAndRefreshTimes() {
    assertSameAsCaffeine(
        () -> settings().expireAfterWrite(MINUTE).expireAfterAccess(Duration.ofSeconds(30))
            .refreshAfterWrite(Duration.ofSeconds(10)).loader(loaderOf((k, old) -> k)),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          cache.put(1, 1);
          advance(time, Duration.ofSeconds(5));
          seen.add(cache.entryTimes(1));
          seen.add(cache.ageOf("refresh", 1));
          seen.add(cache.policies());
          return seen;
        });
  }
}
