package io.larder.cache.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.eviction.BoundedCaches.Config;
import io.larder.cache.eviction.BoundedCaches.TestCache;
import io.larder.cache.testing.Library;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Deterministic eviction scenarios (same-thread executor) run against Larder and Caffeine: the
 * contents, notifications, statistics and policy views must be the same. Where the exact victims
 * legitimately depend on the frequency sketch's hash, the test's name says so and it compares the
 * invariants instead.
 */
class EvictionCompatibilityTest {

  /** Runs the scenario on both libraries and asserts the same observations; returns Larder's. */
  private static List<Object> assertSameAsCaffeine(
      Supplier<Config> config, Function<TestCache, List<Object>> scenario) {
    List<Object> larder = scenario.apply(BoundedCaches.build(Library.LARDER, config.get()));
    List<Object> caffeine = scenario.apply(BoundedCaches.build(Library.CAFFEINE, config.get()));
    assertThat(larder).isEqualTo(caffeine);
    return larder;
  }

  private static List<Object> observe(TestCache cache) {
    List<Object> observations = new ArrayList<>();
    observations.add(
        cache.asMap().entrySet().stream()
            .sorted(java.util.Map.Entry.comparingByKey())
            .map(Object::toString)
            .toList());
    observations.add(cache.estimatedSize());
    observations.add(cache.removals());
    observations.add(cache.evictions());
    observations.add(cache.stats());
    observations.add(cache.weightedSize());
    return observations;
  }

  @Test
  void maximumSizeZeroEvictsEveryEntryAtOnce() {
    List<Object> result =
        assertSameAsCaffeine(
            () -> Config.maximumSize(0),
            cache -> {
              for (int i = 0; i < 5; i++) {
                cache.put(i, -i);
              }
              cache.cleanUp();
              return observe(cache);
            });
    assertThat(result.get(1)).isEqualTo(0L);
    assertThat((List<?>) result.get(2)).hasSize(5).allMatch(s -> s.toString().endsWith("SIZE"));
  }

  @Test
  void evictsTheLeastRecentlyAddedWhenFrequenciesTie() {
    assertSameAsCaffeine(
        () -> Config.maximumSize(2),
        cache -> {
          cache.put(1, 1);
          cache.put(2, 2);
          cache.put(3, 3);
          cache.put(4, 4);
          cache.cleanUp();
          return observe(cache);
        });
  }

  @Test
  void retainsFrequentlyReadEntriesOverNewcomers() {
    List<Object> result =
        assertSameAsCaffeine(
            () -> Config.maximumSize(10),
            cache -> {
              for (int i = 0; i < 10; i++) {
                cache.put(i, i);
              }
              for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 5; i++) {
                  cache.getIfPresent(i);
                }
              }
              cache.cleanUp();
              for (int i = 100; i < 120; i++) {
                cache.put(i, i);
                cache.cleanUp();
              }
              return observe(cache);
            });
    @SuppressWarnings("unchecked")
    List<String> contents = (List<String>) result.get(0);
    assertThat(contents).contains("0=0", "1=1", "2=2", "3=3", "4=4");
  }

  @Test
  void overweightEntryIsEvictedAtOnce() {
    List<Object> result =
        assertSameAsCaffeine(
            () -> Config.maximumWeight(10, (k, v) -> v),
            cache -> {
              cache.put(1, 3);
              cache.put(2, 11);
              cache.cleanUp();
              List<Object> observations = observe(cache);
              observations.add(cache.weightOf(1));
              observations.add(cache.weightOf(2));
              return observations;
            });
    assertThat(result.get(2)).isEqualTo(List.of("2=11 SIZE"));
  }

  @Test
  void updateThatMakesAnEntryOverweightEvictsIt() {
    assertSameAsCaffeine(
        () -> Config.maximumWeight(10, (k, v) -> v),
        cache -> {
          cache.put(1, 3);
          cache.put(2, 4);
          cache.put(1, 20);
          cache.cleanUp();
          return observe(cache);
        });
  }

  @Test
  void zeroWeightEntriesAreNeverEvictedBySize() {
    List<Object> result =
        assertSameAsCaffeine(
            () -> Config.maximumWeight(5, (k, v) -> (k < 100) ? 0 : v),
            cache -> {
              for (int i = 0; i < 50; i++) {
                cache.put(i, i);
              }
              for (int i = 100; i < 110; i++) {
                cache.put(i, 2);
              }
              cache.cleanUp();
              List<Object> observations = observe(cache);
              observations.add(cache.weightOf(0));
              return observations;
            });
    @SuppressWarnings("unchecked")
    List<String> contents = (List<String>) result.get(0);
    for (int i = 0; i < 50; i++) {
      assertThat(contents).contains(i + "=" + i);
    }
  }

  @Test
  void weightedSizeFollowsUpdatesAndRemovals() {
    assertSameAsCaffeine(
        () -> Config.maximumWeight(100, (k, v) -> v),
        cache -> {
          List<Object> observations = new ArrayList<>();
          cache.put(1, 10);
          cache.put(2, 20);
          cache.cleanUp();
          observations.add(cache.weightedSize());
          cache.put(1, 15);
          cache.cleanUp();
          observations.add(cache.weightedSize());
          cache.invalidate(2);
          cache.cleanUp();
          observations.add(cache.weightedSize());
          cache.asMap().merge(1, 5, Integer::sum);
          cache.asMap().compute(3, (k, v) -> 7);
          cache.asMap().computeIfPresent(3, (k, v) -> null);
          cache.cleanUp();
          observations.addAll(observe(cache));
          return observations;
        });
  }

  @Test
  void setMaximumShrinksToTheNewBound_victimsMayDifferBySketchHash() {
    for (Library library : Library.values()) {
      TestCache cache = BoundedCaches.build(library, Config.maximumSize(100));
      for (int i = 0; i < 100; i++) {
        cache.put(i, i);
      }
      cache.cleanUp();
      cache.setMaximum(10);
      assertThat(cache.getMaximum()).as(library.name()).isEqualTo(10);
      assertThat(cache.estimatedSize()).as(library.name()).isEqualTo(10);
      assertThat(cache.stats().evictions()).as(library.name()).isEqualTo(90);
      assertThat(cache.removals()).as(library.name()).hasSize(90).allMatch(s -> s.endsWith("SIZE"));
      assertThat(cache.evictions()).as(library.name()).isEqualTo(cache.removals());
    }
  }

  @Test
  void setMaximumOnAWarmCacheKeepsTheHotEntries() {
    assertSameAsCaffeine(
        () -> Config.maximumSize(20),
        cache -> {
          for (int i = 0; i < 20; i++) {
            cache.put(i, i);
          }
          for (int round = 0; round < 8; round++) {
            for (int i = 0; i < 3; i++) {
              cache.getIfPresent(i);
            }
          }
          cache.cleanUp();
          cache.setMaximum(5);
          List<Object> observations = observe(cache);
          observations.add(cache.getMaximum());
          return observations;
        });
  }

  @Test
  void statisticsAndListenersMatchOnLoadsHitsAndMisses() {
    assertSameAsCaffeine(
        () -> Config.maximumSize(3),
        cache -> {
          cache.get(1, k -> k * 10);
          cache.get(1, k -> k * 10);
          cache.get(2, k -> null);
          cache.getIfPresent(9);
          cache.put(3, 3);
          cache.put(3, 4);
          cache.put(4, 4);
          cache.put(5, 5);
          cache.invalidate(4);
          cache.asMap().remove(5, 5);
          cache.cleanUp();
          return observe(cache);
        });
  }

  @Test
  void invalidateAllNotifiesExplicitlyAndResetsWeightedSize() {
    assertSameAsCaffeine(
        () -> Config.maximumWeight(50, (k, v) -> v),
        cache -> {
          for (int i = 1; i <= 5; i++) {
            cache.put(i, i);
          }
          cache.invalidateAll();
          cache.cleanUp();
          return observe(cache);
        });
  }

  @Test
  void policyViewsReportTheBound() {
    assertSameAsCaffeine(
        () -> Config.maximumWeight(40, (k, v) -> v),
        cache -> {
          List<Object> observations = new ArrayList<>();
          observations.add(cache.isWeighted());
          observations.add(cache.getMaximum());
          cache.put(1, 5);
          cache.put(2, 6);
          observations.add(cache.weightOf(1));
          observations.add(cache.weightOf(3));
          observations.add(cache.weightedSize());
          return observations;
        });
    assertSameAsCaffeine(
        () -> Config.maximumSize(40),
        cache -> {
          List<Object> observations = new ArrayList<>();
          cache.put(1, 5);
          observations.add(cache.isWeighted());
          observations.add(cache.weightOf(1));
          observations.add(cache.weightedSize());
          return observations;
        });
  }

  @Test
  void coldestAndHottestFollowThePolicyOrder() {
    assertSameAsCaffeine(
        () -> Config.maximumSize(10),
        cache -> {
          for (int i = 0; i < 10; i++) {
            cache.put(i, i);
          }
          // Distinct use counts give distinct popularity: key i is read i times.
          for (int i = 0; i < 10; i++) {
            for (int n = 0; n < i; n++) {
              cache.getIfPresent(i);
            }
          }
          cache.cleanUp();
          List<Object> observations = new ArrayList<>();
          observations.add(List.copyOf(cache.coldest(3).keySet()));
          observations.add(List.copyOf(cache.hottest(3).keySet()));
          observations.add(List.copyOf(cache.coldest(100).keySet()));
          observations.add(List.copyOf(cache.hottest(100).keySet()));
          observations.add(cache.coldestEntries());
          observations.add(cache.hottestEntries());
          observations.add(List.copyOf(cache.coldestWeighted(4).keySet()));
          observations.add(List.copyOf(cache.hottestWeighted(4).keySet()));
          return observations;
        });
  }

  @Test
  void weightedColdestAndHottestStopAtTheWeightLimit() {
    assertSameAsCaffeine(
        () -> Config.maximumWeight(100, (k, v) -> v),
        cache -> {
          for (int i = 1; i <= 8; i++) {
            cache.put(i, i);
          }
          cache.cleanUp();
          List<Object> observations = new ArrayList<>();
          observations.add(List.copyOf(cache.coldestWeighted(10).keySet()));
          observations.add(List.copyOf(cache.hottestWeighted(10).keySet()));
          observations.add(List.copyOf(cache.coldestWeighted(0).keySet()));
          observations.add(cache.coldestEntries());
          return observations;
        });
  }
}
