package io.larder.benchmarks.jmh;

import io.larder.benchmarks.adapter.BenchCache;
import io.larder.benchmarks.adapter.CacheSpec;
import java.util.SplittableRandom;
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
 * Puts of byte arrays of varied sizes into a cache bounded by Larder's {@code maximumMemory} (a
 * Larder addition, which estimates each entry's retained size), compared with the same puts under
 * {@code maximumSize}.
 *
 * <p>Each of the {@link KeySets#ITEMS} keys has its own value, 16 to 256 bytes long. The memory
 * bound is sized to hold about half the keys, as is the entry bound, so both evict.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class MaximumMemoryBenchmark {
  private static final long SEED = 0xB17E5L;

  /** The entry bound: half the keys. */
  static final long MAXIMUM_SIZE = KeySets.ITEMS / 2;

  /**
   * The memory bound: half the keys at a rough 300 bytes each (a 136-byte average value with its
   * array header, the key and the cache's own entry).
   */
  static final long MAXIMUM_MEMORY = MAXIMUM_SIZE * 300;

  @Param({"Larder"})
  String contender;

  @Param({"maximumSize", "maximumMemory"})
  String bound;

  BenchCache<Integer, byte[]> cache;
  Integer[] keys;
  byte[][] values;

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

  /** Builds the cache and the values, and fills the cache to its bound. */
  @Setup
  public void setUp() {
    Integer[] distinct = KeySets.distinctKeys(SEED);
    keys = KeySets.scrambledZipfian(distinct, SEED);
    SplittableRandom random = new SplittableRandom(SEED);
    values = new byte[KeySets.ITEMS][];
    for (int i = 0; i < KeySets.ITEMS; i++) {
      values[distinct[i]] = new byte[16 + random.nextInt(241)];
    }
    cache = Contenders.build(contender, spec(bound));
    for (Integer key : distinct) {
      cache.put(key, values[key]);
    }
    cache.cleanUp();
  }

  /** Returns the configuration for a {@code bound} parameter value. */
  static CacheSpec spec(String bound) {
    switch (bound) {
      case "maximumSize":
        return CacheSpec.unbounded().withMaximumSize(MAXIMUM_SIZE);
      case "maximumMemory":
        return CacheSpec.unbounded().withMaximumMemory(MAXIMUM_MEMORY);
      default:
        throw new IllegalArgumentException("unknown bound " + bound);
    }
  }

  /** Puts a key's value, replacing it if present and evicting if over the bound. */
  @Benchmark
  public void puts(ThreadState state) {
    Integer key = keys[state.index++ & KeySets.MASK];
    cache.put(key, values[key]);
  }
}
