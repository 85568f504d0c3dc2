package io.larder.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.larder.cache.CacheInsight;
import io.larder.cache.MemoryBudget;
import io.larder.cache.Policy;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Larder's bounds reached through JCache: {@link LarderConfiguration} in code, and specification
 * strings in the cache manager's properties (passed or read from the URI's resource).
 */
class LarderConfigurationTest {
  private final LarderCachingProvider provider = new LarderCachingProvider();

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  private CacheManager manager(String name, Properties properties) {
    return provider.getCacheManager(
        URI.create("test:" + name), getClass().getClassLoader(), properties);
  }

  private static io.larder.cache.Cache<?, ?> larder(Cache<?, ?> cache) {
    return cache.unwrap(io.larder.cache.Cache.class);
  }

  private static long maximumOf(Cache<?, ?> cache) {
    Policy.Eviction<?, ?> eviction = larder(cache).policy().eviction().orElseThrow();
    return eviction.getMaximum();
  }

  @Test
  void maximumSizeBoundsTheCacheAndEvictionsAreCounted() {
    CacheManager manager = manager("size", new Properties());
    Cache<Integer, String> cache =
        manager.createCache(
            "bounded",
            new LarderConfiguration<Integer, String>()
                .setTypes(Integer.class, String.class)
                .setMaximumSize(100)
                .setStatisticsEnabled(true));
    for (int i = 0; i < 1_000; i++) {
      cache.put(i, "value-" + i);
    }
    larder(cache).cleanUp();
    assertThat(larder(cache).estimatedSize()).isLessThanOrEqualTo(100);
    assertThat(maximumOf(cache)).isEqualTo(100);
    JCacheStatistics statistics = statisticsOf(cache);
    assertThat(statistics.getCachePuts()).isEqualTo(1_000);
    // Larder reports evictions through its removal listener, on the executor: wait for them.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(statistics.getCacheEvictions())
                    .isEqualTo(1_000 - larder(cache).estimatedSize()));
  }

  @Test
  void maximumWeightUsesTheWeigherOnTheValues() {
    CacheManager manager = manager("weight", new Properties());
    Cache<Integer, String> cache =
        manager.createCache(
            "weighted",
            new LarderConfiguration<Integer, String>()
                .setTypes(Integer.class, String.class)
                .setMaximumWeight(50, FactoryBuilder.factoryOf(LengthWeigher.class)));
    for (int i = 0; i < 100; i++) {
      cache.put(i, "0123456789"); // weight 10 each
    }
    larder(cache).cleanUp();
    assertThat(larder(cache).estimatedSize()).isLessThanOrEqualTo(5);
    assertThat(larder(cache).policy().eviction().orElseThrow().weightedSize().orElseThrow())
        .isLessThanOrEqualTo(50);
  }

  @Test
  void maximumMemoryAndASharedBudgetBoundTheCacheInBytes() {
    CacheManager manager = manager("memory", new Properties());
    MemoryBudget budget = MemoryBudget.ofBytes(256 * 1024);
    Cache<Integer, byte[]> own =
        manager.createCache(
            "own",
            new LarderConfiguration<Integer, byte[]>()
                .setTypes(Integer.class, byte[].class)
                .setMaximumMemory(128 * 1024)
                .setStoreByValue(false));
    Cache<Integer, byte[]> shared =
        manager.createCache(
            "shared",
            new LarderConfiguration<Integer, byte[]>()
                .setTypes(Integer.class, byte[].class)
                .setMemoryBudget(budget)
                .setStoreByValue(false));
    for (int i = 0; i < 2_000; i++) {
      own.put(i, new byte[1024]);
      shared.put(i, new byte[1024]);
    }
    larder(own).cleanUp();
    larder(shared).cleanUp();
    assertThat(CacheInsight.of(larder(own)).orElseThrow().estimatedBytes())
        .isLessThanOrEqualTo(128 * 1024);
    assertThat(budget.estimatedBytes()).isLessThanOrEqualTo(256 * 1024);
    assertThat(larder(shared).estimatedSize()).isBetween(1L, 256L);
  }

  @Test
  void conflictingBoundsAreRejectedNamingBothSettings() {
    assertThatThrownBy(() -> new LarderConfiguration<>().setMaximumSize(10).setMaximumMemory(1024))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maximumMemory")
        .hasMessageContaining("maximumSize");
    assertThatThrownBy(() -> new LarderConfiguration<>().setMaximumSize(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void expireAfterWriteAndAccessAreJCacheExpiryPolicies() {
    LarderConfiguration<Object, Object> write =
        new LarderConfiguration<>().setExpireAfterWrite(Duration.ofMinutes(10));
    assertThat(write.getExpiryPolicyFactory().create()).isInstanceOf(ModifiedExpiryPolicy.class);
    assertThat(write.getExpiryPolicyFactory().create().getExpiryForCreation())
        .isEqualTo(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 600_000));
    LarderConfiguration<Object, Object> access =
        new LarderConfiguration<>().setExpireAfterAccess(Duration.ofSeconds(5));
    assertThat(access.getExpiryPolicyFactory().create()).isInstanceOf(TouchedExpiryPolicy.class);
  }

  @Test
  void specStringSetsBoundsExpiryAndStatistics() {
    LarderConfiguration<Object, Object> configuration =
        new LarderConfiguration<>()
            .applySpec("maximumMemory=64m, expireAfterWrite=10m, recordStats");
    assertThat(configuration.getMaximumMemory()).isEqualTo(64L << 20);
    assertThat(configuration.isStatisticsEnabled()).isTrue();
    assertThat(configuration.getExpiryPolicyFactory().create().getExpiryForUpdate())
        .isEqualTo(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 600_000));
    assertThat(new LarderConfiguration<>().applySpec("maximumSize=5").getMaximumSize())
        .isEqualTo(5);
  }

  @Test
  void specOptionsAJCacheCacheCannotHaveAreRejectedByName() {
    assertThatThrownBy(() -> new LarderConfiguration<>().applySpec("weakKeys"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weakKeys");
    assertThatThrownBy(() -> new LarderConfiguration<>().applySpec("maximumSize=ten"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximumSize");
  }

  @Test
  void propertiesBoundEachCacheByNameAndTheRestByTheDefault() {
    Properties properties = new Properties();
    properties.setProperty("larder.jcache.spec.com.example.Order", "maximumSize=100");
    properties.setProperty("larder.jcache.default-spec", "maximumMemory=1m");
    CacheManager manager = manager("properties", properties);
    Cache<Object, Object> orders =
        manager.createCache("com.example.Order", new MutableConfiguration<>());
    Cache<Object, Object> other = manager.createCache("other", new MutableConfiguration<>());
    assertThat(maximumOf(orders)).isEqualTo(100);
    assertThat(larder(orders).policy().eviction().orElseThrow().isWeighted()).isFalse();
    assertThat(maximumOf(other)).isEqualTo(1L << 20);
    assertThat(larder(other).policy().eviction().orElseThrow().isWeighted()).isTrue();
  }

  @Test
  void aBoundInCodeWinsOverTheProperties() {
    Properties properties = new Properties();
    properties.setProperty("larder.jcache.default-spec", "maximumSize=100");
    CacheManager manager = manager("code-wins", properties);
    Cache<Object, Object> cache =
        manager.createCache("c", new LarderConfiguration<>().setMaximumSize(7));
    assertThat(maximumOf(cache)).isEqualTo(7);
  }

  @Test
  void withoutABoundAMutableConfigurationCacheIsUnboundedAndGuarded() {
    CacheManager manager = manager("unbounded", new Properties());
    Cache<Object, Object> cache = manager.createCache("plain", new MutableConfiguration<>());
    assertThat(larder(cache).policy().eviction()).isEmpty();
    // Eternal (MutableConfiguration's default expiry): no expiration either, so the guard's
    // report calls it what it is, a cache with no bound at all.
    assertThat(larder(cache).policy().expireVariably()).isEmpty();
    Cache<Object, Object> expiring =
        manager.createCache(
            "expiring", new LarderConfiguration<>().setExpireAfterAccess(Duration.ofMinutes(1)));
    assertThat(larder(expiring).policy().expireVariably()).isPresent();
    assertThat(CacheInsight.of(larder(cache)).orElseThrow().guardWarnings()).isZero();
  }

  @Test
  void aPropertiesResourceNamedByTheUriIsRead() {
    CacheManager manager =
        provider.getCacheManager(
            URI.create("classpath:larder-jcache-test.properties"), getClass().getClassLoader());
    Cache<Object, Object> cache = manager.createCache("books", new MutableConfiguration<>());
    assertThat(maximumOf(cache)).isEqualTo(42);
  }

  @Test
  void systemPropertiesGiveSpecsThatTheManagersPropertiesOverride() {
    String name = "larder.jcache.spec.from-system";
    String previous = System.setProperty(name, "maximumSize=11");
    try {
      Cache<Object, Object> fromSystem =
          manager("system", new Properties())
              .createCache("from-system", new MutableConfiguration<>());
      assertThat(maximumOf(fromSystem)).isEqualTo(11);
      Properties properties = new Properties();
      properties.setProperty(name, "maximumSize=12");
      Cache<Object, Object> overridden =
          manager("system-overridden", properties)
              .createCache("from-system", new MutableConfiguration<>());
      assertThat(maximumOf(overridden)).isEqualTo(12);
    } finally {
      if (previous == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, previous);
      }
    }
  }

  @Test
  void aBadSpecInThePropertiesFailsWhenTheManagerIsMadeNamingTheProperty() {
    Properties properties = new Properties();
    properties.setProperty("larder.jcache.spec.books", "maximumSize=-3");
    assertThatThrownBy(() -> manager("bad", properties))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("larder.jcache.spec.books");
  }

  private static JCacheStatistics statisticsOf(Cache<?, ?> cache) {
    return ((LarderJCache<?, ?>) cache).statistics();
  }

  /** Weighs a string by its length. */
  public static final class LengthWeigher implements io.larder.cache.Weigher<Integer, String> {
    @Override
    public int weigh(Integer key, String value) {
      return value.length();
    }
  }
}
