package io.larder.benchmarks.jmh;

import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * JSR-107 caches of two providers, {@code cache-jcache} (Larder) and Caffeine's own {@code
 * com.github.ben-manes.caffeine:jcache}, through the {@code javax.cache} API alone: a populated
 * cache built from a {@code MutableConfiguration} (the spec's default, unbounded in both, with
 * statistics off), read on a scrambled Zipfian key sequence, and read three times to one write.
 * {@code store} chooses store-by-reference or store-by-value (the spec's default: copies in and
 * out, which both providers skip for immutable JDK types such as the {@code Integer}s here). Each
 * provider is picked by its class name, so both can be on the class path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class JCacheBenchmark {
  private static final long SEED = 0x1C4CL;

  @Param({"Larder", "Caffeine"})
  String contender;

  @Param({"byReference", "byValue"})
  String store;

  private CachingProvider provider;
  private CacheManager manager;
  private Cache<Integer, Integer> cache;
  private Integer[] keys;

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

  /** Returns the provider class of a contender. */
  static String providerClass(String contender) {
    return switch (contender) {
      case "Larder" -> "io.larder.jcache.LarderCachingProvider";
      case "Caffeine" -> "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
      default -> throw new IllegalArgumentException("no JCache provider for " + contender);
    };
  }

  /** Builds and fills the cache. */
  @Setup
  public void setUp() {
    provider = Caching.getCachingProvider(providerClass(contender));
    manager = provider.getCacheManager();
    MutableConfiguration<Integer, Integer> configuration =
        new MutableConfiguration<Integer, Integer>()
            .setTypes(Integer.class, Integer.class)
            .setStoreByValue(store.equals("byValue"));
    cache = manager.createCache("bench-" + store, configuration);
    Integer[] distinct = KeySets.distinctKeys(SEED);
    keys = KeySets.scrambledZipfian(distinct, SEED);
    for (Integer key : distinct) {
      cache.put(key, key);
    }
  }

  /** Closes the provider's caches. */
  @TearDown
  public void tearDown() {
    manager.close();
    provider.close();
  }

  /** Only reads. */
  @Benchmark
  public @Nullable Integer reads100(ThreadState state) {
    return cache.get(keys[state.index++ & KeySets.MASK]);
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
    return cache.get(key);
  }
}
