package io.larder.cache.redis.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.CacheInsight;
import io.larder.cache.redis.Codec;
import io.larder.cache.redis.RedisCacheBuilder;
import io.larder.cache.redis.RedisServer;
import io.larder.cache.redis.TwoLevelCache;
import org.junit.jupiter.api.Test;

/**
 * A two-level cache's local tier is "built at" the code that called {@code
 * RedisCacheBuilder.build}, not at {@code TwoLevelCache}'s constructor: cache-core skips
 * cache-redis's package as Larder's. This test sits in a subpackage so that its own frame is not
 * skipped with it.
 */
class TwoLevelCreationSiteTest {

  @Test
  void theLocalTierIsBuiltAtTheCallOfBuild() throws Exception {
    try (RedisServer redis = RedisServer.start();
        TwoLevelCache<String, String> cache =
            RedisCacheBuilder.newBuilder(redis.uri())
                .namespace("app", "site")
                .build(Codec.utf8(), Codec.utf8())) {
      CacheInsight insight = CacheInsight.of(cache).orElseThrow();
      assertThat(insight.creationSite())
          .startsWith(
              TwoLevelCreationSiteTest.class.getName() + ".theLocalTierIsBuiltAtTheCallOfBuild(")
          .contains("TwoLevelCreationSiteTest.java:");
    }
  }
}
