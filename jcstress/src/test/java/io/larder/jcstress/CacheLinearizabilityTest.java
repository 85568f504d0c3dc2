package io.larder.jcstress;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import java.util.HashMap;
import java.util.Map;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the cache's per-key operations over operation histories longer than a JCStress
 * test can hold: Lincheck generates concurrent scenarios of several operations per thread on a few
 * keys, runs them against the cache (by model checking, which explores thread switches inside the
 * cache's code, and by stress), and checks that every outcome matches some sequential execution of
 * {@link SequentialMap}, a plain {@code HashMap}.
 *
 * <p>Caches are unbounded or bounded far above the three keys used, so nothing is evicted: the
 * model has no eviction. Statistics and sizes are left out, since a bounded cache's sizes are
 * settled by maintenance, after the fact.
 */
class CacheLinearizabilityTest {

  /** The operations Lincheck mixes, on the cache a subclass supplies. */
  @Param(name = "key", gen = IntGen.class, conf = "1:3")
  @Param(name = "value", gen = IntGen.class, conf = "1:3")
  public abstract static class CacheOperations {
    private final Cache<Integer, Integer> cache;

    CacheOperations(Cache<Integer, Integer> cache) {
      this.cache = cache;
    }

    @Operation
    public @Nullable Integer getIfPresent(@Param(name = "key") int key) {
      return cache.getIfPresent(key);
    }

    @Operation
    public void put(@Param(name = "key") int key, @Param(name = "value") int value) {
      cache.put(key, value);
    }

    @Operation
    public void invalidate(@Param(name = "key") int key) {
      cache.invalidate(key);
    }

    @Operation
    public Integer getOrCompute(@Param(name = "key") int key, @Param(name = "value") int value) {
      return cache.get(key, k -> value);
    }

    @Operation
    public @Nullable Integer putIfAbsent(
        @Param(name = "key") int key, @Param(name = "value") int value) {
      return cache.asMap().putIfAbsent(key, value);
    }

    @Operation
    public boolean replace(
        @Param(name = "key") int key,
        @Param(name = "value") int oldValue,
        @Param(name = "value") int newValue) {
      return cache.asMap().replace(key, oldValue, newValue);
    }

    @Operation
    public boolean remove(@Param(name = "key") int key, @Param(name = "value") int value) {
      return cache.asMap().remove(key, value);
    }

    @Operation
    public @Nullable Integer increment(@Param(name = "key") int key) {
      return cache.asMap().compute(key, (k, v) -> (v == null) ? 1 : v + 1);
    }

    @Operation
    public Integer merge(@Param(name = "key") int key, @Param(name = "value") int value) {
      return cache.asMap().merge(key, value, Integer::sum);
    }
  }

  /** An unbounded cache (the plain hash-map storage). */
  public static class UnboundedCache extends CacheOperations {
    public UnboundedCache() {
      super(Caffeine.newBuilder().build());
    }
  }

  /**
   * A size-bounded cache far above the keys used (the W-TinyLFU storage, with its buffers and
   * maintenance on the caller's thread).
   */
  public static class BoundedCache extends CacheOperations {
    public BoundedCache() {
      super(Caffeine.newBuilder().maximumSize(1_000).executor(Runnable::run).build());
    }
  }

  /** The sequential specification: a {@code HashMap}. */
  public static class SequentialMap {
    private final Map<Integer, Integer> map = new HashMap<>();

    public @Nullable Integer getIfPresent(int key) {
      return map.get(key);
    }

    public void put(int key, int value) {
      map.put(key, value);
    }

    public void invalidate(int key) {
      map.remove(key);
    }

    public Integer getOrCompute(int key, int value) {
      return map.computeIfAbsent(key, k -> value);
    }

    public @Nullable Integer putIfAbsent(int key, int value) {
      return map.putIfAbsent(key, value);
    }

    public boolean replace(int key, int oldValue, int newValue) {
      return map.replace(key, oldValue, newValue);
    }

    public boolean remove(int key, int value) {
      return map.remove(key, value);
    }

    public @Nullable Integer increment(int key) {
      return map.compute(key, (k, v) -> (v == null) ? 1 : v + 1);
    }

    public Integer merge(int key, int value) {
      return map.merge(key, value, Integer::sum);
    }
  }

  /**
   * Whether to search longer: {@code -Dlarder.stress.mode=long} (the build's stress switch) gives
   * ten times the scenarios and invocations of the default, short budget, which keeps these tests
   * to about a minute on two idle cores.
   */
  private static final boolean LONG = "long".equals(System.getProperty("larder.stress.mode"));

  private static final int SCENARIOS = LONG ? 50 : 5;

  /**
   * Model checking explores thread switches at every shared-memory access inside the cache, so each
   * invocation is far costlier than under stress.
   */
  private static ModelCheckingOptions modelChecking() {
    return new ModelCheckingOptions()
        .iterations(SCENARIOS)
        .invocationsPerIteration(LONG ? 1_000 : 100)
        .threads(2)
        .actorsPerThread(3)
        .sequentialSpecification(SequentialMap.class);
  }

  private static StressOptions stress() {
    return new StressOptions()
        .iterations(SCENARIOS)
        .invocationsPerIteration(LONG ? 5_000 : 500)
        .threads(2)
        .actorsPerThread(3)
        .sequentialSpecification(SequentialMap.class);
  }

  @Test
  void unboundedCacheIsLinearizableUnderModelChecking() {
    modelChecking().check(UnboundedCache.class);
  }

  @Test
  void unboundedCacheIsLinearizableUnderStress() {
    stress().check(UnboundedCache.class);
  }

  @Test
  void boundedCacheIsLinearizableUnderModelChecking() {
    modelChecking().check(BoundedCache.class);
  }

  @Test
  void boundedCacheIsLinearizableUnderStress() {
    stress().check(BoundedCache.class);
  }
}
