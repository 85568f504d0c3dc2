package io.larder.metrics;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Waits for garbage collection with a deadline, never a fixed sleep. */
final class GarbageCollection {
  private GarbageCollection() {}

  /**
   * Asks for collections until the referent is cleared or the deadline passes; returns whether it
   * was cleared.
   */
  static boolean awaitCleared(WeakReference<?> ref, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    List<byte[]> pressure = new ArrayList<>();
    while (ref.get() != null && System.nanoTime() < end) {
      System.gc();
      if (ref.get() == null) {
        break;
      }
      // Some allocation between requests helps collectors that treat System.gc() as a hint.
      pressure.add(new byte[1 << 20]);
      if (pressure.size() > 32) {
        pressure.clear();
      }
      Thread.onSpinWait();
    }
    return ref.get() == null;
  }
}
