package io.larder.cache.async;

import static io.larder.cache.async.TimedAsyncCaches.assertSameAsCaffeine;
import static io.larder.cache.async.TimedAsyncCaches.loggingExpiry;
import static io.larder.cache.async.TimedAsyncCaches.outcome;
import static io.larder.cache.async.TimedAsyncCaches.settings;
import static io.larder.cache.async.TimedAsyncCaches.state;
import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Expiry;
import io.larder.cache.async.TimedAsyncCaches.Run;
import io.larder.cache.testing.ScenarioSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Expiration of asynchronous caches ({@code AsyncCache} and {@code AsyncLoadingCache}) run against
 * Larder and Caffeine with a manual ticker and a same-thread executor: future states, map views,
 * policy views, notifications and statistics must be the same.
 */
class AsyncExpirationCompatibilityTest {
  static final Duration MINUTE = Duration.ofMinutes(1);

  /** The expiration policies a scenario is run with, each a minute long. */
  enum Expiration {
    AFTER_WRITE(run -> settings().expireAfterWrite(MINUTE)),
    AFTER_ACCESS(run -> settings().expireAfterAccess(MINUTE)),
    VARIABLE(run -> settings().expireAfter(loggingExpiry(run.expiryCalls, MINUTE, Duration.ZERO)));

    final Function<Run, ScenarioSettings<Integer, Integer>> settings;

    Expiration(Function<Run, ScenarioSettings<Integer, Integer>> settings) {
      this.settings = settings;
    }
  }

  @ParameterizedTest
  @EnumSource(Expiration.class)
  void expiredFuturesAreAbsentFromEveryViewAndReportedExpired(Expiration expiration) {
    List<Object> result = assertSameAsCaffeine(expiration.settings, run -> {
      List<Object> seen = new ArrayList<>();
      run.cache.put(1, completedFuture(10));
      run.cache.put(2, completedFuture(20));
      seen.add(state(run.cache.get(3, k -> 30)));
      run.advance(Duration.ofSeconds(30));
      run.cache.put(4, completedFuture(40));
      seen.add(state(run.cache.getIfPresent(1)));
      seen.addAll(run.observe());
      run.advance(Duration.ofSeconds(31));
      seen.add(state(run.cache.getIfPresent(2)));
      seen.add(state(run.cache.asMap().get(3)));
      seen.add(run.cache.asMap().containsKey(2));
      seen.add(run.cache.asMap().size());
      seen.add(run.cache.asMap().keySet().toString());
      seen.add(run.cache.synchronous().getIfPresent(2));
      seen.add(run.cache.synchronous().getIfPresent(4));
      seen.add(run.cache.synchronous().asMap().containsKey(3));
      seen.add(run.cache.synchronous().getAllPresent(List.of(1, 2, 3, 4)));
      seen.addAll(run.observe());
      run.cache.synchronous().cleanUp();
      seen.addAll(run.observe());
      run.advance(MINUTE);
      run.cache.synchronous().cleanUp();
      seen.addAll(run.observe());
      return seen;
    });
    assertThat(result.toString()).contains("1=10 EXPIRED", "2=20 EXPIRED", "4=40 EXPIRED");
  }

  @ParameterizedTest
  @EnumSource(Expiration.class)
  void anInFlightFutureNeverExpiresAndItsLifetimeStartsWhenItCompletes(Expiration expiration) {
    assertSameAsCaffeine(expiration.settings, run -> {
      List<Object> seen = new ArrayList<>();
      var pending = new CompletableFuture<Integer>();
      run.cache.put(1, pending);
      run.cache.put(2, completedFuture(20));
      run.advance(Duration.ofDays(365));
      seen.add(state(run.cache.getIfPresent(1)));
      seen.add(run.cache.getIfPresent(1) == pending);
      run.cache.synchronous().cleanUp();
      seen.add(run.cache.asMap().containsKey(1));
      seen.add(run.cache.synchronous().asMap().containsKey(1));
      seen.add(run.cache.synchronous().estimatedSize());
      seen.add(run.policy().getIfPresentQuietly(1));
      seen.add(run.entryTimes(1));
      seen.addAll(run.observe());

      run.advance(Duration.ofSeconds(7));
      pending.complete(10);
      seen.add(run.entryTimes(1));
      seen.addAll(run.observe());
      run.advance(Duration.ofSeconds(59));
      seen.add(state(run.cache.asMap().get(1)));
      run.advance(Duration.ofSeconds(1));
      seen.add(state(run.cache.asMap().get(1)));
      run.cache.synchronous().cleanUp();
      seen.addAll(run.observe());
      return seen;
    });
  }

  @ParameterizedTest
  @EnumSource(Expiration.class)
  void aLoadInFlightThatFailsIsRemovedWithoutANotification(Expiration expiration) {
    assertSameAsCaffeine(expiration.settings, run -> {
      List<Object> seen = new ArrayList<>();
      var failing = new CompletableFuture<Integer>();
      seen.add(state(run.cache.get(1, (k, executor) -> failing)));
      var nulled = new CompletableFuture<Integer>();
      run.cache.put(2, nulled);
      run.advance(Duration.ofMinutes(5));
      failing.completeExceptionally(new IllegalStateException("expected by the test"));
      nulled.complete(null);
      seen.addAll(run.observe());
      seen.add(state(run.cache.get(1, k -> 11)));
      run.advance(Duration.ofMinutes(5));
      seen.add(state(run.cache.get(1, k -> 12)));
      run.cache.synchronous().cleanUp();
      seen.addAll(run.observe());
      return seen;
    });
  }

  @Test
  void theExpiryIsAskedAboutCompletedValuesOnly() {
    List<Object> result = assertSameAsCaffeine(
        run -> settings().expireAfter(
            loggingExpiry(run.expiryCalls, MINUTE, Duration.ofSeconds(90))),
        run -> {
          List<Object> seen = new ArrayList<>();
          var first = new CompletableFuture<Integer>();
          run.cache.put(1, first);
          seen.add(state(run.cache.getIfPresent(1)));
          seen.add(run.variable().getExpiresAfter(1));
          run.advance(Duration.ofSeconds(3));
          first.complete(10);
          seen.add(run.variable().getExpiresAfter(1));
          run.advance(Duration.ofSeconds(2));
          seen.add(state(run.cache.getIfPresent(1)));
          seen.add(run.variable().getExpiresAfter(1));

          // A pending future replacing a completed one: no update call until it completes
          var second = new CompletableFuture<Integer>();
          run.cache.put(1, second);
          run.advance(Duration.ofSeconds(4));
          seen.add(state(run.cache.getIfPresent(1)));
          second.complete(11);
          seen.add(run.variable().getExpiresAfter(1));

          // A completed future replacing a completed one: an update
          run.advance(Duration.ofSeconds(5));
          run.cache.put(1, completedFuture(12));
          seen.add(run.variable().getExpiresAfter(1));
          run.cache.synchronous().put(1, 13);
          seen.add(state(run.cache.get(2, k -> 20)));
          seen.add(run.variable().getExpiresAfter(2));
          seen.addAll(run.observe());
          return seen;
        });
    // a future completing over a completed value is created anew, not updated
    assertThat(result.toString()).contains("create 1=10 at 3000000000", "create 1=11 at");
  }

  @Test
  void variablePolicyViewOfAnAsyncCache() {
    assertSameAsCaffeine(
        run -> settings().expireAfter(loggingExpiry(run.expiryCalls, MINUTE, Duration.ZERO)),
        run -> {
          List<Object> seen = new ArrayList<>();
          var pending = new CompletableFuture<Integer>();
          run.cache.put(1, pending);
          for (int i = 2; i <= 5; i++) {
            run.cache.put(i, completedFuture(i * 10));
            run.advance(Duration.ofSeconds(1));
          }
          seen.add(run.variable().oldest(10));
          seen.add(run.variable().youngest(2));
          run.variable().setExpiresAfter(1, Duration.ofSeconds(5));
          run.variable().setExpiresAfter(2, Duration.ofSeconds(5));
          seen.add(run.variable().getExpiresAfter(1).isPresent());
          seen.add(run.variable().getExpiresAfter(2));
          seen.add(run.variable().put(3, 31, Duration.ofSeconds(2)));
          seen.add(run.variable().put(6, 60, Duration.ofSeconds(8)));
          seen.add(run.variable().putIfAbsent(4, 41, Duration.ofSeconds(3)));
          seen.add(run.variable().putIfAbsent(7, 70, Duration.ofSeconds(3)));
          seen.add(run.variable().compute(5, (k, v) -> v + 1, Duration.ofSeconds(4)));
          seen.add(run.variable().compute(8, (k, v) -> (v == null) ? 80 : v, Duration.ZERO));
          seen.add(outcome(() -> run.variable().put(9, 90, Duration.ofSeconds(-1))));
          seen.add(run.variable().oldest(10));
          seen.add(run.variable().youngest(10));
          for (int i = 1; i <= 8; i++) {
            seen.add(run.variable().getExpiresAfter(i));
          }
          seen.add(run.entryTimes(3));
          seen.addAll(run.observe());
          run.advance(Duration.ofSeconds(5));
          run.cache.synchronous().cleanUp();
          seen.add(run.variable().oldest(10));
          seen.addAll(run.observe());
          pending.complete(10);
          seen.add(run.variable().getExpiresAfter(1));
          seen.addAll(run.observe());
          return seen;
        });
  }

  @ParameterizedTest
  @EnumSource(value = Expiration.class, names = {"AFTER_WRITE", "AFTER_ACCESS"})
  void fixedPolicyViewOfAnAsyncCache(Expiration expiration) {
    assertSameAsCaffeine(expiration.settings, run -> {
      List<Object> seen = new ArrayList<>();
      var fixed = (expiration == Expiration.AFTER_WRITE) ? run.afterWrite() : run.afterAccess();
      var pending = new CompletableFuture<Integer>();
      run.cache.put(1, pending);
      for (int i = 2; i <= 5; i++) {
        run.cache.put(i, completedFuture(i * 10));
        run.time.advanceNanos(1_000_000_001L); // an odd step: write times are even in Caffeine
      }
      seen.add(state(run.cache.getIfPresent(2)));
      seen.add(fixed.getExpiresAfter());
      seen.add(fixed.oldest(10));
      seen.add(fixed.youngest(2));
      seen.add(fixed.ageOf(1).isPresent());
      for (int i = 2; i <= 5; i++) {
        seen.add(fixed.ageOf(i));
        seen.add(run.entryTimes(i));
      }
      seen.add(fixed.oldest(stream -> stream.map(e -> e.getKey() + "@" + e.expiresAt()).toList()));
      fixed.setExpiresAfter(Duration.ofSeconds(3));
      seen.add(fixed.getExpiresAfter());
      seen.add(fixed.ageOf(3));
      seen.add(state(run.cache.getIfPresent(3)));
      seen.add(state(run.cache.getIfPresent(4)));
      seen.add(outcome(() -> {
        fixed.setExpiresAfter(Duration.ofSeconds(-1));
        return "set";
      }));
      run.cache.synchronous().cleanUp();
      seen.addAll(run.observe());
      pending.complete(10);
      seen.add(fixed.ageOf(1));
      seen.add(fixed.youngest(10));
      seen.addAll(run.observe());
      return seen;
    });
  }

  @ParameterizedTest
  @EnumSource(Expiration.class)
  void futuresMapWritesTreatAnExpiredFutureAsAbsent(Expiration expiration) {
    assertSameAsCaffeine(expiration.settings, run -> {
      List<Object> seen = new ArrayList<>();
      ConcurrentMap<Integer, CompletableFuture<Integer>> map = run.cache.asMap();
      List<CompletableFuture<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        futures.add(completedFuture(i));
        map.put(i, futures.get(i));
      }
      run.advance(Duration.ofMinutes(2));
      seen.add(state(map.put(0, completedFuture(100))));
      seen.add(state(map.putIfAbsent(1, completedFuture(101))));
      seen.add(state(map.remove(2)));
      seen.add(map.remove(3, futures.get(3)));
      seen.add(state(map.replace(4, completedFuture(104))));
      seen.add(map.replace(5, futures.get(5), completedFuture(105)));
      seen.add(state(map.compute(6, (k, v) -> (v == null) ? completedFuture(-6) : v)));
      seen.add(state(map.computeIfPresent(7, (k, v) -> completedFuture(107))));
      seen.add(state(map.merge(8, completedFuture(108), (a, b) -> b)));
      seen.add(state(map.computeIfAbsent(9, k -> completedFuture(109))));
      seen.add(map.containsValue(futures.get(6)));
      seen.add(map.equals(Map.of()));
      seen.add(map.entrySet().size());
      seen.add(map.values().size());
      run.cache.synchronous().cleanUp();
      seen.addAll(run.observe());
      return seen;
    });
  }

  @ParameterizedTest
  @EnumSource(Expiration.class)
  void synchronousMapWritesTreatAnExpiredValueAsAbsent(Expiration expiration) {
    assertSameAsCaffeine(expiration.settings, run -> {
      List<Object> seen = new ArrayList<>();
      ConcurrentMap<Integer, Integer> map = run.cache.synchronous().asMap();
      for (int i = 0; i < 9; i++) {
        map.put(i, i);
      }
      run.advance(Duration.ofMinutes(2));
      seen.add(map.put(0, 100));
      seen.add(map.putIfAbsent(1, 101));
      seen.add(map.remove(2));
      seen.add(map.remove(3, 3));
      seen.add(map.replace(4, 104));
      seen.add(map.replace(5, 5, 105));
      seen.add(map.compute(6, (k, v) -> (v == null) ? -6 : v));
      seen.add(map.computeIfPresent(7, (k, v) -> 107));
      seen.add(map.merge(8, 108, Integer::sum));
      seen.add(map.getOrDefault(7, -1));
      seen.add(new TreeMap<>(map));
      run.cache.synchronous().cleanUp();
      seen.addAll(run.observe());
      return seen;
    });
  }

  @ParameterizedTest
  @EnumSource(Expiration.class)
  void aLoadingCacheLoadsAgainOnceTheValueExpired(Expiration expiration) {
    assertSameAsCaffeine(run -> expiration.settings.apply(run).loader(run.loader), run -> {
      List<Object> seen = new ArrayList<>();
      seen.add(state(run.loading().get(1)));
      seen.add(state(run.loading().getAll(List.of(2, 3)).thenApply(TreeMap::new)));
      run.advance(Duration.ofSeconds(40));
      seen.add(state(run.loading().get(1)));
      run.advance(Duration.ofSeconds(40));
      seen.add(state(run.loading().get(1)));
      seen.add(state(run.loading().getAll(List.of(1, 2, 3)).thenApply(TreeMap::new)));
      seen.add(run.loading().synchronous().get(2));
      run.loader.deferred = true;
      run.advance(Duration.ofMinutes(2));
      seen.add(state(run.loading().get(1)));
      run.advance(Duration.ofMinutes(2));
      seen.add(state(run.loading().get(1)));
      run.loader.next().complete(17);
      seen.add(state(run.loading().get(1)));
      run.cache.synchronous().cleanUp();
      seen.addAll(run.observe());
      return seen;
    });
  }

  @Test
  void expirationCombinesWithMaximumSize() {
    assertSameAsCaffeine(
        run -> settings().maximumSize(3).expireAfterWrite(MINUTE).expireAfterAccess(MINUTE),
        run -> {
          List<Object> seen = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            run.cache.put(i, completedFuture(i));
            run.advance(Duration.ofSeconds(10));
          }
          run.cache.synchronous().cleanUp();
          seen.addAll(run.observe());
          run.advance(Duration.ofSeconds(35));
          seen.add(state(run.cache.getIfPresent(4)));
          run.cache.synchronous().cleanUp();
          seen.addAll(run.observe());
          seen.add(run.afterWrite().oldest(5));
          seen.add(run.afterAccess().youngest(5));
          return seen;
        });
  }

  @Test
  void anExpiryThatThrowsFailsTheWriteOrTheCompletion() {
    List<Object> result = assertSameAsCaffeine(
        run -> settings().expireAfter(new Expiry<Integer, Integer>() {
          @Override
          public long expireAfterCreate(Integer key, Integer value, long currentTime) {
            run.expiryCalls.add("create " + key + "=" + value);
            if (value < 0) {
              throw new IllegalStateException("no lifetime for " + value);
            }
            return MINUTE.toNanos();
          }

          @Override
          public long expireAfterUpdate(
              Integer key, Integer value, long currentTime, long currentDuration) {
            run.expiryCalls.add("update " + key + "=" + value);
            return expireAfterCreate(key, value, currentTime);
          }

          @Override
          public long expireAfterRead(
              Integer key, Integer value, long currentTime, long currentDuration) {
            return currentDuration;
          }
        }),
        run -> {
          List<Object> seen = new ArrayList<>();
          seen.add(outcome(() -> {
            run.cache.put(1, completedFuture(-1));
            return "put";
          }));
          var pending = new CompletableFuture<Integer>();
          run.cache.put(2, pending);
          pending.complete(-2);
          seen.add(state(run.cache.getIfPresent(2)));
          run.cache.put(3, completedFuture(3));
          seen.add(outcome(() -> run.cache.synchronous().asMap().put(3, -3)));
          seen.add(outcome(() -> run.cache.get(4, k -> -4)));
          seen.addAll(run.observe());
          return seen;
        });
    assertThat(result.toString()).contains("IllegalStateException", "create 2=-2");
  }
}
