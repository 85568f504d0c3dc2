package io.larder.cache.memory;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scenario of {@link MemoryBoundSafetyTest}, run in a forked JVM with a small heap: two threads
 * feed a cache values of random size (1 KB to 5 MB) until a total has been written, and the heap
 * after garbage collection is measured at checkpoints, where the writers pause, the cache runs its
 * maintenance and {@code System.gc()} is called. Prints one {@code key=value} line per figure and
 * exits with 0, or 3 after an {@link OutOfMemoryError}.
 *
 * <p>Arguments: {@code memory|size}, the bytes to feed, the checkpoint interval in bytes.
 */
public final class MemoryBoundSafetyScenario {
  static final long BUDGET = 64L << 20;
  static final int THREADS = 2;
  static final int MIN_VALUE = 1 << 10;
  static final int MAX_VALUE = 5 << 20;

  private MemoryBoundSafetyScenario() {}

  /** Runs the scenario; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    String bound = args[0];
    long total = Long.parseLong(args[1]);
    long checkpointEvery = Long.parseLong(args[2]);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    System.gc();
    long baseline = memory.getHeapMemoryUsage().getUsed();

    Caffeine<Object, Object> builder = Caffeine.newBuilder();
    Cache<Long, byte[]> cache =
        bound.equals("memory")
            ? builder.maximumMemory(BUDGET).<Long, byte[]>build()
            : builder.maximumSize(1_000).<Long, byte[]>build();

    AtomicLong written = new AtomicLong();
    AtomicLong keys = new AtomicLong();
    AtomicBoolean outOfMemory = new AtomicBoolean();
    List<Long> heapAfterGc = new ArrayList<>();
    AtomicLong explicitGcMillis = new AtomicLong();
    long checkpoints = Math.max(1, total / checkpointEvery);
    CyclicBarrier barrier =
        new CyclicBarrier(
            THREADS,
            () -> {
              cache.cleanUp();
              long start = System.nanoTime();
              System.gc();
              explicitGcMillis.addAndGet((System.nanoTime() - start) / 1_000_000);
              heapAfterGc.add(memory.getHeapMemoryUsage().getUsed());
            });

    long gcBefore = gcMillis();
    long started = System.nanoTime();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      long seed = 31L * t + 7;
      Thread writer =
          new Thread(
              () -> {
                SplittableRandom random = new SplittableRandom(seed);
                long perThread = total / THREADS / checkpoints;
                try {
                  for (long c = 0; c < checkpoints && !outOfMemory.get(); c++) {
                    long mine = 0;
                    while (mine < perThread && !outOfMemory.get()) {
                      byte[] value = new byte[random.nextInt(MIN_VALUE, MAX_VALUE + 1)];
                      cache.put(keys.incrementAndGet(), value);
                      mine += value.length;
                      written.addAndGet(value.length);
                    }
                    if (outOfMemory.get()) {
                      break;
                    }
                    // A writer that arrives after the other ran out of memory (and broke the
                    // barrier)
                    // would wait alone: the timeout ends the run.
                    barrier.await(2, TimeUnit.MINUTES);
                  }
                } catch (OutOfMemoryError e) {
                  outOfMemory.set(true);
                  barrier.reset();
                } catch (Exception e) {
                  if (!outOfMemory.get()) {
                    throw new IllegalStateException(e);
                  }
                }
              },
              "writer-" + t);
      writers.add(writer);
      writer.start();
    }
    for (Thread writer : writers) {
      writer.join();
    }
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
    long gcTotal = gcMillis() - gcBefore;

    if (outOfMemory.get()) {
      cache.invalidateAll();
      System.out.println("outOfMemoryError=true");
      System.out.println("writtenBytes=" + written.get());
      System.out.flush();
      System.exit(3);
    }
    long maxHeap = heapAfterGc.stream().mapToLong(Long::longValue).max().orElse(0);
    long runGc = Math.max(0, gcTotal - explicitGcMillis.get());
    System.out.println("outOfMemoryError=false");
    System.out.println("writtenBytes=" + written.get());
    System.out.println("entries=" + cache.estimatedSize());
    System.out.println("baselineBytes=" + baseline);
    System.out.println("maxHeapAfterGcBytes=" + maxHeap);
    System.out.println("checkpoints=" + heapAfterGc.size());
    System.out.println("elapsedMillis=" + elapsedMillis);
    System.out.println("gcMillis=" + runGc);
    System.out.println("explicitGcMillis=" + explicitGcMillis.get());
    System.out.println(
        "gcFraction="
            + String.format(
                Locale.US,
                "%.4f",
                (double) runGc / Math.max(1, elapsedMillis - explicitGcMillis.get())));
    System.out.println("collectors=" + collectorNames());
    System.out.flush();
    System.exit(0);
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }

  private static String collectorNames() {
    List<String> names = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      names.add(gc.getName().replace(' ', '_'));
    }
    return String.join("+", names);
  }
}
