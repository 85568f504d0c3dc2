package io.larder.cache.memory;

import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Caffeine;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The scenario of {@link ShapeBoundTest}, run in a forked JVM with a small heap: for each value
 * shape of {@link ValueShapes} in turn, a new {@code maximumMemory(64 MB)} cache is fed a total of
 * values of that shape, then its maintenance runs, the heap is collected and what the cache retains
 * (heap after GC less the heap after GC before the cache was built) is printed. Prints one line per
 * shape, {@code SHAPE name|outOfMemoryError|writtenBytes|retainedBytes|entries| estimatedBytes},
 * and exits with 0.
 *
 * <p>Arguments: the bytes to feed per shape, then the shape names ({@code all} for every shape).
 * With {@code -Dlarder.scenario.lateExecutor=true} the caches' executor never runs its tasks.
 */
public final class ShapeBoundScenario {
  static final long BUDGET = 64L << 20;

  /**
   * The system property that gives each cache an executor that never runs its tasks: the worst a
   * late executor can do (see {@code WriteBacklog}).
   */
  static final String LATE_EXECUTOR = "larder.scenario.lateExecutor";

  /**
   * The size of one value: as in issue 19's table, 8 MB buffers and about 10 MB graphs. The linked
   * list of boxes is 10 MB too (262,144 elements) rather than the table's million (40 MB): with
   * only one or two such values in the budget, a 40% underestimate still fitted under the bound
   * this test asserts, so the smaller size is the one that tells a biased sample apart.
   */
  static int valueBytes(String shape) {
    return shape.contains("Buffer") || shape.startsWith("Proxy") ? 8 << 20 : 10 << 20;
  }

  private ShapeBoundScenario() {}

  /** Runs the scenario; see the class comment for the arguments. */
  public static void main(String[] args) {
    long total = Long.parseLong(args[0]);
    Map<String, IntFunction<Object>> shapes = ValueShapes.all();
    List<String> names =
        args[1].equals("all")
            ? List.copyOf(shapes.keySet())
            : List.of(args).subList(1, args.length);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (String name : names) {
      IntFunction<Object> make = shapes.get(name);
      if (make == null) {
        throw new IllegalArgumentException("no shape " + name);
      }
      int valueBytes = valueBytes(name);
      long baseline = heapAfterGc(memory);
      Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumMemory(BUDGET);
      if (Boolean.getBoolean(LATE_EXECUTOR)) {
        builder.executor(task -> {}); // maintenance only by writers (WriteBacklog) and cleanUp
      }
      Cache<Integer, Object> cache = builder.build();
      long written = 0;
      boolean outOfMemory = false;
      try {
        for (int key = 0; written < total; key++) {
          cache.put(key, make.apply(valueBytes));
          written += valueBytes;
        }
      } catch (OutOfMemoryError e) {
        outOfMemory = true;
      }
      long retained = -1;
      long entries = cache.estimatedSize();
      long estimated = -1;
      if (!outOfMemory) {
        cache.cleanUp();
        entries = cache.estimatedSize();
        estimated = CacheInsight.of(cache).orElseThrow().estimatedBytes();
        retained = heapAfterGc(memory) - baseline;
      }
      cache.invalidateAll();
      cache.cleanUp();
      System.out.println(
          "SHAPE "
              + name
              + "|"
              + outOfMemory
              + "|"
              + written
              + "|"
              + retained
              + "|"
              + entries
              + "|"
              + estimated);
      System.out.flush();
    }
    System.exit(0);
  }

  private static long heapAfterGc(MemoryMXBean memory) {
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
