package io.larder.cache.internal.memory;

import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

/**
 * JOL, the reference the estimator is checked against, set up to read records: plain {@code
 * Unsafe.objectFieldOffset} refuses record fields, so JOL is told to find offsets its other way.
 */
final class Jol {
  static {
    System.setProperty("jol.magicFieldOffset", "true");
  }

  private Jol() {}

  /** Returns the deep size of the graph reachable from {@code root}, as JOL measures it. */
  static long deepSize(Object root) {
    return GraphLayout.parseInstance(root).totalSize();
  }

  /** Returns the size of one instance of {@code type}, from its actual field offsets. */
  static long instanceSize(Class<?> type) {
    return ClassLayout.parseClass(type).instanceSize();
  }

  /** Returns the size of one object, array or not. */
  static long shallowSize(Object o) {
    return VM.current().sizeOf(o);
  }
}
