package io.larder.cache.compat;

import static io.larder.cache.compat.Run.assertSameAsCaffeine;

import io.larder.cache.Cache;
import io.larder.cache.LoadingCache;
import io.larder.cache.testing.TestBuilder;
import io.larder.cache.testing.TestLoader;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Weak keys, weak values and soft values where nothing is collected (the scenario holds every key
 * and value), run against Larder and Caffeine: weak keys compare by identity everywhere, and the
 * results, statistics and notifications are the same as Caffeine's.
 */
class ReferenceCompatTest {

  @SuppressWarnings("StringOperationCanBeSimplified") // two equal, distinct keys on purpose
  private static void identityScenario(Run run, UnaryOperator<TestBuilder> configure) {
    Cache<String, String> cache = configure.apply(run.builder().weakKeys()).recordStats().build();
    String first = new String("key");
    String second = new String("key");
    ConcurrentMap<String, String> map = cache.asMap();
    run.step("put first", () -> cache.asMap().put(first, "a"));
    run.step("getIfPresent first", () -> cache.getIfPresent(first));
    run.step("getIfPresent equal", () -> cache.getIfPresent(second));
    run.step("containsKey first", () -> map.containsKey(first));
    run.step("containsKey equal", () -> map.containsKey(second));
    run.step("get equal", () -> map.get(second));
    run.step("put equal", () -> map.put(second, "b"));
    run.step("size", cache::estimatedSize);
    run.step("get first", () -> map.get(first));
    run.step("get second", () -> map.get(second));
    run.step("entrySet contains equal",
        () -> map.entrySet().contains(new SimpleImmutableEntry<>(new String("key"), "a")));
    run.step("entrySet contains first",
        () -> map.entrySet().contains(new SimpleImmutableEntry<>(first, "a")));
    run.step("remove equal with first's value", () -> map.remove(second, "a"));
    run.step("remove first with its value", () -> map.remove(first, "a"));
    run.step("replace equal", () -> map.replace(second, "c"));
    run.step("computeIfAbsent new equal", () -> map.computeIfAbsent(new String("key"), k -> "d"));
    run.step("size", cache::estimatedSize);
    run.step("compute second", () -> map.compute(second, (k, v) -> v + "!"));
    run.step("merge second", () -> map.merge(second, "x", (v, x) -> v + x));
    run.step("computeIfPresent absent", () -> map.computeIfPresent(new String("key"), (k, v) -> v));
    run.step("getAllPresent", () -> cache.getAllPresent(java.util.List.of(second)));
    run.step("invalidate second", () -> {
      cache.invalidate(second);
      return cache.estimatedSize();
    });
    run.stats("end", cache);
  }

  @Test
  void weakKeysCompareByIdentity() {
    assertSameAsCaffeine(run -> identityScenario(run, b -> b));
  }

  @Test
  void weakKeysWithASizeBoundCompareByIdentity() {
    assertSameAsCaffeine(run -> identityScenario(run, b -> b.maximumSize(100)));
  }

  @Test
  void weakKeysAndWeakValuesCompareKeysByIdentity() {
    assertSameAsCaffeine(run -> identityScenario(run, TestBuilder::weakValues));
  }

  @Test
  void weakKeysAndSoftValuesWithAWeightBound() {
    assertSameAsCaffeine(run -> identityScenario(run,
        b -> b.softValues().maximumWeight(1_000).weigher((k, v) -> 2)));
  }

  private static void valueScenario(Run run, UnaryOperator<TestBuilder> configure) {
    Cache<Integer, String> cache = configure.apply(run.builder()).recordStats().build();
    Map<Integer, String> values = Map.of(1, "a", 2, "b", 3, "c");
    cache.putAll(values);
    ConcurrentMap<Integer, String> map = cache.asMap();
    run.step("get", () -> cache.getIfPresent(1));
    run.step("get absent", () -> cache.getIfPresent(9));
    run.step("containsValue", () -> map.containsValue("b"));
    run.step("put replace", () -> map.put(1, "A"));
    run.step("replace", () -> map.replace(2, "B"));
    run.step("replace expected", () -> map.replace(2, "B", "BB"));
    run.step("remove value", () -> map.remove(3, "c"));
    run.step("computeIfAbsent", () -> map.computeIfAbsent(4, k -> "d"));
    run.step("compute", () -> map.compute(4, (k, v) -> v + "!"));
    run.step("compute remove", () -> map.compute(4, (k, v) -> null));
    run.step("merge", () -> map.merge(5, "e", String::concat));
    run.step("contents", () -> Run.sorted(Map.copyOf(map)));
    run.step("keys", () -> Run.sorted(map.keySet()));
    run.step("values", () -> Run.sorted(map.values()));
    run.step("equals", () -> map.equals(Map.of(1, "A", 2, "BB", 5, "e")));
    run.step("hashCode", () -> map.hashCode() == Map.of(1, "A", 2, "BB", 5, "e").hashCode());
    run.step("eviction present", () -> cache.policy().eviction().isPresent());
    run.run("invalidateAll", cache::invalidateAll);
    run.step("size", cache::estimatedSize);
    run.stats("end", cache);
  }

  @Test
  void weakValuesBehaveAsCaffeinesWhileHeld() {
    assertSameAsCaffeine(run -> valueScenario(run, TestBuilder::weakValues));
  }

  @Test
  void softValuesBehaveAsCaffeinesWhileHeld() {
    assertSameAsCaffeine(run -> valueScenario(run, TestBuilder::softValues));
  }

  @Test
  void weakValuesWithASizeBoundEvictAsCaffeine() {
    assertSameAsCaffeine(run -> {
      // Victims depend on each library's admission; sizes and counts do not
      Cache<Integer, Integer> cache = run.bareBuilder().executor(Runnable::run)
          .weakValues().maximumSize(10).recordStats().build();
      Integer[] held = new Integer[50];
      for (int i = 0; i < held.length; i++) {
        held[i] = 1_000 + i;
        cache.put(i, held[i]);
      }
      cache.cleanUp();
      run.step("size", cache::estimatedSize);
      run.stats("end", cache);
    });
  }

  @Test
  void weakKeysWithALoaderLoadOncePerIdentity() {
    assertSameAsCaffeine(run -> {
      LoadingCache<Object, String> cache = run.builder().weakKeys().recordStats()
          .build(TestLoader.loading(k -> "v"));
      Object key = new Object();
      Object other = new Object();
      run.step("get", () -> cache.get(key));
      run.step("get again", () -> cache.get(key));
      run.step("get other", () -> cache.get(other));
      run.step("size", cache::estimatedSize);
      run.step("getAll", () -> cache.getAll(java.util.List.of(key, other)).size());
      run.stats("end", cache);
    });
  }
}
