package io.larder.cache.references;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import io.larder.cache.CacheLoader;
import io.larder.cache.testing.Library;
import io.larder.cache.testing.ScenarioSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Weak-keyed caches run against Larder and Caffeine: a {@code null} key is refused with a {@code
 * NullPointerException} by every lookup and removal, as in a strong-keyed cache, and the bulk
 * operations of the map views ({@code removeAll}, {@code retainAll}, {@code removeIf}) treat a key
 * equal to a cached one (but not the same object) as Caffeine does: by the caller collection's
 * equality, the same way in every one of them. Each weak-key combination (alone, with a size
 * bound, with expiration, with weak values) runs as a manual, loading and asynchronous cache.
 */
class WeakKeyViewsCompatibilityTest {

  /** One weak-keyed configuration and kind of cache, read through the synchronous API. */
  record Variant(String name, Supplier<ScenarioSettings<String, String>> settings, String kind) {
    Cache<String, String> build(Library library) {
      ScenarioSettings<String, String> built = settings.get();
      return switch (kind) {
        case "manual" -> built.build(library);
        case "loading" -> built.build(library, upperCaseLoader());
        default -> built.buildAsync(library).synchronous();
      };
    }

    @Override
    public String toString() {
      return name + " " + kind;
    }
  }

  private static CacheLoader<String, String> upperCaseLoader() {
    return key -> key.toUpperCase();
  }

  static List<Variant> variants() {
    Map<String, Supplier<ScenarioSettings<String, String>>> configurations = Map.of(
        "weakKeys", () -> new ScenarioSettings<String, String>().weakKeys(),
        "weakKeys+maximumSize", () -> new ScenarioSettings<String, String>().weakKeys()
            .maximumSize(100),
        "weakKeys+expireAfterWrite", () -> new ScenarioSettings<String, String>().weakKeys()
            .expireAfterWrite(Duration.ofMinutes(1)),
        "weakKeys+weakValues", () -> new ScenarioSettings<String, String>().weakKeys()
            .weakValues());
    List<Variant> variants = new ArrayList<>();
    for (String name : new TreeSet<>(configurations.keySet())) {
      for (String kind : List.of("manual", "loading", "async")) {
        if (name.contains("weakValues") && kind.equals("async")) {
          continue; // neither library builds an asynchronous cache with weak values
        }
        variants.add(new Variant(name, configurations.get(name), kind));
      }
    }
    return variants;
  }

  /** The call's result, or its exception's class. */
  private static String outcome(Callable<?> call) {
    try {
      return String.valueOf(call.call());
    } catch (Exception | Error e) {
      return e.getClass().getSimpleName();
    }
  }

  private static List<String> bothLibraries(Variant variant,
      Function<Cache<String, String>, List<String>> scenario) {
    List<String> larder = scenario.apply(variant.build(Library.LARDER));
    List<String> caffeine = scenario.apply(variant.build(Library.CAFFEINE));
    assertThat(larder).as(variant.toString()).isEqualTo(caffeine);
    return larder;
  }

  private static Cache<String, String> filled(Cache<String, String> cache) {
    for (String key : List.of("a", "b", "c", "d", "e", "f", "g")) {
      cache.put(key, key.toUpperCase());
    }
    return cache;
  }

  private static String keys(Cache<String, String> cache) {
    return new TreeSet<>(cache.asMap().keySet()).toString();
  }

  /** A string equal to {@code s} that is not the same object (weak keys compare by identity). */
  private static String equalCopy(String s) {
    return new String(s.toCharArray());
  }

  @ParameterizedTest
  @MethodSource("variants")
  @SuppressWarnings("NullAway") // null keys are what the scenario passes
  void nullKeysAreRefusedAsInAStrongKeyedCache(Variant variant) {
    List<String> seen = bothLibraries(variant, cache -> {
      filled(cache);
      List<String> result = new ArrayList<>();
      Map<String, String> map = cache.asMap();
      result.add("getIfPresent " + outcome(() -> cache.getIfPresent(null)));
      result.add("invalidate " + outcome(() -> {
        cache.invalidate(null);
        return "done";
      }));
      result.add("get " + outcome(() -> map.get(null)));
      result.add("containsKey " + outcome(() -> map.containsKey(null)));
      result.add("remove " + outcome(() -> map.remove(null)));
      result.add("remove value " + outcome(() -> map.remove(null, "A")));
      result.add("getOrDefault " + outcome(() -> map.getOrDefault(null, "default")));
      result.add("keySet contains " + outcome(() -> map.keySet().contains(null)));
      result.add("keySet remove " + outcome(() -> map.keySet().remove(null)));
      result.add("policy quietly " + outcome(() -> cache.policy().getIfPresentQuietly(null)));
      result.add("invalidateAll " + outcome(() -> {
        cache.invalidateAll(Arrays.asList("b", null, "c"));
        return "done";
      }));
      result.add("keys " + keys(cache));
      return result;
    });
    assertThat(seen).contains("getIfPresent NullPointerException", "get NullPointerException",
        "containsKey NullPointerException", "keys [a, c, d, e, f, g]");
  }

  @ParameterizedTest
  @MethodSource("variants")
  void bulkViewOperationsTreatEqualKeysAsCaffeineDoes(Variant variant) {
    List<String> seen = bothLibraries(variant, cache -> {
      filled(cache);
      List<String> result = new ArrayList<>();
      Map<String, String> map = cache.asMap();
      result.add("keySet contains copy " + map.keySet().contains(equalCopy("a")));
      result.add("keySet containsAll copy " + map.keySet().containsAll(List.of(equalCopy("a"))));
      result.add("keySet removeAll list " + map.keySet().removeAll(List.of(equalCopy("a"))));
      result.add("keys " + keys(cache));
      Set<String> many = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        many.add("x" + i);
      }
      many.add(equalCopy("b"));
      result.add("keySet removeAll larger set " + map.keySet().removeAll(many));
      result.add("keys " + keys(cache));
      result.add("entrySet removeAll " + map.entrySet().removeAll(
          List.of(Map.entry(equalCopy("c"), "C"))));
      result.add("keys " + keys(cache));
      result.add("entrySet contains " + map.entrySet().contains(Map.entry(equalCopy("d"), "D")));
      result.add("values removeAll " + map.values().removeAll(List.of("D")));
      result.add("keys " + keys(cache));
      result.add("keySet removeIf " + map.keySet().removeIf(key -> key.equals("e")));
      result.add("keys " + keys(cache));
      result.add("keySet retainAll " + map.keySet().retainAll(
          List.of(equalCopy("f"), equalCopy("g"))));
      result.add("keys " + keys(cache));
      result.add("entrySet retainAll " + map.entrySet().retainAll(
          List.of(Map.entry(equalCopy("g"), "G"))));
      result.add("keys " + keys(cache));
      result.add("map equals " + map.equals(Map.of("g", "G")));
      result.add("map " + new TreeMap<>(map));
      return result;
    });
    assertThat(seen).contains("keySet removeAll list true");
  }
}
