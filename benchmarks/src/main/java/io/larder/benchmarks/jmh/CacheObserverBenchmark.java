package io.larder.benchmarks.jmh;

import io.larder.cache.Cache;
import io.larder.cache.CacheObserver;
import io.larder.cache.Caffeine;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What {@link CacheObserver} (the hook of {@code cache-test}) costs: reads and writes of a bounded
 * cache, and building a cache, with no observer registered (every application in production) and
 * with one registered (a test under {@code @CacheLeakCheck}). Reads and writes never look at the
 * observers; a build reads one array. Compare the two {@code observer} values of each benchmark.
 *
 * <p>Run: {@code java -cp benchmarks/target/larder-benchmarks.jar org.openjdk.jmh.Main
 * CacheObserverBenchmark -f 4 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CacheObserverBenchmark {
  private static final int KEYS = 1 << 14;

  @Param({"none", "registered"})
  String observer;

  private CacheObserver.Registration registration;
  private Cache<Integer, Integer> cache;
  private Integer[] keys;

  /** Registers an observer for {@code registered}; builds and fills the cache. */
  @Setup
  public void setUp() {
    if (observer.equals("registered")) {
      registration =
          CacheObserver.register(
              new CacheObserver() {
                @Override
                public void cacheBuilt(Object built) {
                  // counts nothing: the cost measured is the hook's own
                }
              });
    }
    cache = Caffeine.newBuilder().maximumSize(KEYS / 2).build();
    keys = new Integer[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = i;
      cache.put(i, i);
    }
  }

  /** Closes the observer's registration. */
  @TearDown
  public void tearDown() {
    if (registration != null) {
      registration.close();
    }
  }

  /** A read of a random key (half are present). */
  @Benchmark
  public Integer read() {
    return cache.getIfPresent(keys[ThreadLocalRandom.current().nextInt(KEYS)]);
  }

  /** A write of a random key. */
  @Benchmark
  public Integer write() {
    Integer key = keys[ThreadLocalRandom.current().nextInt(KEYS)];
    cache.put(key, key);
    return key;
  }

  /** Building a small bounded cache, where the observers are told. */
  @Benchmark
  public Object build() {
    return Caffeine.newBuilder().maximumSize(100).build();
  }
}
