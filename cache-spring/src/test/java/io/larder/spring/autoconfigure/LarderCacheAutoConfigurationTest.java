package io.larder.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.CacheInsight;
import io.larder.cache.CacheLoader;
import io.larder.cache.Caffeine;
import io.larder.cache.CaffeineSpec;
import io.larder.cache.LoadingCache;
import io.larder.spring.LarderCache;
import io.larder.spring.LarderCacheManager;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.cache.support.SimpleCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

class LarderCacheAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  LarderCacheAutoConfiguration.class, CacheAutoConfiguration.class))
          .withUserConfiguration(CachingConfiguration.class);

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CachingConfiguration {}

  @Configuration(proxyBeanMethods = false)
  static class UserCacheManagerConfiguration {
    @Bean
    CacheManager myCacheManager() {
      return new ConcurrentMapCacheManager("mine");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomizerConfiguration {
    @Bean
    CacheManagerCustomizer<LarderCacheManager> larderCustomizer() {
      return manager -> manager.setAllowNullValues(false);
    }

    @Bean
    CacheManagerCustomizer<CacheManager> anyCustomizer() {
      return manager -> manager.getCache("fromCustomizer");
    }

    @Bean
    CacheManagerCustomizer<ConcurrentMapCacheManager> otherCustomizer() {
      return manager -> {
        throw new AssertionError("applied to the wrong type of manager");
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class SpecAndLoaderConfiguration {
    @Bean
    CaffeineSpec caffeineSpec() {
      return CaffeineSpec.parse("maximumSize=42");
    }

    @Bean
    CacheLoader<Object, Object> cacheLoader() {
      return key -> "loaded:" + key;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CaffeineBuilderConfiguration {
    @Bean
    Caffeine<Object, Object> caffeine() {
      return Caffeine.newBuilder().maximumSize(7);
    }
  }

  /** A Cache bean: Spring Boot's generic provider, which it picks before Caffeine or simple. */
  @Configuration(proxyBeanMethods = false)
  static class CacheBeanConfiguration {
    @Bean
    Cache books() {
      return new ConcurrentMapCache("books");
    }
  }

  @Test
  void caffeineBeanIsHonouredAsSpringBootHonoursIt() {
    runner
        .withUserConfiguration(CaffeineBuilderConfiguration.class)
        .run(
            context -> {
              assertThat(insight(context, "books").maximum()).hasValue(7);
            });
  }

  @Test
  void caffeineSpecPropertyTakesPrecedenceOverCaffeineBean() {
    runner
        .withUserConfiguration(CaffeineBuilderConfiguration.class)
        .withPropertyValues("spring.cache.caffeine.spec=maximumSize=3")
        .run(context -> assertThat(insight(context, "books").maximum()).hasValue(3));
  }

  @Test
  void asyncNullValuesAndStatsAreProperties() {
    runner
        .withPropertyValues(
            "larder.cache.async=true",
            "larder.cache.allow-null-values=false",
            "larder.cache.record-stats=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              LarderCacheManager manager = context.getBean(LarderCacheManager.class);
              LarderCache cache = (LarderCache) manager.getCache("books");
              assertThat(cache.isAsync()).isTrue();
              assertThat(manager.isAllowNullValues()).isFalse();
              assertThat(cache.getAsyncCache().synchronous().policy().isRecordingStats()).isFalse();
            });
    runner.run(
        context -> {
          LarderCacheManager manager = context.getBean(LarderCacheManager.class);
          LarderCache cache = (LarderCache) manager.getCache("books");
          assertThat(cache.isAsync()).isFalse();
          assertThat(manager.isAllowNullValues()).isTrue();
          assertThat(cache.getNativeCache().policy().isRecordingStats()).isTrue();
        });
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void backsOffForAnotherProviderThatSpringBootPicksAndSaysSoOnce(CapturedOutput output) {
    runner
        .withUserConfiguration(CacheBeanConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(LarderCacheManager.class);
              assertThat(context.getBean(CacheManager.class))
                  .isInstanceOf(SimpleCacheManager.class);
              assertThat(context).hasSingleBean(LarderCacheBackOffNotice.class);
            });
    String notice =
        "Larder did not configure the cache manager: the application has generic"
            + " caching (a org.springframework.cache.Cache bean)";
    assertThat(output.getAll().split(java.util.regex.Pattern.quote(notice), -1)).hasSize(2);
  }

  /** A Redis connection factory, which makes Spring Boot pick Redis; it never connects here. */
  @Configuration(proxyBeanMethods = false)
  static class RedisConfiguration {
    @Bean
    LettuceConnectionFactory redisConnectionFactory() {
      return new LettuceConnectionFactory("127.0.0.1", 6379);
    }
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void backsOffForRedisUnlessTheCacheTypeIsLarder(CapturedOutput output) {
    runner
        .withUserConfiguration(RedisConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(LarderCacheManager.class);
              assertThat(context.getBean(CacheManager.class)).isInstanceOf(RedisCacheManager.class);
            });
    assertThat(output.getAll())
        .contains(
            "Larder did not configure the cache manager: the"
                + " application has Redis (a RedisConnectionFactory bean)");
    runner
        .withUserConfiguration(RedisConfiguration.class)
        .withPropertyValues("spring.cache.type=larder")
        .run(
            context ->
                assertThat(context.getBean(CacheManager.class))
                    .isInstanceOf(LarderCacheManager.class));
  }

  @Test
  void larderCacheTypeWinsOverAnotherProvider() {
    runner
        .withUserConfiguration(CacheBeanConfiguration.class)
        .withPropertyValues("spring.cache.type=larder")
        .run(
            context -> {
              assertThat(context).hasSingleBean(LarderCacheManager.class);
              assertThat(context).doesNotHaveBean(LarderCacheBackOffNotice.class);
            });
  }

  @Test
  void noBackOffNoticeWhenLarderIsTheProvider() {
    runner.run(context -> assertThat(context).doesNotHaveBean(LarderCacheBackOffNotice.class));
  }

  @Test
  void configuresLarderCacheManagerNamedCacheManager() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(CacheManager.class);
          assertThat(context).hasBean("cacheManager");
          assertThat(context.getBean(CacheManager.class)).isInstanceOf(LarderCacheManager.class);
          LarderCacheManager manager = context.getBean(LarderCacheManager.class);
          assertThat(manager.isDynamic()).isTrue();
          assertThat(manager.getMaxDynamicCaches()).isEqualTo(100);
          long tenPercent = (long) (Runtime.getRuntime().maxMemory() * 0.10);
          assertThat(manager.getMemoryBudget().maximumBytes())
              .isBetween(tenPercent - 1, tenPercent + 1);
          assertThat(context).hasSingleBean(LarderCacheProperties.class);
        });
  }

  @Test
  void backsOffWithoutEnableCaching() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(LarderCacheAutoConfiguration.class, CacheAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(CacheManager.class));
  }

  @Test
  void backsOffWhenLarderIsNotOnTheClassPath() {
    runner
        .withClassLoader(new FilteredClassLoader(io.larder.cache.Caffeine.class))
        .run(context -> assertThat(context).doesNotHaveBean(LarderCacheManager.class));
  }

  @Test
  void applicationCacheManagerWins() {
    runner
        .withUserConfiguration(UserCacheManagerConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(CacheManager.class);
              assertThat(context).doesNotHaveBean(LarderCacheManager.class);
              assertThat(context.getBean(CacheManager.class).getCacheNames())
                  .containsExactly("mine");
            });
  }

  @Test
  void backsOffForSimpleCacheType() {
    runner
        .withPropertyValues("spring.cache.type=simple")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(LarderCacheManager.class);
              assertThat(context.getBean(CacheManager.class))
                  .isInstanceOf(ConcurrentMapCacheManager.class);
            });
  }

  @Test
  void backsOffForNoneCacheType() {
    runner
        .withPropertyValues("spring.cache.type=none")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(LarderCacheManager.class);
              assertThat(context.getBean(CacheManager.class)).isInstanceOf(NoOpCacheManager.class);
            });
  }

  @Test
  void caffeineCacheTypeMeansCaffeineWhenCaffeineIsPresent() {
    runner
        .withPropertyValues("spring.cache.type=caffeine")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(LarderCacheManager.class);
              assertThat(context.getBean(CacheManager.class))
                  .isInstanceOf(CaffeineCacheManager.class);
            });
  }

  @Test
  void caffeineCacheTypeMeansLarderWhenLarderReplacedCaffeine() {
    runner
        .withPropertyValues("spring.cache.type=caffeine")
        .withClassLoader(new FilteredClassLoader("com.github.benmanes.caffeine"))
        .run(
            context ->
                assertThat(context.getBean(CacheManager.class))
                    .isInstanceOf(LarderCacheManager.class));
  }

  @Test
  void larderCacheTypeSelectsLarder() {
    runner
        .withPropertyValues("spring.cache.type=larder")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(CacheManager.class))
                  .isInstanceOf(LarderCacheManager.class);
            });
  }

  @Test
  void winsOverBootsCaffeineConfigurationWhenNoTypeIsSet() {
    runner.run(
        context ->
            assertThat(context).getBean(CacheManager.class).isInstanceOf(LarderCacheManager.class));
  }

  @Test
  void appliesCacheManagerCustomizersOfMatchingType() {
    runner
        .withUserConfiguration(CustomizerConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              LarderCacheManager manager = context.getBean(LarderCacheManager.class);
              assertThat(manager.isAllowNullValues()).isFalse();
              assertThat(manager.getCacheNames()).contains("fromCustomizer");
            });
  }

  @Test
  void cacheNamesAreCreatedAndFixed() {
    runner
        .withPropertyValues("spring.cache.cache-names=books,authors")
        .run(
            context -> {
              LarderCacheManager manager = context.getBean(LarderCacheManager.class);
              assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("books", "authors");
              assertThat(manager.isDynamic()).isFalse();
              assertThat(manager.getCache("other")).isNull();
            });
  }

  @Test
  void dynamicPropertyKeepsCreationOnDemandWithCacheNames() {
    runner
        .withPropertyValues("spring.cache.cache-names=books", "larder.cache.dynamic=true")
        .run(
            context -> {
              LarderCacheManager manager = context.getBean(LarderCacheManager.class);
              assertThat(manager.getCacheNames()).containsExactly("books");
              assertThat(manager.getCache("other")).isNotNull();
            });
  }

  @Test
  void dynamicPropertyTurnsOffCreationOnDemand() {
    runner
        .withPropertyValues("larder.cache.dynamic=false")
        .run(
            context -> {
              LarderCacheManager manager = context.getBean(LarderCacheManager.class);
              assertThat(manager.isDynamic()).isFalse();
              assertThat(manager.getCache("other")).isNull();
            });
  }

  @Test
  void larderSpecAppliesToEveryCache() {
    runner
        .withPropertyValues("larder.cache.spec=maximumSize=12,expireAfterWrite=10m")
        .run(context -> assertThat(insight(context, "books").maximum()).hasValue(12));
  }

  @Test
  void larderSpecAcceptsMaximumMemory() {
    runner
        .withPropertyValues("larder.cache.spec=maximumMemory=64m")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(insight(context, "books").isBounded()).isTrue();
            });
  }

  @Test
  void caffeineSpecPropertyIsHonouredForMigration() {
    runner
        .withPropertyValues("spring.cache.caffeine.spec=maximumSize=13")
        .run(context -> assertThat(insight(context, "books").maximum()).hasValue(13));
  }

  @Test
  void larderSpecTakesPrecedenceOverCaffeineSpec() {
    runner
        .withPropertyValues(
            "spring.cache.caffeine.spec=maximumSize=13", "larder.cache.spec=maximumSize=14")
        .run(context -> assertThat(insight(context, "books").maximum()).hasValue(14));
  }

  @Test
  void caffeineSpecBeanAndCacheLoaderBeanAreHonoured() {
    runner
        .withUserConfiguration(SpecAndLoaderConfiguration.class)
        .run(
            context -> {
              assertThat(insight(context, "books").maximum()).hasValue(42);
              Cache cache = context.getBean(CacheManager.class).getCache("books");
              assertThat(cache.getNativeCache()).isInstanceOf(LoadingCache.class);
              assertThat(cache.get("1").get()).isEqualTo("loaded:1");
            });
  }

  @Test
  void perCacheSpecsApplyToTheirCache() {
    runner
        .withPropertyValues(
            "larder.cache.spec=maximumSize=10", "larder.cache.specs.books=maximumSize=20")
        .run(
            context -> {
              assertThat(insight(context, "books").maximum()).hasValue(20);
              assertThat(insight(context, "authors").maximum()).hasValue(10);
            });
  }

  @Test
  void perCacheSpecOfCacheThatCannotExistFailsStartUp() {
    runner
        .withPropertyValues(
            "spring.cache.cache-names=books", "larder.cache.specs.authors=maximumSize=20")
        .run(
            context ->
                assertInvalid(context, "larder.cache.specs.authors", "maximumSize=20")
                    .hasMessageContaining("spring.cache.cache-names"));
  }

  @ParameterizedTest
  @CsvSource({"64MB, 67108864", "64m, 67108864", "1GB, 1073741824", "4096, 4096"})
  void memoryBudgetAcceptsSizes(String value, long bytes) {
    runner
        .withPropertyValues("larder.cache.memory-budget=" + value)
        .run(
            context ->
                assertThat(
                        context.getBean(LarderCacheManager.class).getMemoryBudget().maximumBytes())
                    .isEqualTo(bytes));
  }

  @Test
  void memoryBudgetAcceptsHeapPercentages() {
    runner
        .withPropertyValues("larder.cache.memory-budget=25%")
        .run(
            context -> {
              long quarter = (long) (Runtime.getRuntime().maxMemory() * 0.25);
              assertThat(context.getBean(LarderCacheManager.class).getMemoryBudget().maximumBytes())
                  .isBetween(quarter - 1, quarter + 1);
            });
  }

  @Test
  void everyCacheWithoutItsOwnEntryBoundCountsAgainstTheConfiguredBudget() {
    runner
        .withPropertyValues(
            "larder.cache.memory-budget=8MB", "larder.cache.specs.sized=maximumSize=5")
        .run(
            context -> {
              assertThat(insight(context, "unbounded").maximumBytes()).hasValue(8L << 20);
              assertThat(insight(context, "unbounded").isBounded()).isTrue();
              // A maximumSize cache keeps its own bound: a byte budget needs byte weights.
              assertThat(insight(context, "sized").maximumBytes()).isEmpty();
              assertThat(insight(context, "sized").maximum()).hasValue(5);
            });
  }

  @ParameterizedTest
  @CsvSource({"lots", "0%", "150%", "ten%", "-5MB", "0MB", "12XB", "''"})
  void badMemoryBudgetFailsStartUpNamingPropertyAndValue(String value) {
    runner
        .withPropertyValues("larder.cache.memory-budget=" + value)
        .run(context -> assertInvalid(context, "larder.cache.memory-budget", value));
  }

  @Test
  void maxCachesCapsCachesCreatedOnDemand() {
    runner
        .withPropertyValues("larder.cache.max-caches=2")
        .run(
            context -> {
              CacheManager manager = context.getBean(CacheManager.class);
              manager.getCache("a");
              manager.getCache("b");
              assertThat(
                      org.assertj.core.api.Assertions.catchThrowable(() -> manager.getCache("c")))
                  .isInstanceOf(IllegalStateException.class)
                  .hasMessageContaining("'c'");
            });
  }

  @Test
  void negativeMaxCachesFailsStartUp() {
    runner
        .withPropertyValues("larder.cache.max-caches=-1")
        .run(context -> assertInvalid(context, "larder.cache.max-caches", "-1"));
  }

  @Test
  void nonNumericMaxCachesFailsBinding() {
    runner
        .withPropertyValues("larder.cache.max-caches=many")
        .run(context -> assertBindFailure(context, "larder.cache.max-caches", "many"));
  }

  @Test
  void nonBooleanDynamicFailsBinding() {
    runner
        .withPropertyValues("larder.cache.dynamic=sometimes")
        .run(context -> assertBindFailure(context, "larder.cache.dynamic", "sometimes"));
  }

  @ParameterizedTest
  @CsvSource({"maximumSize=lots", "maximumSize=-1", "bogus=1", "maximumMemory=0", "weakKeys=yes"})
  void badLarderSpecFailsStartUpNamingPropertyAndValue(String spec) {
    runner
        .withPropertyValues("larder.cache.spec=" + spec)
        .run(context -> assertInvalid(context, "larder.cache.spec", spec));
  }

  @Test
  void badCaffeineSpecFailsStartUpNamingThatProperty() {
    runner
        .withPropertyValues("spring.cache.caffeine.spec=maximumSize=lots")
        .run(context -> assertInvalid(context, "spring.cache.caffeine.spec", "maximumSize=lots"));
  }

  @Test
  void badPerCacheSpecFailsStartUpNamingTheCachesProperty() {
    runner
        .withPropertyValues("larder.cache.specs.books=expireAfterWrite=soon")
        .run(
            context -> assertInvalid(context, "larder.cache.specs.books", "expireAfterWrite=soon"));
  }

  @ParameterizedTest
  @CsvSource({"90", "abc%", "0%", "101%"})
  void badHealthThresholdsFailStartUpNamingPropertyAndValue(String value) {
    for (String property :
        List.of(
            "larder.cache.health.heap-after-gc-down-threshold",
            "larder.cache.health.cache-share-down-threshold")) {
      runner
          .withPropertyValues(property + "=" + value)
          .run(context -> assertInvalid(context, property, value));
    }
  }

  // The budget no longer sets the health status (a full budget is healthy): the old property
  // fails start-up, naming what replaced it, instead of being silently ignored.
  @Test
  void removedDownThresholdFailsStartUpNamingItsReplacements() {
    runner
        .withPropertyValues("larder.cache.health.down-threshold=100%")
        .run(
            context ->
                assertInvalid(context, "larder.cache.health.down-threshold", "100%")
                    .hasMessageContaining("larder.cache.health.heap-after-gc-down-threshold"));
  }

  private static CacheInsight insight(AssertableApplicationContext context, String name) {
    assertThat(context).hasNotFailed();
    LarderCache cache = (LarderCache) context.getBean(CacheManager.class).getCache(name);
    return cache.getInsight().orElseThrow();
  }

  private static AbstractThrowableAssert<?, ?> assertInvalid(
      AssertableApplicationContext context, String property, String value) {
    assertThat(context).hasFailed();
    return assertThat(context.getStartupFailure())
        .rootCause()
        .isInstanceOfSatisfying(
            InvalidConfigurationPropertyValueException.class,
            e -> {
              assertThat(e.getName()).isEqualTo(property);
              assertThat(e.getValue()).hasToString(value);
            })
        .hasMessageContaining(property)
        .hasMessageContaining("'" + value + "'");
  }

  private static void assertBindFailure(
      AssertableApplicationContext context, String property, String value) {
    assertThat(context).hasFailed();
    Consumer<BindException> namesPropertyAndValue =
        e -> {
          assertThat(e.getMessage()).contains(property);
          assertThat(e.getProperty().getName()).hasToString(property);
          assertThat(e.getProperty().getValue()).hasToString(value);
        };
    Throwable failure = context.getStartupFailure();
    while (failure != null && !(failure instanceof BindException)) {
      failure = failure.getCause();
    }
    assertThat(failure).isInstanceOfSatisfying(BindException.class, namesPropertyAndValue);
  }
}
