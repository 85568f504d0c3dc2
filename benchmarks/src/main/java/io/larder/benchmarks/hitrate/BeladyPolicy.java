package io.larder.benchmarks.hitrate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Belady's optimum (MIN): the upper bound no online policy can beat, computed offline.
 *
 * <p>Belady (1966) showed that evicting the entry whose next use lies furthest in the future
 * maximises hits. Larder and Caffeine may decline to admit a new key (TinyLFU admission), so the
 * fair bound is the variant with bypass: on a miss the candidate itself competes, and the entry
 * with the furthest next use among the residents and the candidate leaves, which may be the
 * candidate. That variant is optimal for caches allowed to bypass, and at least as good as classic
 * MIN.
 *
 * <p>The replay first maps keys to dense ids and computes, for each access, the position of the
 * next access to the same key (one backward pass). Residents sit in a max-heap ordered by next use;
 * a hit pushes the resident's new next use and leaves the old heap entry to be discarded lazily
 * when it surfaces, since a (next use, id) pair is current only while the id is resident with that
 * next use. Every access pushes at most one entry, so the replay is O(n log n).
 */
public final class BeladyPolicy implements HitRatePolicy {
  private static final int NEVER = Integer.MAX_VALUE;

  @Override
  public String name() {
    return "Belady (optimal)";
  }

  @Override
  public long replay(long[] accesses, int capacity) {
    int n = accesses.length;
    int[] ids = new int[n];
    Map<Long, Integer> idOf = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Integer id = idOf.get(accesses[i]);
      if (id == null) {
        id = idOf.size();
        idOf.put(accesses[i], id);
      }
      ids[i] = id;
    }
    int distinct = idOf.size();
    int[] nextUse = new int[n];
    int[] seenAt = new int[distinct];
    Arrays.fill(seenAt, NEVER);
    for (int i = n - 1; i >= 0; i--) {
      nextUse[i] = seenAt[ids[i]];
      seenAt[ids[i]] = i;
    }

    boolean[] resident = new boolean[distinct];
    int[] residentNextUse = new int[distinct];
    LongMaxHeap heap = new LongMaxHeap(Math.min(n, 1024));
    int size = 0;
    long hits = 0;
    for (int i = 0; i < n; i++) {
      int id = ids[i];
      int next = nextUse[i];
      if (resident[id]) {
        hits++;
        residentNextUse[id] = next;
        heap.push(pack(next, id));
        continue;
      }
      if (next == NEVER || capacity <= 0) {
        continue;
      }
      if (size == capacity) {
        long top = heap.peek();
        while (!isCurrent(top, resident, residentNextUse)) {
          heap.pop();
          top = heap.peek();
        }
        if (nextUseOf(top) <= next) {
          continue;
        }
        heap.pop();
        resident[idOf(top)] = false;
        size--;
      }
      resident[id] = true;
      residentNextUse[id] = next;
      heap.push(pack(next, id));
      size++;
    }
    return hits;
  }

  private static boolean isCurrent(long entry, boolean[] resident, int[] residentNextUse) {
    int id = idOf(entry);
    return resident[id] && residentNextUse[id] == nextUseOf(entry);
  }

  private static long pack(int nextUse, int id) {
    return ((long) nextUse << 32) | (id & 0xFFFFFFFFL);
  }

  private static int nextUseOf(long entry) {
    return (int) (entry >>> 32);
  }

  private static int idOf(long entry) {
    return (int) entry;
  }

  /** A binary max-heap of primitive longs, to avoid boxing millions of entries. */
  private static final class LongMaxHeap {
    private long[] heap;
    private int size;

    LongMaxHeap(int initialCapacity) {
      heap = new long[Math.max(2, initialCapacity)];
    }

    void push(long value) {
      if (size == heap.length) {
        heap = Arrays.copyOf(heap, heap.length * 2);
      }
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (heap[parent] >= value) {
          break;
        }
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = value;
    }

    long peek() {
      if (size == 0) {
        throw new IllegalStateException("empty heap");
      }
      return heap[0];
    }

    void pop() {
      long last = heap[--size];
      int i = 0;
      int half = size >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        if (child + 1 < size && heap[child + 1] > heap[child]) {
          child++;
        }
        if (heap[child] <= last) {
          break;
        }
        heap[i] = heap[child];
        i = child;
      }
      if (size > 0) {
        heap[i] = last;
      }
    }
  }
}
