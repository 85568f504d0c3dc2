package io.larder.cache.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.memory.ValueShapes;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of the estimator against JOL's deep size ({@code GraphLayout.totalSize()}) of the same
 * object in this JVM, over a corpus of value shapes. Prints a Markdown table and writes it to
 * {@code target/estimator-accuracy.md}; every row must be within 20%. The estimate compared is the
 * one for this JVM's layout without G1's humongous-region rounding (which JOL does not count); the
 * table's last column is the estimate a cache in this JVM uses, with it.
 *
 * <p>Values avoid the JDK's shared instances (cached boxes, enum constants) that JOL counts and the
 * estimator deliberately does not: those are covered by {@link SizeEstimatorTest}.
 */
class SizeEstimatorAccuracyTest {
  private static final double TOLERANCE = 0.20;

  /**
   * The running JVM's layout without G1's rounding of humongous objects to whole regions, which
   * JOL's sizes do not include: the estimate that JOL's figure can be compared with. The estimate a
   * cache uses (with the rounding) is in the table's last column.
   */
  private static SizeEstimator jolComparable(SizeEstimator estimator) {
    ObjectLayout running = estimator.layout();
    ObjectLayout layout =
        ObjectLayout.builder()
            .javaFeatureVersion(running.javaFeatureVersion())
            .compressedOops(running.compressedOops())
            .compressedClassPointers(running.compressedClassPointers())
            .compactHeaders(running.compactHeaders())
            .alignment(running.alignment())
            .build();
    assertThat(layout.toString())
        .isEqualTo(running.toString().replaceAll(", g1RegionBytes=\\d+", ""));
    return SizeEstimator.of(layout, estimator.compactStrings());
  }

  @Test
  void estimatesAreWithinTwentyPercentOfJol() throws IOException {
    SizeEstimator running = SizeEstimator.forCurrentJvm();
    SizeEstimator estimator = jolComparable(running);
    StringBuilder table = new StringBuilder();
    table
        .append("JVM: ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.runtime.version"))
        .append("  \n")
        .append("Layout: ")
        .append(running.layout())
        .append(", compactStrings=")
        .append(estimator.compactStrings())
        .append("\n\n")
        .append("| shape | JOL bytes | estimate | error % | with G1 regions |\n")
        .append("|---|---:|---:|---:|---:|\n");
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, Supplier<Object>> sample : corpus().entrySet()) {
      Object value = sample.getValue().get();
      long jol = Jol.deepSize(value);
      long estimate = estimator.estimate(value);
      double error = 100.0 * (estimate - jol) / jol;
      table.append(
          String.format(
              "| %s | %,d | %,d | %+.1f | %,d |%n",
              sample.getKey(), jol, estimate, error, running.estimate(value)));
      if (Math.abs(error) > TOLERANCE * 100) {
        failures.add(sample.getKey() + ": " + String.format("%+.1f%%", error));
      }
    }
    System.out.println(table);
    Path report = Path.of("target", "estimator-accuracy.md");
    Files.createDirectories(report.getParent());
    Files.writeString(report, table, StandardCharsets.UTF_8);

    assertThat(failures).as("shapes off by more than 20%%").isEmpty();
  }

  private static Map<String, Supplier<Object>> corpus() {
    Map<String, Supplier<Object>> corpus = new LinkedHashMap<>();
    corpus.put("String, ASCII, 11 chars", () -> new String("hello world"));
    corpus.put("String, ASCII, 1,000 chars", () -> "x".repeat(1000));
    corpus.put("String, Cyrillic (UTF-16), 12 chars", () -> new String("привет, мир!"));
    corpus.put("String, CJK (UTF-16), 300 chars", () -> "東京都".repeat(100));
    corpus.put("byte[1000]", () -> new byte[1000]);
    corpus.put("int[1000]", () -> new int[1000]);
    corpus.put("long[7]", () -> new long[7]);
    corpus.put("Long (not cached)", () -> 123_456_789L);
    corpus.put(
        "BigInteger, 200 bits", () -> BigInteger.ONE.shiftLeft(200).subtract(BigInteger.TWO));
    corpus.put(
        "BigDecimal, 40 digits", () -> new BigDecimal("1234567890123456789012345678.901234567890"));
    corpus.put("UUID", UUID::randomUUID);
    corpus.put("Instant", () -> Instant.ofEpochSecond(1_700_000_000L, 123));
    corpus.put("LocalDateTime", () -> LocalDateTime.of(2024, 5, 17, 9, 30, 15));
    corpus.put("Optional<String>", () -> Optional.of(new String("present")));
    corpus.put(
        "small record (String, long, String)", () -> new Product("SKU-0001", 1999L, "Widget"));
    corpus.put("ArrayList<String>, 100", () -> addAll(new ArrayList<>(), strings(100)));
    corpus.put("ArrayList<Product>, 200", () -> addAll(new ArrayList<>(), products(200)));
    corpus.put("LinkedList<String>, 100", () -> addAll(new LinkedList<>(), strings(100)));
    corpus.put("ArrayDeque<String>, 100", () -> addAll(new ArrayDeque<>(), strings(100)));
    corpus.put("HashSet<String>, 200", () -> addAll(new HashSet<>(), strings(200)));
    corpus.put("TreeSet<String>, 100", () -> addAll(new TreeSet<>(), strings(100)));
    corpus.put("HashMap<String, Product>, 100", () -> productMap(new HashMap<>(), 100));
    corpus.put("LinkedHashMap<String, Product>, 100", () -> productMap(new LinkedHashMap<>(), 100));
    corpus.put("TreeMap<String, Product>, 100", () -> productMap(new TreeMap<>(), 100));
    corpus.put(
        "ConcurrentHashMap<String, Product>, 100",
        () -> productMap(new ConcurrentHashMap<>(), 100));
    corpus.put("List.of(5 strings)", () -> List.copyOf(strings(5)));
    corpus.put("List.of(2 strings)", () -> List.of(new String("a1"), new String("b2")));
    corpus.put("Set.of(6 strings)", () -> Set.copyOf(strings(6)));
    corpus.put("Map.of(4 entries)", () -> Map.copyOf(productMap(new HashMap<>(), 4)));
    corpus.put(
        "Arrays.asList(20 strings)", () -> Arrays.asList(strings(20).toArray(new String[0])));
    corpus.put(
        "unmodifiableList(ArrayList<String>, 50)",
        () -> Collections.unmodifiableList(addAll(new ArrayList<>(), strings(50))));
    corpus.put(
        "unmodifiableMap(HashMap<String, Product>, 50)",
        () -> Collections.unmodifiableMap(productMap(new HashMap<>(), 50)));
    corpus.put("Object[] of mixed values", SizeEstimatorAccuracyTest::mixedArray);
    corpus.put(
        "nested user graph (customer, orders, lines)",
        () -> customer(0, new Address("1 Main St", "Springfield")));
    corpus.put("graph with a shared sub-object", SizeEstimatorAccuracyTest::sharedAddressCustomers);
    corpus.put("user linked list, 1,000 nodes", () -> chain(1000));
    corpus.put(
        "ArrayList<String>, 100,000 (sampled)", () -> addAll(new ArrayList<>(), strings(100_000)));
    corpus.put(
        "HashMap<String, Product>, 20,000 (sampled)", () -> productMap(new HashMap<>(), 20_000));
    corpus.put(
        "TreeMap<String, Customer>, 2,000 (sampled, budget)",
        SizeEstimatorAccuracyTest::customerMap);
    corpus.put("Object[] of 1,000 int[] (sampled)", SizeEstimatorAccuracyTest::arrayOfArrays);
    // Issue 19's shapes, at about 10 MB each (100,000 nodes for the linked structures).
    ValueShapes.all()
        .forEach((name, make) -> corpus.put(name + ", 10 MB", () -> make.apply(10 << 20)));
    return corpus;
  }

  private static List<String> strings(int count) {
    List<String> strings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      strings.add("value-" + i);
    }
    return strings;
  }

  private static List<Product> products(int count) {
    List<Product> products = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      products.add(new Product("SKU-" + i, 1000L + i, "Product number " + i));
    }
    return products;
  }

  private static <C extends java.util.Collection<T>, T> C addAll(C collection, List<T> elements) {
    for (T element : elements) {
      collection.add(element);
    }
    return collection;
  }

  private static <M extends Map<String, Product>> M productMap(M map, int count) {
    for (Product product : products(count)) {
      map.put(product.sku(), product);
    }
    return map;
  }

  private static Object mixedArray() {
    return new Object[] {
      new String("text"),
      42_000,
      new int[] {1, 2, 3},
      new Product("SKU-1", 1L, "one"),
      null,
      List.of(new String("x"), new String("y"), new String("z")),
      LocalDate.of(2020, 1, 1)
    };
  }

  private static Customer customer(int id, Address address) {
    List<Order> orders = new ArrayList<>();
    for (int o = 0; o < 3; o++) {
      List<Line> lines = new ArrayList<>();
      for (int l = 0; l < 4; l++) {
        lines.add(
            new Line(new Product("SKU-" + id + "-" + o + "-" + l, 100L * l, "item " + l), l + 1));
      }
      orders.add(
          new Order(
              1000L * id + o,
              LocalDateTime.of(2024, 1, 1 + o, 12, 15).toInstant(ZoneOffset.UTC),
              lines,
              Status.SHIPPED));
    }
    return new Customer(id, "Customer " + id, address, orders);
  }

  private static Object sharedAddressCustomers() {
    Address shared = new Address("1 Shared Road", "Commonville");
    return List.of(customer(1, shared), customer(2, shared), customer(3, shared));
  }

  private static Object customerMap() {
    Map<String, Customer> customers = new TreeMap<>();
    for (int i = 0; i < 2000; i++) {
      customers.put(
          "customer-" + i, customer(i, new Address(i + " Long Street", "Town " + (i % 7))));
    }
    return customers;
  }

  private static Object arrayOfArrays() {
    Object[] arrays = new Object[1000];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = new int[i % 50];
    }
    return arrays;
  }

  private static ChainNode chain(int length) {
    ChainNode head = null;
    for (int i = 0; i < length; i++) {
      head = new ChainNode(i, head);
    }
    return head;
  }

  enum Status {
    NEW,
    SHIPPED
  }

  record Product(String sku, long priceCents, String name) {}

  record Address(String street, String city) {}

  record Line(Product product, int quantity) {}

  record Order(long id, Instant placed, List<Line> lines, Status status) {}

  record Customer(int id, String name, Address address, List<Order> orders) {}

  static final class ChainNode {
    final int value;
    final ChainNode next;

    ChainNode(int value, ChainNode next) {
      this.value = value;
      this.next = next;
    }
  }
}
