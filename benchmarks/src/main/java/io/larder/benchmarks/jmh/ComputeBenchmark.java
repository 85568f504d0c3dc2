package io.larder.benchmarks.jmh;

import io.larder.benchmarks.adapter.BenchCache;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
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
 * Atomic per-key computations on a populated cache: {@code computeIfAbsent} on a present key (the
 * loading idiom, {@code cache.get(key, function)}) and {@code compute} that increments the value,
 * each on one hot key that every thread contends for and on Zipfian-spread keys.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class ComputeBenchmark {
  private static final long SEED = 0xC0FFEEL;
  private static final Function<Integer, Integer> IDENTITY = key -> key;
  private static final BiFunction<Integer, @Nullable Integer, Integer> INCREMENT =
      (key, value) -> value == null ? 1 : value + 1;

  @Param({"Larder", "Caffeine", "Guava", "ConcurrentHashMap"})
  String contender;

  BenchCache<Integer, Integer> cache;
  Integer[] keys;
  Integer hotKey;

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
    hotKey = distinct[0];
    cache = Contenders.build(contender, GetPutBenchmark.spec());
    for (Integer key : distinct) {
      cache.put(key, key);
    }
    cache.cleanUp();
  }

  /** {@code computeIfAbsent} of one present key from every thread. */
  @Benchmark
  public Integer computeIfAbsentHotKey() {
    return cache.computeIfAbsent(hotKey, IDENTITY);
  }

  /** {@code computeIfAbsent} of present keys spread by the Zipfian sequence. */
  @Benchmark
  public Integer computeIfAbsentSpread(ThreadState state) {
    return cache.computeIfAbsent(keys[state.index++ & KeySets.MASK], IDENTITY);
  }

  /** {@code compute} that increments the value of one key from every thread. */
  @Benchmark
  public @Nullable Integer computeHotKey() {
    return cache.compute(hotKey, INCREMENT);
  }

  /** {@code compute} that increments the values of keys spread by the Zipfian sequence. */
  @Benchmark
  public @Nullable Integer computeSpread(ThreadState state) {
    return cache.compute(keys[state.index++ & KeySets.MASK], INCREMENT);
  }
}
