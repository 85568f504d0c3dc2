package io.larder.benchmarks.jmh;

import io.larder.benchmarks.adapter.BenchCache;
import io.larder.benchmarks.adapter.CacheSpec;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
 * Reads and writes of a populated cache on a scrambled Zipfian key sequence, in three mixes.
 *
 * <p>All {@link KeySets#ITEMS} keys are present and the bound is twice that, so nothing is evicted:
 * this measures the cost of the read and write paths under contention, not eviction (see {@link
 * EvictionBenchmark}). Each thread walks the precomputed key sequence from its own offset.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class GetPutBenchmark {
  private static final long SEED = 0x5EEDL;

  @Param({
    "Larder",
    "Larder_unbounded",
    "Caffeine",
    "Caffeine_unbounded",
    "Guava",
    "ConcurrentHashMap"
  })
  String contender;

  BenchCache<Integer, Integer> cache;
  Integer[] keys;

  /** Each thread's position in the key sequence. */
  @State(Scope.Thread)
  public static class ThreadState {
    int index;

    /** Starts each thread at a different, spread-out offset. */
    @Setup
    public void setUp(ThreadParams params) {
      index = params.getThreadIndex() * (KeySets.SIZE / Math.max(1, params.getThreadCount()));
    }
  }

  /** Builds and fills the cache. */
  @Setup
  public void setUp() {
    Integer[] distinct = KeySets.distinctKeys(SEED);
    keys = KeySets.scrambledZipfian(distinct, SEED);
    cache = Contenders.build(contender, spec());
    for (Integer key : distinct) {
      cache.put(key, key);
    }
    cache.cleanUp();
  }

  /** Returns the configuration: a bound of twice the key count, so that nothing is evicted. */
  static CacheSpec spec() {
    return CacheSpec.unbounded().withMaximumSize(2L * KeySets.ITEMS);
  }

  /** Only reads. */
  @Benchmark
  public @Nullable Integer reads100(ThreadState state) {
    return cache.getIfPresent(keys[state.index++ & KeySets.MASK]);
  }

  /** Three reads to one write. */
  @Benchmark
  public @Nullable Integer reads75Writes25(ThreadState state) {
    int i = state.index++;
    Integer key = keys[i & KeySets.MASK];
    if ((i & 3) == 0) {
      cache.put(key, key);
      return key;
    }
    return cache.getIfPresent(key);
  }

  /** Only writes, each replacing a present entry. */
  @Benchmark
  public void writes100(ThreadState state) {
    Integer key = keys[state.index++ & KeySets.MASK];
    cache.put(key, key);
  }
}
