package io.larder.cache.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import io.larder.cache.Expiry;
import io.larder.cache.Policy.VarExpiration;
import io.larder.cache.testing.Library;
import io.larder.cache.testing.ManualTicker;
import io.larder.cache.testing.ScenarioSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The writes of {@code policy().expireVariably()} that carry their own duration ({@code put},
 * {@code putIfAbsent}, {@code compute}) mixed with the cache's own expiry, run against Larder and
 * Caffeine with a manual ticker: a write with its own duration leaves a present entry's time as
 * Caffeine leaves it (the write's own read rule, which keeps the time, not the cache's), in
 * synchronous and asynchronous caches.
 */
class VariablePolicyWritesCompatibilityTest {
  private static final int KEYS = 12;
  private static final int OPERATIONS = 400;
  private static final int SEEDS = 20;

  /** The cache kinds the scenario runs on; both are read through the synchronous API. */
  enum Kind {
    SYNC {
      @Override
      Cache<Integer, Integer> build(Library library, ScenarioSettings<Integer, Integer> settings) {
        return settings.build(library);
      }
    },
    ASYNC {
      @Override
      Cache<Integer, Integer> build(Library library, ScenarioSettings<Integer, Integer> settings) {
        return settings.buildAsync(library).synchronous();
      }
    };

    abstract Cache<Integer, Integer> build(
        Library library, ScenarioSettings<Integer, Integer> settings);
  }

  /**
   * An expiry whose read rule changes the time (3 minutes for even keys), so that applying the
   * cache's read rule where Caffeine applies the write's own is seen at once.
   */
  static Expiry<Integer, Integer> readSensitiveExpiry() {
    return new Expiry<>() {
      @Override
      public long expireAfterCreate(Integer key, Integer value, long currentTime) {
        return TimeUnit.MINUTES.toNanos(5L * (1 + (key % 4)));
      }

      @Override
      public long expireAfterUpdate(
          Integer key, Integer value, long currentTime, long currentDuration) {
        return TimeUnit.MINUTES.toNanos(7);
      }

      @Override
      public long expireAfterRead(
          Integer key, Integer value, long currentTime, long currentDuration) {
        return ((key % 2) == 0) ? TimeUnit.MINUTES.toNanos(3) : currentDuration;
      }
    };
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void putIfAbsentWithADurationLeavesAPresentEntrysTimeUnchanged(Kind kind) {
    List<List<String>> both = new ArrayList<>();
    for (Library library : Library.values()) {
      ManualTicker time = new ManualTicker(1_000);
      Cache<Integer, Integer> cache = kind.build(library, settings(time));
      VarExpiration<Integer, Integer> variable = cache.policy().expireVariably().orElseThrow();
      List<String> seen = new ArrayList<>();
      variable.put(2, 20, Duration.ofMinutes(14));
      seen.add("prior " + variable.putIfAbsent(2, 21, Duration.ofMinutes(1)));
      seen.add("after " + variable.getExpiresAfter(2, TimeUnit.SECONDS));
      seen.add("value " + cache.getIfPresent(2));
      seen.add("after read " + variable.getExpiresAfter(2, TimeUnit.SECONDS));
      both.add(seen);
    }
    assertThat(both.get(0)).as("Larder").isEqualTo(both.get(1));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void seededRandomPolicyWritesMatchCaffeine(Kind kind) {
    for (int seed = 1; seed <= SEEDS; seed++) {
      List<String> larder = run(kind, Library.LARDER, seed);
      List<String> caffeine = run(kind, Library.CAFFEINE, seed);
      assertThat(larder).as("seed %d", seed).hasSize(caffeine.size());
      for (int i = 0; i < larder.size(); i++) {
        assertThat(larder.get(i))
            .as("seed %d, step %d (of %d)", seed, i, larder.size())
            .isEqualTo(caffeine.get(i));
      }
    }
  }

  @Test
  void theScenarioExercisesEveryOperationAndExpiresEntries() {
    List<String> transcript = run(Kind.SYNC, Library.LARDER, 1);
    for (String operation : List.of("put ", "get ", "set ", "varPut ", "varPutIfAbsent ",
        "varCompute ", "expiresAfter ", "map ", "advance ")) {
      assertThat(transcript).anyMatch(line -> line.startsWith(operation));
    }
    assertThat(transcript).anyMatch(line -> line.contains("EXPIRED"));
  }

  private static ScenarioSettings<Integer, Integer> settings(ManualTicker time) {
    return new ScenarioSettings<Integer, Integer>()
        .expireAfter(readSensitiveExpiry())
        .ticker(time)
        .recordStats();
  }

  /** The statistics' counts (the load time is the system clock's, different in every run). */
  private static String counts(Cache<Integer, Integer> cache) {
    var stats = cache.stats();
    return List.of(stats.hitCount(), stats.missCount(), stats.loadSuccessCount(),
        stats.loadFailureCount(), stats.evictionCount(), stats.evictionWeight()).toString();
  }

  /** Runs one seeded sequence of operations and returns what each observed. */
  private static List<String> run(Kind kind, Library library, int seed) {
    ManualTicker time = new ManualTicker(1_000);
    List<String> removals = Collections.synchronizedList(new ArrayList<>());
    Cache<Integer, Integer> cache = kind.build(library, settings(time)
        .removalListener((k, v, cause) -> removals.add(k + "=" + v + " " + cause)));
    VarExpiration<Integer, Integer> variable = cache.policy().expireVariably().orElseThrow();
    Random random = new Random(seed);
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < OPERATIONS; i++) {
      int key = random.nextInt(KEYS);
      int value = random.nextInt(100);
      Duration duration = Duration.ofSeconds(random.nextInt(20 * 60));
      switch (random.nextInt(10)) {
        case 0 -> seen.add("put " + key + " " + cache.asMap().put(key, value));
        case 1 -> seen.add("get " + key + " " + cache.getIfPresent(key));
        case 2 -> {
          variable.setExpiresAfter(key, duration);
          seen.add("set " + key + " " + duration);
        }
        case 3 -> seen.add("varPut " + key + " " + variable.put(key, value, duration));
        case 4 -> seen.add(
            "varPutIfAbsent " + key + " " + variable.putIfAbsent(key, value, duration));
        case 5 -> {
          Function<Integer, Integer> remap = switch (random.nextInt(3)) {
            case 0 -> old -> value;
            case 1 -> old -> old;
            default -> old -> null;
          };
          seen.add("varCompute " + key + " "
              + variable.compute(key, (k, old) -> remap.apply(old), duration));
        }
        case 6 -> seen.add("expiresAfter " + key + " "
            + variable.getExpiresAfter(key, TimeUnit.NANOSECONDS));
        case 7 -> seen.add("map " + new TreeMap<>(cache.asMap()));
        default -> {
          time.advance(Duration.ofSeconds(random.nextInt(4 * 60)));
          seen.add("advance " + time.read());
        }
      }
      if ((i % 25) == 0) {
        cache.cleanUp();
        seen.add("removals " + List.copyOf(removals) + " " + counts(cache));
      }
    }
    cache.cleanUp();
    seen.add("removals " + List.copyOf(removals) + " " + counts(cache));
    return seen;
  }
}
