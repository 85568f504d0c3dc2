package io.larder.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Caffeine;
import org.junit.jupiter.api.Test;

/**
 * The propagation of a write to another instance in this JVM (separate L1, separate connections):
 * from {@code put} returning on one instance to the first read on the other that answers the new
 * value, while the other held the old value in its L1. Quoted in docs/several-instances.md; the
 * only assertion on time is the generous deadline of each wait.
 */
class PropagationTest {

  private static final int WRITES = 1_000;

  @Test
  void everyWriteReachesTheOtherInstanceAndThePropagationIsMeasured() throws Exception {
    try (RedisServer redis = RedisServer.start();
        TwoLevelCache<String, String> writer = instance(redis);
        TwoLevelCache<String, String> reader = instance(redis)) {
      long[] nanos = new long[WRITES];
      for (int i = 0; i < WRITES; i++) {
        String old = "old" + i;
        String fresh = "new" + i;
        writer.put("k", old);
        Poll.until(
            "the reader holds " + old + " in L1",
            () -> old.equals(reader.getIfPresent("k")) && old.equals(reader.asMap().get("k")));

        writer.put("k", fresh);
        long start = System.nanoTime();
        long deadline = start + Poll.DEADLINE.toNanos();
        while (!fresh.equals(reader.getIfPresent("k"))) {
          assertThat(System.nanoTime() - deadline).as("the reader sees " + fresh).isNegative();
        }
        nanos[i] = System.nanoTime() - start;
      }
      TwoJvmCoherenceTest.report("in-JVM propagation", nanos);
      assertThat(reader.levelStats().invalidationsReceived()).isGreaterThanOrEqualTo(WRITES);
    }
  }

  private static TwoLevelCache<String, String> instance(RedisServer redis) {
    return RedisCacheBuilder.newBuilder(redis.uri())
        .namespace("app", "propagation")
        .l1(Caffeine.newBuilder().maximumSize(100))
        .commandTimeout(TwoLevelCacheTest.TEST_COMMAND_TIMEOUT)
        .build(Codec.utf8(), Codec.utf8());
  }
}
