package io.larder.cache.compat;

import io.larder.cache.RemovalCause;
import io.larder.cache.stats.CacheStats;
import io.larder.cache.stats.StatsCounter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A statistics counter that lists the events it is told of (load times left out). */
final class RecordingStatsCounter implements StatsCounter {
  final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private long hits;
  private long misses;
  private long successes;
  private long failures;

  @Override
  public synchronized void recordHits(int count) {
    events.add("hits " + count);
    hits += count;
  }

  @Override
  public synchronized void recordMisses(int count) {
    events.add("misses " + count);
    misses += count;
  }

  @Override
  public synchronized void recordLoadSuccess(long loadTime) {
    events.add("loadSuccess");
    successes++;
  }

  @Override
  public synchronized void recordLoadFailure(long loadTime) {
    events.add("loadFailure");
    failures++;
  }

  @Override
  public synchronized void recordEviction(int weight, RemovalCause cause) {
    events.add("eviction " + weight + " " + cause);
  }

  @Override
  public synchronized CacheStats snapshot() {
    return CacheStats.of(hits, misses, successes, failures, 0, 0, 0);
  }
}
