package io.larder.cache.memory;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The scenario of {@link HeapSafetyNetTest}, run in a forked JVM with a small heap: a {@code
 * maximumMemory(64 MB)} cache is fed values whose memory the size estimator cannot see (a {@link
 * ByteArrayInputStream} over 100 KB: its buffer is a field of a {@code java.io} class, neither
 * readable nor exposed, so each value is estimated at its shallow size), in batches of 3.2 MB with
 * a full collection after each, as a slowly filling heap is collected. The memory bound alone lets
 * the heap fill; the heap safety net must give memory back once the heap after GC passes its
 * threshold. Prints {@code key=value} lines and exits with 0, whatever the outcome.
 *
 * <p>Arguments: the bytes to feed.
 */
public final class HeapSafetyNetScenario {
  static final int VALUE_BYTES = 100_000;
  static final int BATCH = 32;

  private HeapSafetyNetScenario() {}

  /** Runs the scenario; see the class comment for the arguments. */
  public static void main(String[] args) {
    long total = Long.parseLong(args[0]);
    AtomicInteger logged = new AtomicInteger();
    AtomicReference<String> message = new AtomicReference<>("");
    Logger log = Logger.getLogger("io.larder.cache.internal.HeapSafetyNet");
    log.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.incrementAndGet();
            message.set(record.getMessage().replace(' ', '_'));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
    Cache<Integer, ByteArrayInputStream> cache =
        Caffeine.newBuilder()
            .name("hidden-buffers")
            .maximumMemory(64L << 20)
            .executor(Runnable::run)
            .recordStats()
            .build();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    byte[] reserve = new byte[8 << 20]; // released on OutOfMemoryError, to report in
    long written = 0;
    long mostEntries = 0;
    long highestHeapAfterGc = 0;
    boolean outOfMemory = false;
    try {
      for (int key = 0; written < total; ) {
        for (int i = 0; i < BATCH; i++) {
          cache.put(key++, new ByteArrayInputStream(new byte[VALUE_BYTES]));
          written += VALUE_BYTES;
        }
        mostEntries = Math.max(mostEntries, cache.estimatedSize());
        System.gc();
        highestHeapAfterGc = Math.max(highestHeapAfterGc, memory.getHeapMemoryUsage().getUsed());
      }
    } catch (OutOfMemoryError e) {
      reserve = null;
      outOfMemory = true;
    }
    java.lang.ref.Reference.reachabilityFence(reserve);
    long entries = cache.estimatedSize();
    long evictions = cache.stats().evictionCount();
    cache.invalidateAll(); // room to report in
    System.out.println("outOfMemoryError=" + outOfMemory);
    System.out.println("writtenBytes=" + written);
    System.out.println("mostEntries=" + mostEntries);
    System.out.println("entries=" + entries);
    System.out.println("evictions=" + evictions);
    System.out.println("highestHeapAfterGcBytes=" + highestHeapAfterGc);
    System.out.println("maxHeapBytes=" + Runtime.getRuntime().maxMemory());
    System.out.println("logged=" + logged.get());
    System.out.println("message=" + message.get());
    System.out.flush();
    System.exit(0);
  }
}
