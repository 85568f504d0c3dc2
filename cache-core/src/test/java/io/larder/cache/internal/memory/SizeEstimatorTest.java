package io.larder.cache.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Behaviour of the size estimator: sharing, identity, the JDK's caches, and the cost bounds. */
class SizeEstimatorTest {
  private final SizeEstimator estimator = SizeEstimator.forCurrentJvm();
  private final ObjectLayout layout = estimator.layout();

  @Test
  void nullAndSharedObjectsCountZero() {
    assertThat(estimator.estimate(null)).isZero();
    assertThat(estimator.estimate(null, null)).isZero();
    assertThat(estimator.estimate(TimeUnit.SECONDS)).isZero();
    assertThat(estimator.estimate(String.class)).isZero();
    assertThat(estimator.estimate(Boolean.TRUE)).isZero();
    assertThat(estimator.estimate(Optional.empty())).isZero();
    assertThat(estimator.estimate(List.of())).isZero();
    assertThat(estimator.estimate(Map.of())).isZero();
    assertThat(estimator.estimate(Collections.emptyList())).isZero();
    assertThat(estimator.estimate(BigInteger.TEN)).isZero();
  }

  @Test
  @SuppressWarnings("removal") // new Long(...) makes a box that is not the cached one.
  void cachedBoxesCountZeroAndOthersTheirSize() {
    assertThat(estimator.estimate(Integer.valueOf(5))).isZero();
    assertThat(estimator.estimate(Long.valueOf(-128))).isZero();
    assertThat(estimator.estimate(Character.valueOf('a'))).isZero();
    assertThat(estimator.estimate(Integer.valueOf(1000)))
        .isEqualTo(layout.instanceSize(Integer.class));
    assertThat(estimator.estimate(Long.valueOf(1L << 40)))
        .isEqualTo(layout.instanceSize(Long.class));
    assertThat(estimator.estimate(new Long(5))).isEqualTo(layout.instanceSize(Long.class));
    assertThat(estimator.estimate(3.0d)).isEqualTo(layout.instanceSize(Double.class));
  }

  @Test
  void wholeHourTimesAreSharedButOthersAreNot() {
    assertThat(estimator.estimate(LocalTime.of(9, 0))).isZero();
    assertThat(estimator.estimate(LocalTime.of(9, 30)))
        .isEqualTo(layout.instanceSize(LocalTime.class));
    LocalDateTime dateTime = LocalDateTime.of(2024, 5, 17, 9, 30);
    assertThat(estimator.estimate(dateTime))
        .isEqualTo(
            layout.instanceSize(LocalDateTime.class)
                + layout.instanceSize(LocalDate.class)
                + layout.instanceSize(LocalTime.class));
  }

  @Test
  void stringsAreSizedByCoder() {
    String ascii = "hello, world";
    String cyrillic = "привет, мир!";
    long stringShallow = layout.instanceSize(String.class);

    assertThat(estimator.estimate(ascii))
        .isEqualTo(stringShallow + layout.arraySize(byte.class, ascii.length()));
    assertThat(estimator.estimate(cyrillic))
        .isEqualTo(stringShallow + layout.arraySize(byte.class, 2 * cyrillic.length()));
    assertThat(SizeEstimator.of(layout, false).estimate(ascii))
        .isEqualTo(stringShallow + layout.arraySize(byte.class, 2 * ascii.length()));
    assertThat(estimator.estimate(ascii)).isEqualTo(Jol.deepSize(ascii));
    assertThat(estimator.estimate(cyrillic)).isEqualTo(Jol.deepSize(cyrillic));
  }

  @Test
  void sharedSubObjectCountsOnce() {
    Address address = new Address("1 Main Street", "Springfield");
    Pair twice = new Pair(address, address);
    Pair once = new Pair(address, null);

    assertThat(estimator.estimate(twice)).isEqualTo(estimator.estimate(once));
    assertThat(estimator.estimate(twice)).isEqualTo(Jol.deepSize(twice));
  }

  @Test
  void keyReachableFromTheValueCountsOnce() {
    String key = "customer-42";
    Pair value = new Pair(key, new Address("1 Main Street", "Springfield"));

    assertThat(estimator.estimate(key, value)).isEqualTo(estimator.estimate(value));
    assertThat(estimator.estimate(key, key)).isEqualTo(estimator.estimate(key));
    assertThat(estimator.estimate("other-key", value))
        .isEqualTo(estimator.estimate("other-key") + estimator.estimate(value));
  }

  @Test
  void cyclesTerminate() {
    Node a = new Node(null);
    Node b = new Node(a);
    a.next = b;

    assertThat(estimator.estimate(a)).isEqualTo(2 * layout.instanceSize(Node.class));
  }

  @Test
  void millionElementListIsSampledWithinBudgetAndAccuracy() {
    List<String> list = new ArrayList<>();
    for (int i = 0; i < 1_000_000; i++) {
      list.add("value-" + i);
    }
    long jol = Jol.deepSize(list);

    GraphWalker walk = estimator.walk(list, null);

    assertThat(walk.visitedObjects())
        .isLessThanOrEqualTo(SizeEstimator.MAX_VISITED_OBJECTS)
        .isLessThanOrEqualTo(1 + SizeEstimator.SAMPLE_SIZE);
    assertThat(walk.extrapolatedContainers()).isEqualTo(1);
    assertThat((double) walk.bytes()).isCloseTo(jol, within(jol * 0.20));
    assertThat(walk.bytes()).isEqualTo(estimator.estimate(list));
  }

  @Test
  void largeGraphStopsAtTheObjectBudget() {
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      List<Address> addresses = new ArrayList<>();
      for (int j = 0; j < 200; j++) {
        addresses.add(new Address("street " + i + "/" + j, "city"));
      }
      pairs.add(new Pair(addresses, "pair " + i));
    }

    GraphWalker walk = estimator.walk(pairs, null);

    // Containers stop measuring at the budget; the objects already pending outside them (here the
    // name string of the pair being measured) are still walked, as a chain would be.
    assertThat(walk.visitedObjects())
        .isBetween(SizeEstimator.MAX_VISITED_OBJECTS, SizeEstimator.MAX_VISITED_OBJECTS + 1);
    long jol = Jol.deepSize(pairs);
    assertThat((double) walk.bytes()).isCloseTo(jol, within(jol * 0.20));
  }

  @Test
  void longChainIsWalkedToItsEndWithoutOverflowingTheStack() {
    Node head = null;
    for (int i = 0; i < 100_000; i++) {
      head = new Node(head);
    }

    GraphWalker walk = estimator.walk(head, null);

    // Past the container budget, a chain has no elements to extrapolate from: it is walked.
    assertThat(walk.visitedObjects()).isEqualTo(100_000);
    assertThat(walk.unvisitedObjects()).isZero();
    assertThat(walk.bytes()).isEqualTo(100_000L * layout.instanceSize(Node.class));
    assertThat(walk.bytes()).isEqualTo(Jol.deepSize(head));
  }

  @Test
  void chainLongerThanTheWalkBudgetStopsAtIt() {
    Node head = null;
    for (int i = 0; i < SizeEstimator.MAX_WALKED_OBJECTS + 10; i++) {
      head = new Node(head);
    }

    GraphWalker walk = estimator.walk(head, null);

    assertThat(walk.visitedObjects()).isEqualTo(SizeEstimator.MAX_WALKED_OBJECTS);
    assertThat(walk.unvisitedObjects()).isEqualTo(1);
    assertThat(walk.bytes())
        .isGreaterThanOrEqualTo(SizeEstimator.MAX_WALKED_OBJECTS * layout.instanceSize(Node.class));
  }

  @Test
  void iteratedCollectionsAreSampledOverTheirWholeLengthNotAPrefix() {
    // The first 128 boxes are the JDK's cached ones (0 bytes); a prefix sample would count every
    // element as 0.
    LinkedList<Integer> list = new LinkedList<>();
    Map<Integer, Integer> map = new LinkedHashMap<>();
    for (int i = 0; i < 20_000; i++) {
      list.add(i);
      map.put(i, i);
    }
    long jol = Jol.deepSize(list);
    assertThat((double) estimator.estimate(list)).isCloseTo(jol, within(jol * 0.05));
    assertThat((double) estimator.estimate(map))
        .isCloseTo(Jol.deepSize(map), within(Jol.deepSize(map) * 0.20));
  }

  @Test
  void buffersCountTheHeapArrayTheyHoldAndDirectOnesDoNot() {
    ByteBuffer heap = ByteBuffer.allocate(1 << 20);
    long array = layout.arraySize(byte.class, 1 << 20);
    assertThat(estimator.estimate(heap)).isEqualTo(Jol.deepSize(heap));
    assertThat(estimator.estimate(heap.asReadOnlyBuffer())).isGreaterThan(array);
    // A slice retains its whole backing array.
    assertThat(estimator.estimate(heap.slice(0, 10))).isGreaterThan(array);
    assertThat(estimator.estimate(LongBuffer.allocate(1000)))
        .isEqualTo(Jol.deepSize(LongBuffer.allocate(1000)));
    ByteBuffer direct = ByteBuffer.allocateDirect(1 << 20);
    assertThat(estimator.estimate(direct)).isLessThan(1024);
  }

  @Test
  void aFutureCountsTheValueItCompletedWithAndNothingElse() {
    byte[] value = new byte[100_000];
    long valueBytes = layout.arraySize(byte.class, value.length);
    assertThat(estimator.estimate(CompletableFuture.completedFuture(value)))
        .isGreaterThan(valueBytes);
    assertThat(estimator.estimate(new CompletableFuture<byte[]>())).isLessThan(100);
    assertThat(estimator.estimate(CompletableFuture.failedFuture(new IllegalStateException())))
        .isLessThan(100);
  }

  @Test
  void aProxyCountsWhatItsHandlerHolds() {
    byte[] data = new byte[100_000];
    Runnable proxy =
        (Runnable)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Runnable.class},
                new DataHandler(data));
    assertThat(estimator.estimate(proxy)).isGreaterThan(layout.arraySize(byte.class, data.length));
  }

  @Test
  void unreadableJdkCollectionsAreSizedThroughTheirApi() {
    Set<String> set = Collections.synchronizedSet(new java.util.HashSet<>(List.of("a", "bb")));
    long jol = Jol.deepSize(set);

    // Wrapper, guessed HashSet + HashMap + table + nodes, and the two strings.
    assertThat((double) estimator.estimate(set)).isCloseTo(jol, within(jol * 0.20));
  }

  @Test
  void jdkTypesSizedThroughTheirApiMatchJol() {
    StringBuilder builder = new StringBuilder().append("twenty characters...");
    List<Object> values =
        List.of(
            builder,
            new java.util.concurrent.CopyOnWriteArrayList<>(List.of("a1", "b2", "c3")),
            new java.util.concurrent.atomic.AtomicReference<>("referent"),
            Collections.singletonList("only"),
            Collections.nCopies(1000, "same"),
            BigInteger.ONE.shiftLeft(64).negate(),
            new java.math.BigDecimal("12345678901234567890.5"),
            Map.entry("key", "value"),
            new java.util.AbstractMap.SimpleEntry<>("key", "value"));
    for (Object value : values) {
      assertThat(estimator.estimate(value))
          .as(value.getClass().getName())
          .isEqualTo(Jol.deepSize(value));
    }
  }

  @Test
  void zonedDateTimeCountsItsDateAndTimeButNotTheSharedZone() {
    java.time.ZonedDateTime zoned =
        java.time.ZonedDateTime.of(2024, 5, 17, 9, 30, 15, 0, java.time.ZoneId.of("Europe/Paris"));

    assertThat(estimator.estimate(zoned))
        .isEqualTo(
            layout.instanceSize(java.time.ZonedDateTime.class)
                + layout.instanceSize(LocalDateTime.class)
                + layout.instanceSize(LocalDate.class)
                + layout.instanceSize(LocalTime.class));
  }

  @Test
  void enumKeyedCollectionsCountTheirArraysButNotTheConstants() {
    java.util.EnumMap<TimeUnit, String> map = new java.util.EnumMap<>(TimeUnit.class);
    map.put(TimeUnit.SECONDS, "seconds");
    java.util.EnumSet<TimeUnit> set = java.util.EnumSet.of(TimeUnit.DAYS);

    assertThat(estimator.estimate(map))
        .isEqualTo(
            layout.instanceSize(java.util.EnumMap.class)
                + layout.referenceArraySize(TimeUnit.values().length)
                + estimator.estimate("seconds"));
    assertThat(estimator.estimate(set)).isEqualTo(layout.instanceSize(set.getClass()));
  }

  @Test
  void valueChangedDuringTheEstimateDoesNotFailIt() {
    List<Object> list = new ArrayList<>();
    list.add(
        new Object() {
          @Override
          public String toString() {
            return "unused";
          }
        });
    List<Object> failing =
        new ArrayList<>(list) {
          @Override
          public void forEach(java.util.function.Consumer<? super Object> action) {
            throw new java.util.ConcurrentModificationException();
          }
        };

    assertThat(estimator.estimate(failing)).isPositive();
  }

  /** An invocation handler that holds data, as a caching or recording proxy would. */
  static final class DataHandler implements InvocationHandler {
    final byte[] data;

    DataHandler(byte[] data) {
      this.data = data;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      return data.length;
    }
  }

  record Address(String street, String city) {}

  @Test
  void aWalkWithinItsLimitGivesTheFullEstimate() {
    Map<String, List<String>> value = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      value.put("key " + i, List.of("a" + i, "b" + i, "c" + i));
    }
    Node shortChain = null;
    for (int i = 0; i < 1_000; i++) {
      shortChain = new Node(shortChain);
    }
    for (Object v :
        List.of("text", new byte[100], 12_345, value, new Pair("x", value), shortChain)) {
      assertThat(estimator.estimateWithin("key", v, SizeEstimator.WRITER_WALK_LIMIT))
          .as("%s", v.getClass())
          .isEqualTo(estimator.estimate("key", v));
    }
  }

  @Test
  void aWalkCutShortByItsLimitReturnsTheComplementOfALowerBound() {
    Node head = null;
    for (int i = 0; i < 100_000; i++) {
      head = new Node(head);
    }
    long full = estimator.estimate("key", head);
    long within = estimator.estimateWithin("key", head, SizeEstimator.WRITER_WALK_LIMIT);
    assertThat(within).isNegative();
    long counted = ~within;
    long node = layout.instanceSize(Node.class);
    assertThat(full).isEqualTo(estimator.estimate("key") + 100_000 * node);
    assertThat(counted)
        .as("the walked objects and the pending one, not the rest")
        .isGreaterThanOrEqualTo(SizeEstimator.WRITER_WALK_LIMIT * node)
        .isLessThan(full / 10);
  }

  record Pair(Object first, Object second) {}

  static final class Node {
    Node next;

    Node(Node next) {
      this.next = next;
    }
  }
}
