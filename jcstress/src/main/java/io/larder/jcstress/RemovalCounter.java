package io.larder.jcstress;

import io.larder.cache.RemovalCause;
import io.larder.cache.RemovalListener;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jspecify.annotations.Nullable;

/**
 * A removal listener that counts notifications, in total, per cause and per value; safe to call
 * from several threads at once. Values must be {@code Integer}s in {@code [0, maxValue]} to be
 * counted per value; others are counted in the totals only.
 */
final class RemovalCounter implements RemovalListener<Integer, Integer> {
  private final AtomicIntegerArray byCause = new AtomicIntegerArray(RemovalCause.values().length);
  private final AtomicIntegerArray byValue;

  /** Creates a counter that tracks values {@code 0} to {@code maxValue} individually. */
  RemovalCounter(int maxValue) {
    byValue = new AtomicIntegerArray(maxValue + 1);
  }

  @Override
  public void onRemoval(@Nullable Integer key, @Nullable Integer value, RemovalCause cause) {
    byCause.incrementAndGet(cause.ordinal());
    if ((value != null) && (value >= 0) && (value < byValue.length())) {
      byValue.incrementAndGet(value);
    }
  }

  /** Returns the number of notifications of every cause. */
  int total() {
    int total = 0;
    for (int i = 0; i < byCause.length(); i++) {
      total += byCause.get(i);
    }
    return total;
  }

  /** Returns the number of notifications of the cause. */
  int count(RemovalCause cause) {
    return byCause.get(cause.ordinal());
  }

  /** Returns the number of notifications of the value. */
  int countOf(int value) {
    return byValue.get(value);
  }
}
