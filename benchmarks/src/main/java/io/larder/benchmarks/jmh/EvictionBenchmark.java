package io.larder.benchmarks.jmh;

import io.larder.benchmarks.adapter.BenchCache;
import io.larder.benchmarks.adapter.CacheSpec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Eviction churn: every operation inserts a new key into a full cache, so every insert evicts. Each
 * thread inserts its own ascending run of keys, disjoint from the other threads'.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class EvictionBenchmark {
  /** The maximum size of the cache. */
  public static final int MAXIMUM_SIZE = 1 << 14;

  @Param({"Larder", "Caffeine", "Guava"})
  String contender;

  BenchCache<Integer, Integer> cache;

  /** Each thread's next new key. */
  @State(Scope.Thread)
  public static class ThreadState {
    int next;

    /** Gives each thread its own range of keys. */
    @Setup
    public void setUp(ThreadParams params) {
      next = (params.getThreadIndex() + 1) << 27;
    }
  }

  /** Builds the cache and fills it to its bound. */
  @Setup
  public void setUp() {
    cache = Contenders.build(contender, spec());
    for (int i = 0; i < MAXIMUM_SIZE; i++) {
      Integer key = -1 - i;
      cache.put(key, key);
    }
    cache.cleanUp();
  }

  /** Returns the configuration: a bound of {@link #MAXIMUM_SIZE} entries. */
  static CacheSpec spec() {
    return CacheSpec.unbounded().withMaximumSize(MAXIMUM_SIZE);
  }

  /** Inserts a key that is not present, evicting another. */
  @Benchmark
  public void insertIntoFullCache(ThreadState state) {
    Integer key = state.next++;
    cache.put(key, key);
  }
}
