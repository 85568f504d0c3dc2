package io.larder.benchmarks.jmh;

import io.larder.cache.internal.memory.SizeEstimator;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost of the estimate that a {@code maximumMemory} cache makes on every write: Larder's
 * internal {@code SizeEstimator} sizing one key and one value, for typical value shapes; {@code
 * estimate} walks the whole graph, {@code writerThread} is what the writer of a memory-bounded
 * cache pays (at most {@link SizeEstimator#WRITER_WALK_LIMIT} objects). The score is estimates per
 * second; 10<sup>9</sup> divided by it is the time per entry in nanoseconds. There is nothing to
 * compare with: Caffeine has no estimator (a hand-written weigher is its nearest equivalent), so
 * the only contender is Larder.
 *
 * <p>The shapes: a 40-character ASCII string; a 1 KB {@code byte[]}; a small record holding two
 * strings, an int and a list of three strings; an {@code ArrayList} of 100 boxed integers; a {@code
 * HashMap} of 50 strings to records; and an {@code ArrayList} of 10,000 strings, which is above the
 * estimator's full-scan limit and so is sampled (its cost is bounded by the sample, not the size).
 * Issue 19's shapes follow: heap and read-only 8 MB {@code ByteBuffer}s and an 80M-bit {@code
 * BitSet} (sized through their API: constant cost), a completed {@code CompletableFuture} of a
 * record and a {@code Proxy} whose handler holds 1 MB, a hand-written linked list of 100,000 nodes,
 * a binary tree of 65,535 nodes, {@code ArrayList}s and {@code Object[]}s nested 100,000 deep
 * (walked to their end: the cost grows with the number of objects), and a {@code LinkedList} of a
 * million {@code Integer}s (sampled evenly over its length: the iterator steps over every element).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class EstimatorBenchmark {
  @Param({"Larder"})
  String contender;

  @Param({
    "string",
    "bytes",
    "record",
    "list-100",
    "map-50",
    "list-10000",
    "bytebuffer-8m",
    "readonly-bytebuffer-8m",
    "bitset-80m",
    "future",
    "proxy",
    "linked-chain-100k",
    "tree-64k",
    "nested-lists-100k",
    "nested-arrays-100k",
    "linkedlist-integers-1m"
  })
  String value;

  SizeEstimator estimator;
  Object key;
  Object sized;

  /** A small record of the kind a web application caches: a customer and its tags. */
  record Customer(String name, String email, int age, List<String> tags) {}

  /** Builds the estimator and the key and value, and sizes them once so classes are resolved. */
  @Setup
  public void setUp() {
    estimator = SizeEstimator.forCurrentJvm();
    key = "customer:0000012345";
    sized = value(value);
    estimator.estimate(key, sized);
  }

  /** Returns the value of a shape named by the {@code value} parameter. */
  static Object value(String shape) {
    switch (shape) {
      case "string":
        return "x".repeat(40);
      case "bytes":
        return new byte[1024];
      case "record":
        return customer(1);
      case "list-100":
        {
          List<Integer> list = new ArrayList<>();
          for (int i = 0; i < 100; i++) {
            list.add(i * 1_000);
          }
          return list;
        }
      case "map-50":
        {
          Map<String, Customer> map = new HashMap<>();
          for (int i = 0; i < 50; i++) {
            map.put("customer:" + i, customer(i));
          }
          return map;
        }
      case "list-10000":
        {
          List<String> list = new ArrayList<>();
          for (int i = 0; i < 10_000; i++) {
            list.add("line " + i);
          }
          return list;
        }
      case "bytebuffer-8m":
        return ByteBuffer.allocate(8 << 20);
      case "readonly-bytebuffer-8m":
        return ByteBuffer.allocate(8 << 20).asReadOnlyBuffer();
      case "bitset-80m":
        {
          BitSet bits = new BitSet(80_000_000);
          bits.set(79_999_999);
          return bits;
        }
      case "future":
        return CompletableFuture.completedFuture(customer(1));
      case "proxy":
        return Proxy.newProxyInstance(
            EstimatorBenchmark.class.getClassLoader(),
            new Class<?>[] {Runnable.class},
            new DataHandler(new byte[1 << 20]));
      case "linked-chain-100k":
        {
          Link head = null;
          for (int i = 0; i < 100_000; i++) {
            head = new Link(new byte[64], head);
          }
          return head;
        }
      case "tree-64k":
        return tree(0, 65_535);
      case "nested-lists-100k":
        {
          List<Object> inner = new ArrayList<>();
          for (int i = 0; i < 100_000; i++) {
            List<Object> outer = new ArrayList<>();
            outer.add(new byte[64]);
            outer.add(inner);
            inner = outer;
          }
          return inner;
        }
      case "nested-arrays-100k":
        {
          Object[] inner = new Object[0];
          for (int i = 0; i < 100_000; i++) {
            inner = new Object[] {new byte[64], inner};
          }
          return inner;
        }
      case "linkedlist-integers-1m":
        {
          List<Integer> list = new LinkedList<>();
          for (int i = 0; i < 1_000_000; i++) {
            list.add(i);
          }
          return list;
        }
      default:
        throw new IllegalArgumentException("unknown value shape " + shape);
    }
  }

  /** A node of a hand-written linked list with a 64-byte payload. */
  static final class Link {
    final byte[] payload;
    final Link next;

    Link(byte[] payload, Link next) {
      this.payload = payload;
      this.next = next;
    }
  }

  /** A node of a hand-written binary tree with a 64-byte payload. */
  static final class TreeNode {
    final byte[] payload = new byte[64];
    final TreeNode left;
    final TreeNode right;

    TreeNode(TreeNode left, TreeNode right) {
      this.left = left;
      this.right = right;
    }
  }

  /** An invocation handler that holds data, as a caching or recording proxy does. */
  static final class DataHandler implements InvocationHandler {
    final byte[] data;

    DataHandler(byte[] data) {
      this.data = data;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      return null;
    }
  }

  private static TreeNode tree(int from, int to) {
    if (from >= to) {
      return null;
    }
    int middle = (from + to) >>> 1;
    return new TreeNode(tree(from, middle), tree(middle + 1, to));
  }

  private static Customer customer(int id) {
    return new Customer(
        "Customer " + id,
        "customer" + id + "@example.com",
        20 + id % 50,
        List.of("retail", "newsletter", "region-" + id % 7));
  }

  /** Estimates the retained size of the key and value together, walking the whole graph. */
  @Benchmark
  public long estimate() {
    return estimator.estimate(key, sized);
  }

  /**
   * What a memory-bounded cache's writer pays: the walk stops after {@link
   * SizeEstimator#WRITER_WALK_LIMIT} objects, and a value that needs more is measured in full on
   * the cache's executor after the write (when no other value of that cache is being measured).
   */
  @Benchmark
  public long writerThread() {
    return estimator.estimateWithin(key, sized, SizeEstimator.WRITER_WALK_LIMIT);
  }
}
