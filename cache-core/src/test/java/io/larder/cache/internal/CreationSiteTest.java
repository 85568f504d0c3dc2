package io.larder.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Which frame {@link CreationSite} reports as the code that built a cache, on stacks given as class
 * names, innermost first (the adapter modules' stacks cannot be built from cache-core's tests).
 */
class CreationSiteTest {

  private static Optional<String> caller(String... classNames) {
    return CreationSite.callerAmong(Stream.of(classNames), Function.identity());
  }

  @Test
  void cacheCoresPackagesAreLarders() {
    assertThat(CreationSite.isLarderFrame("io.larder.cache.Caffeine")).isTrue();
    assertThat(CreationSite.isLarderFrame("io.larder.cache.stats.ConcurrentStatsCounter")).isTrue();
    assertThat(CreationSite.isLarderFrame("io.larder.cache.internal.CacheSettings")).isTrue();
    assertThat(CreationSite.isLarderFrame("io.larder.cache.internal.memory.SizeEstimator"))
        .isTrue();
  }

  @Test
  void theApiPackagesOfModulesThatBuildCachesForTheirCallerAreLarders() {
    assertThat(CreationSite.isLarderFrame("io.larder.jcache.LarderCacheManager")).isTrue();
    assertThat(CreationSite.isLarderFrame("io.larder.jcache.LarderJCache")).isTrue();
    assertThat(CreationSite.isLarderFrame("io.larder.cache.redis.TwoLevelCache")).isTrue();
    assertThat(CreationSite.isLarderFrame("io.larder.cache.redis.RedisCacheBuilder")).isTrue();
  }

  @Test
  void subpackagesOtherModulesAndUsersAreNotLarders() {
    // Tests sit in subpackages to see their own frame as the site
    assertThat(CreationSite.isLarderFrame("io.larder.cache.guard.CacheObserverTest")).isFalse();
    assertThat(CreationSite.isLarderFrame("io.larder.jcache.guard.JCacheCreationSiteTest"))
        .isFalse();
    assertThat(CreationSite.isLarderFrame("io.larder.cache.redis.site.TwoLevelSiteTest")).isFalse();
    // A prefix of a name is not its package
    assertThat(CreationSite.isLarderFrame("io.larder.cache.internalized.Foo")).isFalse();
    assertThat(CreationSite.isLarderFrame("io.larder.jcacheextra.Foo")).isFalse();
    // Spring's cache manager is the site of the caches it builds (see CreationSite's comment)
    assertThat(CreationSite.isLarderFrame("io.larder.spring.LarderCacheManager")).isFalse();
    assertThat(CreationSite.isLarderFrame("io.larder.test.CacheLeakExtension")).isFalse();
    assertThat(CreationSite.isLarderFrame("com.example.Service")).isFalse();
    assertThat(CreationSite.isLarderFrame("Unpackaged")).isFalse();
  }

  @Test
  void theSiteIsTheFirstFrameOutsideLarder() {
    assertThat(
            caller(
                "io.larder.cache.internal.CreationSite",
                "io.larder.cache.Caffeine",
                "com.example.Service",
                "com.example.Main"))
        .hasValue("com.example.Service");
  }

  @Test
  void aJdkFrameBetweenTwoLarderFramesIsSkipped() {
    // cache-jcache's createCache builds its cache inside ConcurrentHashMap.compute
    assertThat(
            caller(
                "io.larder.cache.Caffeine",
                "io.larder.jcache.LarderJCache",
                "io.larder.jcache.LarderCacheManager",
                "java.util.concurrent.ConcurrentHashMap",
                "io.larder.jcache.LarderCacheManager",
                "com.example.Service",
                "java.lang.Thread"))
        .hasValue("com.example.Service");
  }

  @Test
  void aJdkFrameThatCalledLarderDirectlyIsTheSite() {
    // No Larder frame further out: the JDK code asked for the cache, as before this rule
    assertThat(
            caller(
                "io.larder.cache.Caffeine",
                "java.util.concurrent.CompletableFuture$AsyncSupply",
                "java.util.concurrent.ForkJoinWorkerThread",
                "com.example.Service"))
        .hasValue("java.util.concurrent.CompletableFuture$AsyncSupply");
    assertThat(caller("io.larder.cache.Caffeine", "java.lang.Thread", "jdk.internal.misc.Foo"))
        .hasValue("java.lang.Thread");
  }

  @Test
  void aUserFrameThatAJdkFrameCalledIsTheSite() {
    // A user's lambda run by the JDK (computeIfAbsent) built the cache: the lambda is the site
    assertThat(
            caller(
                "io.larder.cache.Caffeine",
                "com.example.Service",
                "java.util.concurrent.ConcurrentHashMap",
                "com.example.Service"))
        .hasValue("com.example.Service");
  }

  @Test
  void aStackOfLarderFramesOnlyHasNoSite() {
    assertThat(caller("io.larder.cache.Caffeine", "io.larder.cache.internal.CacheSettings"))
        .isEmpty();
    assertThat(caller()).isEmpty();
  }

  @Test
  void theSiteOfACallFromLardersOwnPackageIsItsCaller() {
    // io.larder.cache.internal is Larder's, so the frame outside it is JUnit's reflective caller
    // (the JDK's reflection frames between them are hidden from stack walkers)
    assertThat(CreationSite.ofCaller()).startsWith("org.junit.");
  }
}
