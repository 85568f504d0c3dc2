package io.larder.cache.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Takes a sample of a hash table's entries from a region that changes with a seed, without a walk
 * of the whole table (the {@link UnboundedGrowthGuard}'s samples).
 *
 * <p>The table's spliterator is halved {@code log2(size / max)} times, keeping the half that the
 * seed's bits choose; entries are taken from that region and, if it runs short (a region that a
 * trim emptied, or entries the caller skips), from the regions after it and then before it. Each
 * sample thus looks at a different region for the cost of a few splits, and walks the whole table
 * only when the table is nearly empty.
 */
final class TableSample {
  private TableSample() {}

  /**
   * Offers entries of {@code table} (a spliterator over {@code size} entries) to {@code take} until
   * it has accepted {@code max} of them or the table is exhausted; {@code take} returns whether it
   * accepted the entry.
   */
  static <E> void sample(
      Spliterator<E> table, long size, int max, int seed, Predicate<? super E> take) {
    Spliterator<E> region = table;
    Deque<Spliterator<E>> after = new ArrayDeque<>();
    List<Spliterator<E>> before = new ArrayList<>();
    int splits = 63 - Long.numberOfLeadingZeros(Math.max(1L, size / Math.max(1, max)));
    for (int i = 0; i < splits; i++) {
      Spliterator<E> prefix = region.trySplit();
      if (prefix == null) {
        break;
      }
      if (((seed >>> (i & 31)) & 1) == 0) {
        after.push(region);
        region = prefix;
      } else {
        before.add(prefix);
      }
    }
    int[] taken = new int[1];
    Iterator<Spliterator<E>> rest = Stream.concat(after.stream(), before.stream()).iterator();
    for (Spliterator<E> part = region; ; part = rest.next()) {
      while ((taken[0] < max)
          && part.tryAdvance(
              entry -> {
                if (take.test(entry)) {
                  taken[0]++;
                }
              })) {
        // taking entries
      }
      if ((taken[0] >= max) || !rest.hasNext()) {
        return;
      }
    }
  }
}
