package io.larder.cache.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import io.larder.cache.CacheLoader;
import io.larder.cache.Expiry;
import io.larder.cache.testing.Library;
import io.larder.cache.testing.ManualTicker;
import io.larder.cache.testing.ScenarioSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code putIfAbsent} on a present entry is a read, run against Larder and Caffeine 3.2.4 with a
 * manual ticker and a same-thread executor. Caffeine's fast path for it sets the variable
 * expiration time before the access time, where its {@code getIfPresent} sets the access time
 * first; Larder had copied both orders, and now reads through one path. The order is not a bug in
 * either library: the two calls never both act, since a builder rejects {@code expireAfterAccess}
 * with {@code expireAfter} (see {@code BuilderMisuseCompatTest}). What differs on purpose, in both
 * libraries, is that the fast path answers the value it found, not the value of a refresh that its
 * read started and that completed at once.
 */
class PutIfAbsentReadCompatibilityTest {

  /** The read that the scenario makes of a present entry. */
  enum Read {
    GET_IF_PRESENT {
      @Override
      Object read(Cache<Integer, Integer> cache, int key) {
        return "getIfPresent " + cache.getIfPresent(key);
      }
    },
    PUT_IF_ABSENT {
      @Override
      Object read(Cache<Integer, Integer> cache, int key) {
        return "putIfAbsent " + cache.asMap().putIfAbsent(key, -1);
      }
    };

    abstract Object read(Cache<Integer, Integer> cache, int key);
  }

  @ParameterizedTest
  @EnumSource(Read.class)
  void aReadOfAPresentEntryMovesItsAccessTime(Read read) {
    List<Object> larder = accessScenario(Library.LARDER, read);
    assertThat(larder).as("Larder").isEqualTo(accessScenario(Library.CAFFEINE, read));
    // The read kept the entry alive past its first deadline, and it expired 5 minutes after it
    assertThat(larder).containsSubsequence("after 8 min: 10", "after 13 min: null");
  }

  @ParameterizedTest
  @EnumSource(Read.class)
  void aReadOfAPresentEntryAppliesTheCachesReadRule(Read read) {
    List<Object> larder = variableScenario(Library.LARDER, read);
    assertThat(larder).as("Larder").isEqualTo(variableScenario(Library.CAFFEINE, read));
    // The read rule of the cache's expiry (3 minutes for an even key) replaced the 10 minutes
    assertThat(larder).contains("expires after 180 s");
  }

  @ParameterizedTest
  @EnumSource(Read.class)
  void aReadThatStartsARefreshAnswersAsCaffeine(Read read) {
    List<Object> larder = refreshScenario(Library.LARDER, read);
    assertThat(larder).as("Larder").isEqualTo(refreshScenario(Library.CAFFEINE, read));
    // getIfPresent answers the reload that completed at once; putIfAbsent the value it found
    assertThat(larder)
        .contains((read == Read.GET_IF_PRESENT) ? "getIfPresent 11" : "putIfAbsent 10");
    assertThat(larder).contains("now 11");
  }

  private static List<Object> accessScenario(Library library, Read read) {
    return scenario(
        library,
        new ScenarioSettings<Integer, Integer>().expireAfterAccess(Duration.ofMinutes(5)),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          cache.put(1, 10);
          time.advance(Duration.ofMinutes(4));
          seen.add(read.read(cache, 1));
          time.advance(Duration.ofMinutes(4));
          seen.add("after 8 min: " + cache.policy().getIfPresentQuietly(1));
          time.advance(Duration.ofMinutes(5));
          seen.add("after 13 min: " + cache.policy().getIfPresentQuietly(1));
          return seen;
        });
  }

  private static List<Object> variableScenario(Library library, Read read) {
    Expiry<Integer, Integer> expiry =
        new Expiry<>() {
          @Override
          public long expireAfterCreate(Integer key, Integer value, long currentTime) {
            return TimeUnit.MINUTES.toNanos(10);
          }

          @Override
          public long expireAfterUpdate(
              Integer key, Integer value, long currentTime, long currentDuration) {
            return currentDuration;
          }

          @Override
          public long expireAfterRead(
              Integer key, Integer value, long currentTime, long currentDuration) {
            return ((key % 2) == 0) ? TimeUnit.MINUTES.toNanos(3) : currentDuration;
          }
        };
    return scenario(
        library,
        new ScenarioSettings<Integer, Integer>().expireAfter(expiry),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          cache.put(2, 20);
          time.advance(Duration.ofMinutes(1));
          seen.add(read.read(cache, 2));
          seen.add(
              "expires after "
                  + cache
                      .policy()
                      .expireVariably()
                      .orElseThrow()
                      .getExpiresAfter(2, TimeUnit.SECONDS)
                      .orElseThrow()
                  + " s");
          time.advance(Duration.ofMinutes(3));
          seen.add("after 4 min: " + cache.policy().getIfPresentQuietly(2));
          return seen;
        });
  }

  private static List<Object> refreshScenario(Library library, Read read) {
    AtomicInteger reloads = new AtomicInteger();
    CacheLoader<Integer, Integer> loader = key -> (key * 10) + reloads.incrementAndGet();
    return scenario(
        library,
        new ScenarioSettings<Integer, Integer>()
            .refreshAfterWrite(Duration.ofMinutes(1))
            .loader(loader),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          cache.put(1, 10);
          time.advance(Duration.ofMinutes(2));
          seen.add(read.read(cache, 1));
          seen.add("reloads " + reloads.get());
          seen.add("now " + cache.policy().getIfPresentQuietly(1));
          return seen;
        });
  }

  private static List<Object> scenario(
      Library library,
      ScenarioSettings<Integer, Integer> settings,
      BiFunction<Cache<Integer, Integer>, ManualTicker, List<Object>> steps) {
    ManualTicker time = new ManualTicker(1_000);
    return steps.apply(settings.ticker(time).build(library), time);
  }
}
