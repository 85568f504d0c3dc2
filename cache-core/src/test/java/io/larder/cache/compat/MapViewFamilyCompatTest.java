package io.larder.cache.compat;

import static io.larder.cache.compat.Run.assertSameAsCaffeine;
import static io.larder.cache.compat.Run.sorted;

import io.larder.cache.AsyncCache;
import io.larder.cache.testing.ManualTicker;
import io.larder.cache.testing.TestBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code keySet()}, {@code values()} and {@code entrySet()} views of the three maps that have
 * them (a bounded cache's, an unbounded cache's, and an async cache's {@code synchronous().asMap()}
 * over either storage), run against Larder and Caffeine: the order in which bulk removals remove
 * (seen in the order of the removal notifications), the spliterators' characteristics, estimates
 * and splits, what a write-through entry becomes when serialized, and which entries an async
 * cache's views see and remove while a future is in flight.
 *
 * <p>Keys are small integers, so that both libraries' hash tables iterate them in ascending order
 * whatever their capacity, and a removal in table order is told apart from one in the collection's
 * order.
 */
class MapViewFamilyCompatTest {

  /** The maps whose views are under test. */
  enum Storage {
    BOUNDED(run -> run.builder().maximumSize(100).<Integer, String>build().asMap()),
    UNBOUNDED(run -> run.builder().<Integer, String>build().asMap()),
    ASYNC_BOUNDED(
        run -> run.builder().maximumSize(100).<Integer, String>buildAsync().synchronous().asMap()),
    ASYNC_UNBOUNDED(run -> run.builder().<Integer, String>buildAsync().synchronous().asMap());

    private final Function<Run, ConcurrentMap<Integer, String>> factory;

    Storage(Function<Run, ConcurrentMap<Integer, String>> factory) {
      this.factory = factory;
    }

    /** Returns a map of keys 0 to 9, each to "v" and the key. */
    ConcurrentMap<Integer, String> filled(Run run) {
      ConcurrentMap<Integer, String> map = factory.apply(run);
      for (int key = 0; key < 10; key++) {
        map.put(key, "v" + key);
      }
      return map;
    }
  }

  /** A set larger than the map, iterated in an order other than the table's. */
  private static Set<Object> largerSetOf(Object... elements) {
    Set<Object> set = new LinkedHashSet<>(List.of(elements));
    for (int i = 100; set.size() <= 20; i++) {
      set.add(i);
    }
    return set;
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void keySetBulkRemovalsRemoveInTheirOrder(Storage storage) {
    assertSameAsCaffeine(
        run -> {
          run.step(
              "removeAll list", () -> storage.filled(run).keySet().removeAll(List.of(7, 3, 5)));
          run.step(
              "removeAll list with null and stranger",
              () -> storage.filled(run).keySet().removeAll(new ArrayList<>(List.of(8, "x", 2))));
          run.step(
              "removeAll smaller set",
              () -> storage.filled(run).keySet().removeAll(new LinkedHashSet<>(List.of(9, 1, 4))));
          run.step("removeIf", () -> storage.filled(run).keySet().removeIf(k -> (k % 3) == 1));
          run.step("retainAll", () -> storage.filled(run).keySet().retainAll(List.of(6, 2)));
          run.step("remove", () -> storage.filled(run).keySet().remove(4));
          run.step("remove absent", () -> storage.filled(run).keySet().remove(40));
          ConcurrentMap<Integer, String> map = storage.filled(run);
          run.step(
              "iterator remove",
              () -> {
                var iterator = map.keySet().iterator();
                iterator.next();
                iterator.next();
                iterator.remove();
                return sorted(map.keySet());
              });
        });
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void keySetRemoveAllOfALargerSetRemovesInTableOrder(Storage storage) {
    assertSameAsCaffeine(
        run ->
            run.step(
                "removeAll larger set",
                () -> storage.filled(run).keySet().removeAll(largerSetOf(8, 2, 6))));
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void valuesBulkRemovalsRemoveInTableOrder(Storage storage) {
    assertSameAsCaffeine(
        run -> {
          run.step(
              "removeAll list", () -> storage.filled(run).values().removeAll(List.of("v7", "v3")));
          run.step(
              "removeAll larger set",
              () -> storage.filled(run).values().removeAll(largerSetOf("v8", "v2", "v6")));
          run.step("removeIf", () -> storage.filled(run).values().removeIf(v -> v.endsWith("5")));
          run.step(
              "retainAll", () -> storage.filled(run).values().retainAll(List.of("v6", "v2", "v0")));
          run.step("remove", () -> storage.filled(run).values().remove("v4"));
          run.step("remove absent", () -> storage.filled(run).values().remove("v40"));
          run.step("remove null", () -> storage.filled(run).values().remove(null));
          ConcurrentMap<Integer, String> map = storage.filled(run);
          map.put(11, "v1");
          run.step("remove duplicate value", () -> map.values().remove("v1"));
          run.step("contents", () -> sorted(map));
        });
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void entrySetBulkRemovalsRemoveInTheirOrder(Storage storage) {
    assertSameAsCaffeine(
        run -> {
          run.step(
              "removeAll list",
              () ->
                  storage
                      .filled(run)
                      .entrySet()
                      .removeAll(
                          List.of(Map.entry(7, "v7"), Map.entry(3, "no"), Map.entry(5, "v5"))));
          run.step(
              "removeAll list with null and stranger",
              () ->
                  storage
                      .filled(run)
                      .entrySet()
                      .removeAll(
                          new ArrayList<>(List.of(Map.entry(8, "v8"), "x", Map.entry(2, "v2")))));
          run.step(
              "removeIf",
              () -> storage.filled(run).entrySet().removeIf(e -> (e.getKey() % 3) == 1));
          run.step(
              "retainAll",
              () -> storage.filled(run).entrySet().retainAll(List.of(Map.entry(6, "v6"))));
          run.step("remove", () -> storage.filled(run).entrySet().remove(Map.entry(4, "v4")));
          run.step(
              "remove mismatch", () -> storage.filled(run).entrySet().remove(Map.entry(4, "x")));
          ConcurrentMap<Integer, String> map = storage.filled(run);
          run.step("contains", () -> map.entrySet().contains(Map.entry(4, "v4")));
          run.step("contains mismatch", () -> map.entrySet().contains(Map.entry(4, "x")));
          run.step("contains stranger", () -> map.entrySet().contains("x"));
        });
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void entrySetRemoveAllOfALargerSetRemovesInTableOrder(Storage storage) {
    assertSameAsCaffeine(
        run ->
            run.step(
                "removeAll larger set",
                () ->
                    storage
                        .filled(run)
                        .entrySet()
                        .removeAll(
                            largerSetOf(
                                Map.entry(8, "v8"), Map.entry(2, "v2"), Map.entry(6, "v6")))));
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void spliteratorsHaveTheSameCharacteristicsEstimatesAndSplits(Storage storage) {
    assertSameAsCaffeine(
        run -> {
          ConcurrentMap<Integer, String> map = storage.filled(run);
          for (int key = 10; key < 60; key++) {
            map.put(key, "v" + key);
          }
          run.step("keys", () -> describeSplits(map.keySet().spliterator()));
          run.step("values", () -> describeSplits(map.values().spliterator()));
          run.step("entries", () -> describeSplits(map.entrySet().spliterator()));
          run.step("keys tryAdvance", () -> advanceAll(map.keySet().spliterator()));
          run.step("values tryAdvance", () -> advanceAll(map.values().spliterator()));
        });
  }

  /** Describes a spliterator and the first levels of its splits. */
  private static String describeSplits(Spliterator<?> spliterator) {
    StringBuilder description = new StringBuilder();
    describeSplits(spliterator, 0, description);
    return description.toString();
  }

  private static void describeSplits(Spliterator<?> spliterator, int depth, StringBuilder out) {
    out.append('[')
        .append(" characteristics=")
        .append(spliterator.characteristics())
        .append(" estimate=")
        .append(spliterator.estimateSize())
        .append(" exact=")
        .append(spliterator.getExactSizeIfKnown());
    Spliterator<?> prefix = (depth < 3) ? spliterator.trySplit() : null;
    if (prefix == null) {
      List<Object> elements = new ArrayList<>();
      spliterator.forEachRemaining(elements::add);
      out.append(" elements=").append(elements);
    } else {
      out.append(" estimate after split=").append(spliterator.estimateSize());
      describeSplits(prefix, depth + 1, out);
      describeSplits(spliterator, depth + 1, out);
    }
    out.append(']');
  }

  private static List<Object> advanceAll(Spliterator<?> spliterator) {
    List<Object> elements = new ArrayList<>();
    while (spliterator.tryAdvance(elements::add)) {
      // one at a time
    }
    return elements;
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void writeThroughEntriesSerializeAsCaffeinesDo(Storage storage) {
    assertSameAsCaffeine(
        run -> {
          ConcurrentMap<Integer, String> map = storage.filled(run);
          run.step("from iterator", () -> roundTrip(map.entrySet().iterator().next()));
          run.step(
              "from spliterator",
              () -> {
                List<Map.Entry<Integer, String>> first = new ArrayList<>();
                map.entrySet().spliterator().tryAdvance(first::add);
                return roundTrip(first.get(0));
              });
        });
  }

  /** Serializes and reads back the entry; describes what came back. */
  private static String roundTrip(Map.Entry<Integer, String> entry) throws Exception {
    var bytes = new ByteArrayOutputStream();
    try (var out = new ObjectOutputStream(bytes)) {
      out.writeObject(entry);
    }
    Object copy;
    try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = in.readObject();
    }
    @SuppressWarnings("unchecked")
    Map.Entry<Integer, String> copied = (Map.Entry<Integer, String>) copy;
    String described = copy.getClass().getName() + " equal=" + copied.equals(entry);
    try {
      copied.setValue("changed");
      return described + " setValue=" + copied.getValue();
    } catch (UnsupportedOperationException e) {
      return described + " setValue unsupported";
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Storage.class,
      names = {"ASYNC_BOUNDED", "ASYNC_UNBOUNDED"})
  void asyncViewsHideInFlightEntriesButKeyRemovalsReachThem(Storage storage) {
    assertSameAsCaffeine(
        run -> {
          List<CompletableFuture<String>> inFlight = new ArrayList<>();
          Function<String, ConcurrentMap<Integer, String>> withInFlight =
              label -> {
                AsyncCache<Integer, String> cache =
                    storage == Storage.ASYNC_BOUNDED
                        ? run.builder().maximumSize(100).buildAsync()
                        : run.builder().buildAsync();
                for (int key = 0; key < 4; key++) {
                  cache.put(key, CompletableFuture.completedFuture("v" + key));
                }
                CompletableFuture<String> future = new CompletableFuture<>();
                inFlight.add(future);
                cache.put(20, future);
                run.note(label);
                return cache.synchronous().asMap();
              };
          ConcurrentMap<Integer, String> map = withInFlight.apply("views");
          run.step("size", map::size);
          run.step("keys", () -> sorted(map.keySet()));
          run.step("values", () -> sorted(map.values()));
          run.step(
              "entries",
              () ->
                  sorted(new ArrayList<>(map.entrySet()).stream().map(Object::toString).toList()));
          run.step("key stream", () -> map.keySet().stream().sorted().toList());
          run.step("contains", () -> map.keySet().contains(20));
          run.step("keySet remove", () -> withInFlight.apply("remove").keySet().remove(20));
          run.step(
              "keySet removeAll",
              () -> withInFlight.apply("removeAll").keySet().removeAll(List.of(20, 1)));
          run.step(
              "keySet removeAll larger set",
              () -> withInFlight.apply("removeAll set").keySet().removeAll(largerSetOf(20, 1)));
          run.step(
              "keySet removeIf",
              () -> withInFlight.apply("removeIf").keySet().removeIf(k -> k > 2));
          run.step(
              "keySet retainAll",
              () -> withInFlight.apply("retainAll").keySet().retainAll(List.of(0)));
          run.step(
              "values removeIf", () -> withInFlight.apply("values").values().removeIf(v -> true));
          run.step(
              "values removeAll",
              () -> withInFlight.apply("values removeAll").values().removeAll(List.of("v1")));
          run.step(
              "entrySet removeIf",
              () -> withInFlight.apply("entries").entrySet().removeIf(e -> true));
          ConcurrentMap<Integer, String> last = withInFlight.apply("last");
          run.step(
              "entrySet removeAll larger set",
              () -> last.entrySet().removeAll(largerSetOf(Map.entry(1, "v1"))));
          run.step("size after", last::size);
          inFlight.forEach(future -> future.complete("late"));
          run.step("after completion", () -> sorted(last));
        });
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void entriesWriteThroughFromEveryPath(Storage storage) {
    assertSameAsCaffeine(
        run -> {
          ConcurrentMap<Integer, String> map = storage.filled(run);
          run.step("iterator setValue", () -> map.entrySet().iterator().next().setValue("w"));
          List<Map.Entry<Integer, String>> entries = new ArrayList<>();
          map.entrySet().spliterator().forEachRemaining(entries::add);
          run.step("spliterator setValue", () -> entries.get(1).setValue("x"));
          run.step("setValue null", () -> entries.get(2).setValue(null));
          run.step("contents", () -> sorted(map));
          run.step("forEach values", () -> collect(map.values()));
          run.step("toArray keys", () -> List.of(map.keySet().toArray()));
          run.step("toArray values", () -> List.of(map.values().toArray(new String[0])));
          run.step(
              "toArray values, larger", () -> List.of(map.values().toArray(new String[12])).size());
          run.step("keys of larger", () -> IntStream.range(0, 3).boxed().toList());
        });
  }

  /** Whether the views of an expiring cache are those of an async cache's synchronous map. */
  enum Expiring {
    SYNC,
    ASYNC
  }

  @ParameterizedTest
  @EnumSource(Expiring.class)
  void viewsOfABoundedCacheSkipExpiredEntries(Expiring kind) {
    assertSameAsCaffeine(
        run -> {
          ManualTicker ticker = new ManualTicker(0);
          TestBuilder builder =
              run.builder().ticker(ticker).expireAfterWrite(Duration.ofMinutes(10));
          ConcurrentMap<Integer, String> map =
              (kind == Expiring.SYNC)
                  ? builder.<Integer, String>build().asMap()
                  : builder.<Integer, String>buildAsync().synchronous().asMap();
          for (int key = 0; key < 6; key++) {
            map.put(key, "v" + key);
          }
          ticker.advance(Duration.ofMinutes(5));
          for (int key = 6; key < 10; key++) {
            map.put(key, "v" + key);
          }
          ticker.advance(Duration.ofMinutes(6));
          run.step("contains expired", () -> map.entrySet().contains(Map.entry(0, "v0")));
          run.step("keys", () -> collect(map.keySet()));
          run.step("values", () -> collect(map.values()));
          run.step("entries", () -> collect(map.entrySet()));
          run.step("key stream", () -> map.keySet().stream().toList());
          run.step("value stream", () -> map.values().parallelStream().sorted().toList());
          run.step("contains live", () -> map.entrySet().contains(Map.entry(7, "v7")));
          run.step("values remove expired", () -> map.values().remove("v1"));
          run.step("removeIf", () -> map.keySet().removeIf(key -> (key % 2) == 0));
          run.step("removeAll larger set", () -> map.keySet().removeAll(largerSetOf(3, 7)));
          run.step("entries after", () -> collect(map.entrySet()));
          run.step("equals", () -> map.equals(Map.of(9, "v9")));
        });
  }

  private static List<Object> collect(Collection<?> collection) {
    List<Object> elements = new ArrayList<>();
    collection.forEach(elements::add);
    return elements;
  }
}
