package io.larder.benchmarks.hitrate;

import io.larder.benchmarks.adapter.BenchCache;
import io.larder.benchmarks.adapter.CacheLibrary;
import io.larder.benchmarks.adapter.CacheSpec;

/**
 * A library's own size-bounded cache, with maintenance on the calling thread so that the replay is
 * deterministic: {@code getIfPresent}, and on a miss {@code put}, with no {@code cleanUp()}.
 */
public final class LibraryPolicy implements HitRatePolicy {
  private final CacheLibrary library;

  /** Creates the policy of the library's {@code maximumSize} cache. */
  public LibraryPolicy(CacheLibrary library) {
    this.library = library;
  }

  @Override
  public String name() {
    return library.name();
  }

  /**
   * Returns false: Caffeine's admission sometimes draws a thread-local random number (to resist
   * hash flooding), so replays of the same trace differ, and Larder may do the same.
   */
  @Override
  public boolean deterministic() {
    return false;
  }

  @Override
  public long replay(long[] accesses, int capacity) {
    BenchCache<Long, Boolean> cache =
        library.build(CacheSpec.unbounded().withMaximumSize(capacity).withSameThreadExecutor());
    long hits = 0;
    for (long access : accesses) {
      Long key = access;
      if (cache.getIfPresent(key) != null) {
        hits++;
      } else {
        cache.put(key, Boolean.TRUE);
      }
    }
    return hits;
  }
}
