package io.larder.benchmarks.jmh;

import io.larder.benchmarks.adapter.BenchCache;
import io.larder.benchmarks.adapter.CacheSpec;
import java.time.Duration;
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
 * Three reads to one write on a populated cache with time-based expiration and no size bound. The
 * duration is an hour, so nothing expires: this measures the bookkeeping that expiration adds to
 * every read and write (order queues for fixed expiry, the timer wheel for variable expiry).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class ExpiryBenchmark {
  private static final long SEED = 0xE4B1L;
  private static final Duration LIFETIME = Duration.ofHours(1);

  @Param({"Larder", "Caffeine", "Guava"})
  String contender;

  @Param({"expireAfterWrite", "expireAfterAccess", "variable"})
  String expiry;

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
    cache = Contenders.build(contender, spec(expiry));
    for (Integer key : distinct) {
      cache.put(key, key);
    }
    cache.cleanUp();
  }

  /** Returns the configuration for an {@code expiry} parameter value. */
  static CacheSpec spec(String expiry) {
    switch (expiry) {
      case "expireAfterWrite":
        return CacheSpec.unbounded().withExpireAfterWrite(LIFETIME);
      case "expireAfterAccess":
        return CacheSpec.unbounded().withExpireAfterAccess(LIFETIME);
      case "variable":
        return CacheSpec.unbounded().withVariableExpiry(LIFETIME);
      default:
        throw new IllegalArgumentException("unknown expiry " + expiry);
    }
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
}
