package io.larder.benchmarks.hitrate;

import java.util.LinkedHashMap;
import java.util.Map;

/** Least recently used, as an access-ordered {@link LinkedHashMap}: the classic baseline. */
public final class LruPolicy implements HitRatePolicy {

  @Override
  public String name() {
    return "LRU";
  }

  @Override
  public long replay(long[] accesses, int capacity) {
    Map<Long, Boolean> cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > capacity;
          }
        };
    long hits = 0;
    for (long key : accesses) {
      if (cache.get(key) != null) {
        hits++;
      } else {
        cache.put(key, Boolean.TRUE);
      }
    }
    return hits;
  }
}
