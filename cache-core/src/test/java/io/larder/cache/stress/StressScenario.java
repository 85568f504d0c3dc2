package io.larder.cache.stress;

import io.larder.cache.AsyncCache;
import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Caffeine;
import io.larder.cache.LeakGuard;
import io.larder.cache.LoadingCache;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * One stress scenario, run in its own small-heap JVM by {@link StressSuiteTest}: it drives a cache
 * as fast as two threads can for the mode's duration (or until {@link OutOfMemoryError}), then
 * prints one {@code REPORT key=value ...} line on standard output with the outcome, the heap after
 * a full GC at the end and the highest at the run's checkpoints (every eighteenth of the run, at
 * least 1 s apart, the writers pause after their batch and {@code System.gc()} runs), the heap
 * after GC before the first write (the JVM's own baseline), the share of the run's time spent in GC
 * (the checkpoints left out) and what the guards did.
 *
 * <p>Usage: {@code java -Xmx128m -cp <test class path> io.larder.cache.stress.StressScenario
 * <scenario> <seconds>}. Scenarios: {@code incident} (request-derived unique keys and 1 KB values
 * into {@code Caffeine.newBuilder().build()}; run with {@code -Dlarder.guard=off} to replay the
 * outage), {@code entry-capped-incident} (the same into a cache with only {@code
 * maximumEntryMemory}), {@code expiring-incident} (the same into a cache bounded only by {@code
 * expireAfterWrite(10 minutes)}), {@code async-incident}, {@code loading-incident}, {@code churn}
 * (a cache built per request), {@code mutated-keys} (a bounded cache whose keys are mutated after
 * insertion) and {@code stalled-maintenance} (a bounded cache whose executor drops every task).
 */
public final class StressScenario {
  static final int VALUE_BYTES = 1024;
  static final int THREADS = 2;

  /** The heap kept free for the report of a run that ran out of memory. */
  static final int REPORT_RESERVE_BYTES = 256 * 1024;

  /** The full GCs a run makes to find its highest heap after GC (at least 1 s apart). */
  static final int CHECKPOINTS = 18;

  private StressScenario() {}

  /** Runs the scenario named by the first argument for the seconds in the second. */
  public static void main(String[] args) throws InterruptedException {
    String scenario = args[0];
    long seconds = Long.parseLong(args[1]);
    Object[] holder = new Object[1];
    AtomicReference<Workload> workloadRef = new AtomicReference<>(workload(scenario, holder));
    // Released after an OutOfMemoryError, so that the report can be written even if a task of
    // the cache's still holds it
    byte[][] reserve = {new byte[REPORT_RESERVE_BYTES]};
    long baselineHeap = heapAfterGc(); // the JVM's own heap and the empty cache, before writes
    long startNanos = System.nanoTime();
    long gcStart = gcMillis();
    AtomicLong operations = new AtomicLong();
    AtomicBoolean outOfMemory = new AtomicBoolean();
    // A cache's maintenance on the common pool may run out of memory too: record it without the
    // default handler's stack trace, which could land in the middle of the report line.
    Thread main = Thread.currentThread();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> {
          if ((e instanceof OutOfMemoryError) && (thread != main)) {
            outOfMemory.set(true);
          } else {
            e.printStackTrace();
          }
        });
    long deadline = startNanos + seconds * 1_000_000_000L;

    // Checkpoints: every CHECKPOINTS-th of the run (at least 1 s apart) the writers pause at the
    // end of a batch, a full GC runs and the heap is read, for the highest heap after GC; the
    // pauses are left out of the run's time and their collections out of its GC time.
    AtomicBoolean pauseRequested = new AtomicBoolean();
    AtomicInteger pausedOrDone = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      threads.add(
          new Thread(
              () -> {
                Workload workload = workloadRef.get();
                try {
                  long i = 0;
                  while (!outOfMemory.get() && (System.nanoTime() < deadline)) {
                    for (int batch = 0; batch < 256; batch++, i++) {
                      workload.accept(((long) thread << 48) | i);
                    }
                    operations.addAndGet(256);
                    if (pauseRequested.get()) {
                      pausedOrDone.incrementAndGet();
                      while (pauseRequested.get()) {
                        Thread.onSpinWait();
                      }
                      pausedOrDone.decrementAndGet();
                    }
                  }
                } catch (OutOfMemoryError e) {
                  outOfMemory.set(true);
                } finally {
                  pausedOrDone.incrementAndGet();
                }
              },
              "stress-" + t));
    }
    long[] maxHeapAfterGc = {0};
    AtomicLong checkpointMillis = new AtomicLong();
    AtomicLong checkpointGcMillis = new AtomicLong();
    long checkpointNanos = Math.max(1_000_000_000L, seconds * 1_000_000_000L / CHECKPOINTS);
    Thread checkpoints =
        new Thread(
            () -> {
              try {
                for (long next = startNanos + checkpointNanos;
                    next < deadline;
                    next += checkpointNanos) {
                  long wait = next - System.nanoTime();
                  if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                  }
                  if (outOfMemory.get() || (System.nanoTime() >= deadline)) {
                    return;
                  }
                  long pauseStart = System.nanoTime();
                  long pauseGcStart = gcMillis();
                  pauseRequested.set(true);
                  try {
                    while ((pausedOrDone.get() < THREADS) && !outOfMemory.get()) {
                      Thread.sleep(1);
                    }
                    maxHeapAfterGc[0] = Math.max(maxHeapAfterGc[0], heapAfterGc());
                  } finally {
                    pauseRequested.set(false);
                    checkpointMillis.addAndGet((System.nanoTime() - pauseStart) / 1_000_000);
                    checkpointGcMillis.addAndGet(gcMillis() - pauseGcStart);
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (OutOfMemoryError e) {
                outOfMemory.set(true);
              }
            },
            "stress-checkpoints");
    threads.forEach(Thread::start);
    checkpoints.start();
    for (Thread thread : threads) {
      thread.join();
    }
    checkpoints.interrupt();
    checkpoints.join();
    workloadRef.set(null);
    if (outOfMemory.get()) {
      reserve[0] = null;
      holder[0] = null; // release the cache so that the report can be printed
    }
    // Let the cache's maintenance on the common pool finish before measuring
    ForkJoinPool.commonPool().awaitQuiescence(30, TimeUnit.SECONDS);
    long wallMillis = (System.nanoTime() - startNanos) / 1_000_000;
    long gcMillis = Math.max(0, gcMillis() - gcStart - checkpointGcMillis.get());
    long runMillis = Math.max(1, wallMillis - checkpointMillis.get());

    String guardFacts = "";
    if (!outOfMemory.get() && (holder[0] != null)) {
      CacheInsight insight = CacheInsight.of(holder[0]).orElse(null);
      if (insight != null) {
        guardFacts =
            String.format(
                Locale.US,
                " guardWarnings=%d estimatedBytes=%d",
                insight.guardWarnings(),
                insight.estimatedBytes());
      }
    }
    long heapAfterGc = heapAfterGc();
    long maxHeap = Math.max(maxHeapAfterGc[0], heapAfterGc);
    // One write of one short line, so that nothing printed by another thread can split it
    String report =
        String.format(
            Locale.US,
            "REPORT scenario=%s outcome=%s operations=%d wallMillis=%d gcMillis=%d gcShare=%.3f "
                + "heapAfterGcBytes=%d maxHeapAfterGcBytes=%d checkpointMillis=%d "
                + "baselineHeapBytes=%d maxHeapBytes=%d guard=%s%s%n",
            scenario,
            outOfMemory.get() ? "OOM" : "COMPLETED",
            operations.get(),
            wallMillis,
            gcMillis,
            gcMillis / (double) runMillis,
            heapAfterGc,
            maxHeap,
            checkpointMillis.get(),
            baselineHeap,
            Runtime.getRuntime().maxMemory(),
            LeakGuard.fromSystemProperties().isEnabled(),
            guardFacts);
    System.err.flush();
    System.out.print(report);
    System.out.flush();
    Reference.reachabilityFence(holder[0]);
    Reference.reachabilityFence(reserve);
  }

  /** One operation of a scenario, given a number unique to the operation. */
  private interface Workload extends LongConsumer {}

  private static Workload workload(String scenario, Object[] holder) {
    switch (scenario) {
      case "incident":
        {
          Cache<String, byte[]> cache = Caffeine.newBuilder().build();
          holder[0] = cache;
          return n -> cache.put(requestKey(n), new byte[VALUE_BYTES]);
        }
      case "expiring-incident":
        {
          // The incident with the bound teams often reach for instead of a size: entries expire
          // after 10 minutes, but at this rate the heap fills within seconds.
          Cache<String, byte[]> cache =
              Caffeine.newBuilder().expireAfterWrite(10, TimeUnit.MINUTES).build();
          holder[0] = cache;
          return n -> cache.put(requestKey(n), new byte[VALUE_BYTES]);
        }
      case "entry-capped-incident":
        {
          // The incident in a cache with only a per-entry memory cap: it limits each entry, not
          // their number, so the guard must watch this cache as it watches a plain build().
          Cache<String, byte[]> cache = Caffeine.newBuilder().maximumEntryMemory(1 << 20).build();
          holder[0] = cache;
          return n -> cache.put(requestKey(n), new byte[VALUE_BYTES]);
        }
      case "async-incident":
        {
          AsyncCache<String, byte[]> cache = Caffeine.newBuilder().buildAsync();
          holder[0] = cache;
          return n ->
              cache.put(requestKey(n), CompletableFuture.completedFuture(new byte[VALUE_BYTES]));
        }
      case "loading-incident":
        {
          LoadingCache<String, byte[]> cache =
              Caffeine.newBuilder().build(key -> new byte[VALUE_BYTES]);
          holder[0] = cache;
          return n -> cache.get(requestKey(n));
        }
      case "churn":
        {
          // A cache built per request: at most 2,000 alive at once (a request backlog), each used
          // once; the guard warns once and every dropped cache must be collected.
          Object[] recent = new Object[2_000];
          holder[0] = recent;
          return n -> {
            Cache<String, byte[]> perRequest = Caffeine.newBuilder().maximumSize(100).build();
            perRequest.put(requestKey(n), new byte[VALUE_BYTES]);
            recent[(int) (n % recent.length)] = perRequest;
          };
        }
      case "mutated-keys":
        {
          // Every key is mutated after insertion: the guard finds each evicted entry by the hash
          // its key had and removes it from the table, so neither keys nor values accumulate
          // (without the guard, as in Caffeine, every evicted key stays in the table).
          Cache<MutableKey, byte[]> cache = Caffeine.newBuilder().maximumSize(10_000).build();
          holder[0] = cache;
          return n -> {
            MutableKey key = new MutableKey(n);
            cache.put(key, new byte[VALUE_BYTES]);
            key.id = n ^ 0x5DEECE66DL; // mutated in the cache: its hash changed
          };
        }
      case "stalled-maintenance":
        {
          Cache<String, byte[]> cache =
              Caffeine.newBuilder()
                  .maximumSize(10_000)
                  .executor(task -> {}) // drops every maintenance task and notification
                  .removalListener((k, v, c) -> {})
                  .build();
          holder[0] = cache;
          return n -> cache.put(requestKey(n), new byte[VALUE_BYTES]);
        }
      default:
        throw new IllegalArgumentException("unknown scenario: " + scenario);
    }
  }

  /** A key as a web handler derives it from a request: unique per request. */
  static String requestKey(long n) {
    return "GET /api/items?id="
        + n
        + "&session="
        + Long.toHexString(ThreadLocalRandom.current().nextLong());
  }

  /** A key that breaks the Map contract: its hash follows a mutable field. */
  static final class MutableKey {
    long id;

    MutableKey(long id) {
      this.id = id;
    }

    @Override
    public boolean equals(Object o) {
      return (o instanceof MutableKey) && (((MutableKey) o).id == id);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(id);
    }
  }

  static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  /** Returns the heap in use right after a full collection ({@code System.gc()}). */
  static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
