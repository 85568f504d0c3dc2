package io.larder.benchmarks.jmh;

import io.larder.cache.internal.memory.SizeEstimator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * internal {@code SizeEstimator} sizing one key and one value, for typical value shapes. The
 * score is estimates per second; 10<sup>9</sup> divided by it is the time per entry in
 * nanoseconds. There is nothing to compare with: Caffeine has no estimator (a hand-written
 * weigher is its nearest equivalent), so the only contender is Larder.
 *
 * <p>The shapes: a 40-character ASCII string; a 1 KB {@code byte[]}; a small record holding two
 * strings, an int and a list of three strings; an {@code ArrayList} of 100 boxed integers; a
 * {@code HashMap} of 50 strings to records; and an {@code ArrayList} of 10,000 strings, which is
 * above the estimator's full-scan limit and so is sampled (its cost is bounded by the sample, not
 * the size).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class EstimatorBenchmark {
  @Param({"Larder"})
  String contender;

  @Param({"string", "bytes", "record", "list-100", "map-50", "list-10000"})
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
      case "list-100": {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          list.add(i * 1_000);
        }
        return list;
      }
      case "map-50": {
        Map<String, Customer> map = new HashMap<>();
        for (int i = 0; i < 50; i++) {
          map.put("customer:" + i, customer(i));
        }
        return map;
      }
      case "list-10000": {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
          list.add("line " + i);
        }
        return list;
      }
      default:
        throw new IllegalArgumentException("unknown value shape " + shape);
    }
  }

  private static Customer customer(int id) {
    return new Customer("Customer " + id, "customer" + id + "@example.com", 20 + id % 50,
        List.of("retail", "newsletter", "region-" + id % 7));
  }

  /** Estimates the retained size of the key and value together, as a memory-bounded put does. */
  @Benchmark
  public long estimate() {
    return estimator.estimate(key, sized);
  }
}
