package io.larder.benchmarks.jmh;

import io.larder.benchmarks.redis.LocalRedisServer;
import io.larder.benchmarks.redis.ReadThrough;
import io.larder.benchmarks.redis.RoundTripCounter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * A read-mostly cache in front of a "database", against a local {@code redis-server} that each fork
 * starts itself: Larder's two-level cache ({@code TwoLevel}: L1 in the JVM, Redis as L2), a Larder
 * cache alone ({@code L1only}, no Redis) and Spring Data Redis's {@code RedisCacheManager} ({@code
 * SpringDataRedis}: Redis only). Keys follow a scrambled Zipfian sequence over {@value
 * KeySets#ITEMS} distinct keys; 19 reads (loading on a miss) to 1 write; the in-JVM caches hold
 * {@code l1Entries} entries: 6,500 (a tenth of the keys) or 32,768 (half). The "database" is a
 * cheap function of the key, so the figures are the caches' own cost, not a database's; values are
 * about 100 bytes.
 *
 * <p>{@link #roundTripsPer1000Reads} counts, for the same workload on one thread, the commands the
 * contender sends to Redis per 1,000 reads (writes' commands included), through {@code MONITOR}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class TwoLevelBenchmark {
  /** The sizes of the in-JVM caches, the variants of the suite: a tenth and a half of the keys. */
  public static final List<String> L1_SIZES = List.of("6500", "32768");

  /** The contenders, in report order. */
  public static final List<String> CONTENDERS =
      List.of(ReadThrough.TWO_LEVEL, ReadThrough.L1_ONLY, ReadThrough.SPRING_DATA_REDIS);

  private static final long SEED = 0x2E7EL;
  private static final Function<String, String> DATABASE = TwoLevelBenchmark::load;

  @Param({"TwoLevel", "L1only", "SpringDataRedis"})
  String contender;

  @Param({"6500", "32768"})
  int l1Entries;

  private @Nullable LocalRedisServer redis;
  private ReadThrough cache;
  private String[] keys;

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

  /** Starts Redis (for the contenders that use it) and builds the contender's cache. */
  @Setup
  public void setUp() throws IOException {
    keys = keySequence();
    redis = contender.equals(ReadThrough.L1_ONLY) ? null : LocalRedisServer.start();
    cache = ReadThrough.create(contender, redis == null ? 0 : redis.port(), l1Entries);
  }

  /** Closes the cache and stops Redis. */
  @TearDown
  public void tearDown() throws IOException {
    cache.close();
    if (redis != null) {
      redis.close();
    }
  }

  /** Nineteen reads (loading on a miss) to one write. */
  @Benchmark
  public String reads95Writes5(ThreadState state) {
    return step(cache, keys, state.index++);
  }

  private static String step(ReadThrough cache, String[] keys, int i) {
    String key = keys[i & KeySets.MASK];
    if (i % 20 == 0) {
      String value = load(key);
      cache.write(key, value);
      return value;
    }
    return cache.read(key, DATABASE);
  }

  private static String load(String key) {
    return "value of " + key + ": sturdy light compact reliable elegant durable versatile ok";
  }

  /** The Zipfian key sequence, as strings. */
  static String[] keySequence() {
    Integer[] distinct = KeySets.distinctKeys(SEED);
    Map<Integer, String> names = new LinkedHashMap<>();
    for (Integer key : distinct) {
      names.put(key, "item:" + key);
    }
    Integer[] sequence = KeySets.scrambledZipfian(distinct, SEED);
    String[] keys = new String[sequence.length];
    for (int i = 0; i < sequence.length; i++) {
      keys[i] = names.get(sequence[i]);
    }
    return keys;
  }

  /**
   * Returns, for each contender, the commands it sends to Redis per 1,000 reads in the benchmark's
   * workload on one thread: {@code operations} operations fill the caches, then the next {@code
   * operations} are counted through {@code MONITOR} (script-internal commands excluded).
   */
  public static Map<String, Double> roundTripsPer1000Reads(int operations, int l1Entries)
      throws IOException {
    String[] keys = keySequence();
    Map<String, Double> result = new LinkedHashMap<>();
    for (String contender : CONTENDERS) {
      if (contender.equals(ReadThrough.L1_ONLY)) {
        result.put(contender, 0.0); // no Redis client at all
        continue;
      }
      try (LocalRedisServer redis = LocalRedisServer.start();
          ReadThrough cache = ReadThrough.create(contender, redis.port(), l1Entries)) {
        int i = 0;
        for (; i < operations; i++) {
          step(cache, keys, i);
        }
        try (RoundTripCounter counter = new RoundTripCounter(redis.port())) {
          long before = counter.settledCount();
          long reads = 0;
          for (int end = i + operations; i < end; i++) {
            if (i % 20 != 0) {
              reads++;
            }
            step(cache, keys, i);
          }
          long commands = counter.settledCount() - before;
          result.put(contender, commands * 1000.0 / reads);
        }
      }
    }
    return result;
  }
}
