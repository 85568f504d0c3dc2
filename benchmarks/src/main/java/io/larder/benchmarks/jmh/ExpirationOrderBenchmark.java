package io.larder.benchmarks.jmh;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.Expiry;
import io.larder.cache.Policy.VarExpiration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code oldest} and {@code youngest} views of variable expiration on a cache of a million
 * entries, whose lifetimes (a minute to ten days) spread them over every wheel of the timer wheel.
 * A view of a few entries should not cost a sort of the whole cache (issue 24, item 6). Larder
 * only: Caffeine's views walk its wheel in bucket order, which is approximate, so the two do not
 * answer the same question.
 *
 * <p>Run it against two builds side by side, forks interleaved (see docs/performance.md or the
 * README's performance section for the command).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ExpirationOrderBenchmark {
  private static final long SEED = 0x0E1DL;
  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
  private static final long TEN_DAYS = TimeUnit.DAYS.toNanos(10);

  @Param({"1000000"})
  int entries;

  @Param({"1", "100"})
  int limit;

  Cache<Integer, Integer> cache;
  VarExpiration<Integer, Integer> expiration;

  /** Builds the cache and fills it, each entry with its own lifetime. */
  @Setup
  public void setUp() {
    cache = Caffeine.newBuilder()
        .expireAfter(new SpreadLifetimes())
        .executor(Runnable::run)
        .build();
    for (int i = 0; i < entries; i++) {
      cache.put(i, i);
    }
    cache.cleanUp();
    expiration = cache.policy().expireVariably().orElseThrow();
    if (expiration.oldest(limit).size() != Math.min(limit, entries)) {
      throw new IllegalStateException("the view lost entries");
    }
  }

  /** The {@code limit} entries that expire soonest. */
  @Benchmark
  public Map<Integer, Integer> oldest() {
    return expiration.oldest(limit);
  }

  /** The {@code limit} entries that expire last. */
  @Benchmark
  public Map<Integer, Integer> youngest() {
    return expiration.youngest(limit);
  }

  /** A lifetime per key between a minute and ten days, fixed on creation, kept on update. */
  static final class SpreadLifetimes implements Expiry<Integer, Integer> {
    @Override
    public long expireAfterCreate(Integer key, Integer value, long currentTime) {
      return MINUTE + new SplittableRandom(SEED ^ key).nextLong(TEN_DAYS - MINUTE);
    }

    @Override
    public long expireAfterUpdate(
        Integer key, Integer value, long currentTime, long currentDuration) {
      return currentDuration;
    }

    @Override
    public long expireAfterRead(
        Integer key, Integer value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
