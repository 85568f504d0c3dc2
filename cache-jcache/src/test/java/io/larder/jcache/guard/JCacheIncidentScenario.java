package io.larder.jcache.guard;

import io.larder.cache.CacheInsight;
import io.larder.jcache.LarderCachingProvider;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * The incident replayed through JCache, run in its own small-heap JVM by {@link
 * JCacheIncidentReplayTest}: two threads write request-derived unique keys with 1 KB values into a
 * cache configured only with {@link MutableConfiguration} (unbounded by the specification, and
 * storing by value, its default) until they have written the given number of entries (several times
 * what the heap holds) or met {@link OutOfMemoryError}; then one {@code REPORT key=value ...} line
 * is printed: the outcome, the heap after a full GC before the first write and at the end, and what
 * the guard did.
 *
 * <p>Usage: {@code java -Xmx128m -cp <test class path>
 * io.larder.jcache.guard.JCacheIncidentScenario <entries>}; add {@code -Dlarder.guard=off} to
 * replay the outage.
 */
public final class JCacheIncidentScenario {
  static final int VALUE_BYTES = 1024;
  static final int THREADS = 2;

  private JCacheIncidentScenario() {}

  /** Runs the scenario for the number of entries in the first argument. */
  public static void main(String[] args) throws InterruptedException {
    long entries = Long.parseLong(args[0]);
    CacheManager manager =
        Caching.getCachingProvider(LarderCachingProvider.class.getName()).getCacheManager();
    Object[] holder = {
      manager.createCache(
          "incident",
          new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class))
    };
    // Released after an OutOfMemoryError, so that the report can still be written.
    byte[][] reserve = {new byte[256 * 1024]};
    long baselineHeap = heapAfterGc();
    AtomicBoolean outOfMemory = new AtomicBoolean();
    AtomicLong puts = new AtomicLong();
    Thread main = Thread.currentThread();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> {
          if ((e instanceof OutOfMemoryError) && (thread != main)) {
            outOfMemory.set(true);
          } else {
            e.printStackTrace();
          }
        });
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      long thread = t;
      threads.add(
          new Thread(
              () -> {
                @SuppressWarnings("unchecked")
                Cache<String, byte[]> cache = (Cache<String, byte[]>) holder[0];
                try {
                  for (long i = thread; !outOfMemory.get() && (i < entries); i += THREADS) {
                    // A key derived from the request: a session id and a timestamp, never seen
                    // twice.
                    cache.put(
                        "session-" + thread + "-" + i + "-" + System.nanoTime(),
                        new byte[VALUE_BYTES]);
                    puts.incrementAndGet();
                  }
                } catch (OutOfMemoryError e) {
                  outOfMemory.set(true);
                }
              },
              "incident-" + t));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    String guardFacts = "";
    if (outOfMemory.get()) {
      reserve[0] = null;
      holder[0] = null;
    } else {
      ForkJoinPool.commonPool().awaitQuiescence(30, TimeUnit.SECONDS);
      @SuppressWarnings("unchecked")
      Cache<String, byte[]> cache = (Cache<String, byte[]>) holder[0];
      CacheInsight insight =
          CacheInsight.of(cache.unwrap(io.larder.cache.Cache.class)).orElseThrow();
      guardFacts =
          String.format(
              Locale.US,
              " guardWarnings=%d estimatedBytes=%d",
              insight.guardWarnings(),
              insight.estimatedBytes());
    }
    long heapAfterGc = heapAfterGc();
    String report =
        String.format(
            Locale.US,
            "REPORT outcome=%s puts=%d heapAfterGcBytes=%d baselineHeapBytes=%d maxHeapBytes=%d%s%n",
            outOfMemory.get() ? "OOM" : "COMPLETED",
            puts.get(),
            heapAfterGc,
            baselineHeap,
            Runtime.getRuntime().maxMemory(),
            guardFacts);
    System.err.flush();
    System.out.print(report);
    System.out.flush();
    Reference.reachabilityFence(holder[0]);
    Reference.reachabilityFence(reserve);
    System.exit(0);
  }

  static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
