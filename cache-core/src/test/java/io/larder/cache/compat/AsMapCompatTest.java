package io.larder.cache.compat;

import static io.larder.cache.compat.Run.assertSameAsCaffeine;
import static io.larder.cache.compat.Run.sorted;

import io.larder.cache.Cache;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Test;

/** {@code asMap()} scenarios, each run against Larder and Caffeine. */
class AsMapCompatTest {

  private static ConcurrentMap<Integer, String> map(Run run) {
    Cache<Integer, String> cache = run.builder().recordStats().build();
    cache.putAll(Map.of(1, "a", 2, "b", 3, "c"));
    return cache.asMap();
  }

  private static Cache<Integer, String> cacheWithThree(Run run) {
    Cache<Integer, String> cache = run.builder().recordStats().build();
    cache.putAll(Map.of(1, "a", 2, "b", 3, "c"));
    return cache;
  }

  @Test
  void readsCountNoStatistics() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = cacheWithThree(run);
          ConcurrentMap<Integer, String> map = cache.asMap();
          run.step("get", () -> map.get(1));
          run.step("get absent", () -> map.get(9));
          run.step("getOrDefault", () -> map.getOrDefault(9, "d"));
          run.step("containsKey", () -> map.containsKey(1));
          run.step("containsValue", () -> map.containsValue("b"));
          run.step("size", map::size);
          run.step("isEmpty", map::isEmpty);
          run.stats("after", cache);
        });
  }

  @Test
  void nullArgumentsAreRejected() {
    assertSameAsCaffeine(
        run -> {
          ConcurrentMap<Integer, String> map = map(run);
          run.step("get", () -> map.get(null));
          run.step("containsKey", () -> map.containsKey(null));
          run.step("containsValue", () -> map.containsValue(null));
          run.step("put key", () -> map.put(null, "x"));
          run.step("put value", () -> map.put(1, null));
          run.step("putIfAbsent", () -> map.putIfAbsent(1, null));
          run.step("remove", () -> map.remove(null));
          run.step("remove pair null value", () -> map.remove(1, null));
          run.step("remove pair null key", () -> map.remove(null, "a"));
          run.step("replace", () -> map.replace(1, null));
          run.step("replace old null", () -> map.replace(1, null, "x"));
          run.step("replace new null", () -> map.replace(1, "a", null));
          run.step("compute null fn", () -> map.compute(1, null));
          run.step("computeIfAbsent null fn", () -> map.computeIfAbsent(1, null));
          run.step("computeIfPresent null fn", () -> map.computeIfPresent(1, null));
          run.step("merge null value", () -> map.merge(1, null, (a, b) -> a));
          run.step("merge null fn", () -> map.merge(1, "x", null));
          run.step(
              "replaceAll null fn",
              () -> {
                map.replaceAll(null);
                return "done";
              });
          run.step("contents", () -> sorted(map));
        });
  }

  @Test
  void writesNotifyReplacementsAndRemovals() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = cacheWithThree(run);
          ConcurrentMap<Integer, String> map = cache.asMap();
          run.step("put", () -> map.put(1, "a2"));
          run.step("putIfAbsent present", () -> map.putIfAbsent(1, "x"));
          run.step("putIfAbsent absent", () -> map.putIfAbsent(4, "d"));
          run.step("replace", () -> map.replace(2, "b2"));
          run.step("replace absent", () -> map.replace(9, "z"));
          run.step("replace pair mismatch", () -> map.replace(3, "nope", "c2"));
          run.step("replace pair", () -> map.replace(3, "c", "c2"));
          run.step("replace pair equal copy", () -> map.replace(3, "c2", new String("c2")));
          run.step("remove pair mismatch", () -> map.remove(4, "nope"));
          run.step("remove pair", () -> map.remove(4, "d"));
          run.step("remove", () -> map.remove(1));
          run.step("remove absent", () -> map.remove(1));
          run.step("contents", () -> sorted(map));
          run.run("clear", map::clear);
          run.step("empty", map::isEmpty);
          run.stats("after", cache);
        });
  }

  @Test
  void computeCountsLoadsAndNotifies() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = cacheWithThree(run);
          ConcurrentMap<Integer, String> map = cache.asMap();
          run.step("compute new", () -> map.compute(4, (k, v) -> "d"));
          run.step("compute replace", () -> map.compute(1, (k, v) -> v + "!"));
          run.step("compute same", () -> map.compute(2, (k, v) -> v));
          run.step("compute remove", () -> map.compute(3, (k, v) -> null));
          run.step("compute absent null", () -> map.compute(9, (k, v) -> null));
          run.step(
              "compute throws",
              () ->
                  map.compute(
                      1,
                      (k, v) -> {
                        throw new IllegalStateException("compute");
                      }));
          run.step("contents", () -> sorted(map));
          run.stats("after", cache);
        });
  }

  @Test
  void computeIfAbsentCountsHitsMissesAndLoads() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = cacheWithThree(run);
          ConcurrentMap<Integer, String> map = cache.asMap();
          run.step("present", () -> map.computeIfAbsent(1, k -> "x"));
          run.step("absent", () -> map.computeIfAbsent(4, k -> "d"));
          run.step("null", () -> map.computeIfAbsent(5, k -> null));
          run.step(
              "throws",
              () ->
                  map.computeIfAbsent(
                      6,
                      k -> {
                        throw new IllegalStateException("cia");
                      }));
          run.step("contents", () -> sorted(map));
          run.stats("after", cache);
        });
  }

  @Test
  void computeIfPresentCountsLoadsAndNotifies() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = cacheWithThree(run);
          ConcurrentMap<Integer, String> map = cache.asMap();
          run.step("absent", () -> map.computeIfPresent(9, (k, v) -> "x"));
          run.step("replace", () -> map.computeIfPresent(1, (k, v) -> v + "!"));
          run.step("same", () -> map.computeIfPresent(2, (k, v) -> v));
          run.step("remove", () -> map.computeIfPresent(3, (k, v) -> null));
          run.step(
              "throws",
              () ->
                  map.computeIfPresent(
                      1,
                      (k, v) -> {
                        throw new IllegalStateException("cip");
                      }));
          run.step("contents", () -> sorted(map));
          run.stats("after", cache);
        });
  }

  @Test
  void mergeCountsLoadsOnlyWhenItRemaps() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = cacheWithThree(run);
          ConcurrentMap<Integer, String> map = cache.asMap();
          run.step("absent", () -> map.merge(4, "d", (a, b) -> a + b));
          run.step("present", () -> map.merge(1, "z", (a, b) -> a + b));
          run.step("to null", () -> map.merge(2, "z", (a, b) -> null));
          run.step("same", () -> map.merge(3, "z", (a, b) -> a));
          run.step(
              "throws",
              () ->
                  map.merge(
                      3,
                      "z",
                      (a, b) -> {
                        throw new IllegalStateException("merge");
                      }));
          run.step("contents", () -> sorted(map));
          run.stats("after", cache);
        });
  }

  @Test
  void replaceAllNotifiesEachReplacement() {
    assertSameAsCaffeine(
        run -> {
          Cache<Integer, String> cache = cacheWithThree(run);
          ConcurrentMap<Integer, String> map = cache.asMap();
          run.run("replaceAll", () -> map.replaceAll((k, v) -> (k == 2) ? v : v + k));
          run.run("replaceAll to null", () -> map.replaceAll((k, v) -> null));
          run.step("contents", () -> sorted(map));
          run.stats("after", cache);
        });
  }

  @Test
  void forEachVisitsEveryEntry() {
    assertSameAsCaffeine(
        run -> {
          ConcurrentMap<Integer, String> map = map(run);
          Map<Integer, String> seen = new HashMap<>();
          map.forEach(seen::put);
          run.step("seen", () -> sorted(seen));
        });
  }

  @Test
  void keySetRemovalsNotify() {
    assertSameAsCaffeine(
        run -> {
          ConcurrentMap<Integer, String> map = map(run);
          map.putAll(Map.of(4, "d", 5, "e", 6, "f"));
          Set<Integer> keys = map.keySet();
          run.step("contains", () -> keys.contains(1));
          run.step("remove", () -> keys.remove(1));
          run.step("remove absent", () -> keys.remove(1));
          run.step("removeIf", () -> keys.removeIf(k -> k == 2));
          run.step("removeAll", () -> keys.removeAll(List.of(3, 9)));
          run.step("retainAll", () -> keys.retainAll(Set.of(4, 5)));
          run.step(
              "iterator remove",
              () -> {
                Iterator<Integer> iterator = keys.iterator();
                Integer first = iterator.next();
                iterator.remove();
                return first != null;
              });
          run.step("size", keys::size);
          run.run("clear", keys::clear);
          run.step("contents", () -> sorted(map));
          run.step("add", () -> keys.add(1));
        });
  }

  @Test
  void iteratorRemoveBeforeNextIsIllegal() {
    assertSameAsCaffeine(
        run -> {
          ConcurrentMap<Integer, String> map = map(run);
          run.run("keys", () -> map.keySet().iterator().remove());
          run.run("values", () -> map.values().iterator().remove());
          run.run("entries", () -> map.entrySet().iterator().remove());
          run.run(
              "twice",
              () -> {
                Iterator<Integer> iterator = map.keySet().iterator();
                iterator.next();
                iterator.remove();
                iterator.remove();
              });
          run.step("size", map::size);
        });
  }

  @Test
  void valuesRemovalsNotify() {
    assertSameAsCaffeine(
        run -> {
          ConcurrentMap<Integer, String> map = map(run);
          map.putAll(Map.of(4, "d", 5, "e", 6, "f"));
          var values = map.values();
          run.step("contains", () -> values.contains("a"));
          run.step("remove", () -> values.remove("a"));
          run.step("remove absent", () -> values.remove("a"));
          run.step("remove null", () -> values.remove(null));
          run.step("removeIf", () -> values.removeIf("b"::equals));
          run.step("removeAll", () -> values.removeAll(List.of("c", "z")));
          run.step("retainAll", () -> values.retainAll(Set.of("d", "e")));
          run.step(
              "iterator remove",
              () -> {
                Iterator<String> iterator = values.iterator();
                String first = iterator.next();
                iterator.remove();
                return first != null;
              });
          run.step("size", values::size);
          run.run("clear", values::clear);
          run.step("contents", () -> sorted(map));
        });
  }

  @Test
  void entrySetRemovalsNotifyAndEntriesWriteThrough() {
    assertSameAsCaffeine(
        run -> {
          ConcurrentMap<Integer, String> map = map(run);
          map.putAll(Map.of(4, "d", 5, "e", 6, "f"));
          Set<Map.Entry<Integer, String>> entries = map.entrySet();
          run.step("contains", () -> entries.contains(Map.entry(1, "a")));
          run.step("contains mismatch", () -> entries.contains(Map.entry(1, "z")));
          run.step(
              "contains null value",
              () -> entries.contains(new AbstractMap.SimpleEntry<>(1, null)));
          run.step("contains other", () -> entries.contains("1=a"));
          run.step("remove mismatch", () -> entries.remove(Map.entry(1, "z")));
          run.step("remove", () -> entries.remove(Map.entry(1, "a")));
          run.step("removeIf", () -> entries.removeIf(e -> e.getKey() == 2));
          run.step("removeAll", () -> entries.removeAll(List.of(Map.entry(3, "c"))));
          run.step(
              "retainAll", () -> entries.retainAll(Set.of(Map.entry(4, "d"), Map.entry(5, "e"))));
          run.step(
              "setValue",
              () -> {
                for (Map.Entry<Integer, String> entry : entries) {
                  if (entry.getKey() == 4) {
                    return entry.setValue("d2");
                  }
                }
                return "not found";
              });
          run.step("setValue null", () -> entries.iterator().next().setValue(null));
          run.step("contents", () -> sorted(map));
          run.step(
              "iterator remove",
              () -> {
                Iterator<Map.Entry<Integer, String>> iterator = entries.iterator();
                iterator.next();
                iterator.remove();
                return map.size();
              });
          run.run("clear", entries::clear);
          run.step("contents", () -> sorted(map));
        });
  }

  @Test
  void spliteratorsDescribeAConcurrentView() {
    assertSameAsCaffeine(
        run -> {
          ConcurrentMap<Integer, String> map = map(run);
          run.step("keys", () -> characteristics(map.keySet().spliterator()));
          run.step("values", () -> characteristics(map.values().spliterator()));
          run.step("entries", () -> characteristics(map.entrySet().spliterator()));
          run.step("key stream", () -> map.keySet().stream().sorted().toList());
          run.step("value stream", () -> map.values().stream().sorted().toList());
          run.step(
              "entry stream",
              () ->
                  map.entrySet().parallelStream()
                      .map(e -> e.getKey() + e.getValue())
                      .sorted()
                      .toList());
          run.step(
              "entry spliterator setValue",
              () -> {
                List<String> old = new ArrayList<>();
                map.entrySet()
                    .spliterator()
                    .forEachRemaining(e -> old.add(e.setValue(e.getValue() + "!")));
                return sorted(old);
              });
          run.step("tryAdvance null", () -> map.entrySet().spliterator().tryAdvance(null));
          run.step(
              "split",
              () -> {
                Spliterator<Map.Entry<Integer, String>> spliterator = map.entrySet().spliterator();
                Spliterator<Map.Entry<Integer, String>> prefix = spliterator.trySplit();
                List<Integer> keys = new ArrayList<>();
                if (prefix != null) {
                  prefix.forEachRemaining(e -> keys.add(e.getKey()));
                }
                spliterator.forEachRemaining(e -> keys.add(e.getKey()));
                return sorted(keys);
              });
          run.step("contents", () -> sorted(map));
        });
  }

  private static String characteristics(Spliterator<?> spliterator) {
    return "distinct="
        + spliterator.hasCharacteristics(Spliterator.DISTINCT)
        + " concurrent="
        + spliterator.hasCharacteristics(Spliterator.CONCURRENT)
        + " nonnull="
        + spliterator.hasCharacteristics(Spliterator.NONNULL)
        + " sized="
        + spliterator.hasCharacteristics(Spliterator.SIZED)
        + " estimate="
        + spliterator.estimateSize();
  }

  @Test
  void equalsHashCodeAndToStringAreAMap() {
    assertSameAsCaffeine(
        run -> {
          ConcurrentMap<Integer, String> map = map(run);
          run.step("equals map", () -> map.equals(Map.of(1, "a", 2, "b", 3, "c")));
          run.step("map equals", () -> Map.of(1, "a", 2, "b", 3, "c").equals(map));
          run.step("not equal", () -> map.equals(Map.of(1, "a")));
          run.step("self", () -> map.equals(map));
          run.step("hashCode", map::hashCode);
          run.step("toString", map::toString);
          run.step("keySet equals", () -> map.keySet().equals(Set.of(1, 2, 3)));
          run.step("keySet hashCode", () -> map.keySet().hashCode());
          run.step(
              "entrySet equals",
              () -> map.entrySet().equals(Map.of(1, "a", 2, "b", 3, "c").entrySet()));
          run.step("entrySet hashCode", () -> map.entrySet().hashCode());
          run.step("keySet toString", () -> map.keySet().toString());
          run.step("values toString", () -> map.values().toString());
          run.step("entrySet toString", () -> map.entrySet().toString());
          run.step("keys toArray", () -> sorted(List.of(map.keySet().toArray())));
          run.step("values toArray", () -> sorted(List.of(map.values().toArray(new String[0]))));
          run.step("entries toArray", () -> map.entrySet().toArray().length);
          run.step("same view", () -> map.keySet() == map.keySet());
          run.step("same map", () -> map == map);
        });
  }
}
