package io.larder.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.cache.Caffeine;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two-level caches on a real redis-server: reads, writes, and coherence between two instances. */
class TwoLevelCacheTest {

  /** Generous: a busy CI machine must not turn a slow Redis reply into a fallback load. */
  static final Duration TEST_COMMAND_TIMEOUT = Duration.ofSeconds(5);

  private static RedisServer redis;
  private static final AtomicInteger CACHE_IDS = new AtomicInteger();

  private final List<TwoLevelCache<?, ?>> opened = new ArrayList<>();
  private final String cacheName = "c" + CACHE_IDS.incrementAndGet();

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @AfterEach
  void closeCaches() {
    opened.forEach(TwoLevelCache::close);
  }

  /** An instance of the application: its own L1 and its own connections to the shared Redis. */
  private TwoLevelCache<String, String> instance() {
    return instance("app", cacheName);
  }

  private TwoLevelCache<String, String> instance(String application, String cache) {
    TwoLevelCache<String, String> c =
        RedisCacheBuilder.newBuilder(redis.uri())
            .namespace(application, cache)
            .l1(Caffeine.newBuilder().maximumSize(1_000))
            .commandTimeout(TEST_COMMAND_TIMEOUT)
            .build(Codec.utf8(), Codec.utf8());
    opened.add(c);
    return c;
  }

  private TwoLevelLoadingCache<String, String> loadingInstance(
      io.larder.cache.CacheLoader<String, String> loader) {
    TwoLevelLoadingCache<String, String> c =
        RedisCacheBuilder.newBuilder(redis.uri())
            .namespace("app", cacheName)
            .commandTimeout(TEST_COMMAND_TIMEOUT)
            .build(Codec.utf8(), Codec.utf8(), loader);
    opened.add(c);
    return c;
  }

  @Test
  void insightDescribesThisJvmsL1() {
    TwoLevelCache<String, String> cache = instance();
    cache.put("a", "1");
    assertThat(cache.get("a", k -> "loaded")).isEqualTo("1");
    io.larder.cache.CacheInsight insight = io.larder.cache.CacheInsight.of(cache).orElseThrow();
    assertThat(insight.maximum()).hasValue(1_000L);
    assertThat(insight.estimatedBytes()).as("the L1 entry read back from Redis").isPositive();
  }

  @Test
  void readsGoToL1ThenRedisThenTheLoader() {
    AtomicInteger loads = new AtomicInteger();
    TwoLevelCache<String, String> a = instance();
    TwoLevelCache<String, String> b = instance();

    assertThat(a.get("k", k -> "loaded-" + loads.incrementAndGet())).isEqualTo("loaded-1");
    assertThat(a.get("k", k -> "loaded-" + loads.incrementAndGet())).isEqualTo("loaded-1");
    assertThat(b.get("k", k -> "loaded-" + loads.incrementAndGet())).isEqualTo("loaded-1");

    assertThat(loads).hasValue(1);
    assertThat(a.levelStats().l1Hits()).isEqualTo(1);
    assertThat(a.levelStats().l2Misses()).isEqualTo(1);
    assertThat(b.levelStats().l2Hits()).isEqualTo(1);
    assertThat(b.asMap()).containsEntry("k", "loaded-1");
  }

  @Test
  void getIfPresentReadsRedisButNeverLoads() {
    TwoLevelCache<String, String> a = instance();
    TwoLevelCache<String, String> b = instance();
    assertThat(b.getIfPresent("k")).isNull();
    a.put("k", "v");
    assertThat(b.getIfPresent("k")).isEqualTo("v");
    Poll.until(
        "b holds v in L1", () -> "v".equals(b.getIfPresent("k")) && b.asMap().containsKey("k"));
  }

  @Test
  void putOnOneInstanceReplacesTheOthersCopy() {
    TwoLevelCache<String, String> a = instance();
    TwoLevelCache<String, String> b = instance();
    a.put("k", "v1");
    // b installs v1 in L1 once a's invalidation (which may arrive after b's first read) is past.
    Poll.until(
        "b holds v1 in L1",
        () -> "v1".equals(b.get("k", k -> "loaded")) && b.asMap().containsKey("k"));

    a.put("k", "v2");

    Poll.until("b sees v2", () -> "v2".equals(b.getIfPresent("k")));
    assertThat(b.levelStats().invalidationsReceived()).isGreaterThanOrEqualTo(1);
    assertThat(a.getIfPresent("k")).isEqualTo("v2");
  }

  @Test
  void invalidateOnOneInstanceRemovesTheKeyEverywhere() {
    TwoLevelCache<String, String> a = instance();
    TwoLevelCache<String, String> b = instance();
    a.put("k", "v1");
    assertThat(b.getIfPresent("k")).isEqualTo("v1");

    a.invalidate("k");

    Poll.until("b's L1 lost k", () -> !b.asMap().containsKey("k"));
    assertThat(b.getIfPresent("k")).isNull();
    assertThat(b.get("k", k -> "reloaded")).isEqualTo("reloaded");
  }

  @Test
  void invalidateAllEmptiesEveryInstanceWithoutKeysOrScan() throws Exception {
    TwoLevelCache<String, String> a = instance();
    TwoLevelCache<String, String> b = instance();
    TwoLevelCache<String, String> otherCache = instance("app", cacheName + "-other");
    for (int i = 0; i < 20; i++) {
      a.put("k" + i, "v" + i);
      assertThat(b.getIfPresent("k" + i)).isEqualTo("v" + i);
    }
    otherCache.put("k0", "kept");
    redis.cli("CONFIG", "RESETSTAT");

    a.invalidateAll();

    Poll.until("b's L1 is empty", () -> b.asMap().isEmpty());
    for (int i = 0; i < 20; i++) {
      assertThat(b.getIfPresent("k" + i)).isNull();
      assertThat(a.getIfPresent("k" + i)).isNull();
    }
    assertThat(otherCache.getIfPresent("k0")).isEqualTo("kept");
    String commandStats = redis.cli("INFO", "commandstats");
    assertThat(commandStats).doesNotContain("cmdstat_keys").doesNotContain("cmdstat_scan");
  }

  @Test
  void applicationsSharingARedisNeverSeeEachOthersKeys() {
    TwoLevelCache<String, String> shop = instance("shop", "users");
    TwoLevelCache<String, String> blog = instance("blog", "users");
    shop.put("42", "shop-user");
    blog.put("42", "blog-user");
    assertThat(shop.getIfPresent("42")).isEqualTo("shop-user");
    assertThat(blog.getIfPresent("42")).isEqualTo("blog-user");
    blog.invalidateAll();
    assertThat(shop.getIfPresent("42")).isEqualTo("shop-user");
  }

  @Test
  void concurrentMissesInOneJvmLoadOnce() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    TwoLevelLoadingCache<String, String> a =
        loadingInstance(
            k -> {
              loads.incrementAndGet();
              release.await(20, TimeUnit.SECONDS);
              return "value";
            });
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> reads = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        reads.add(pool.submit(() -> a.get("k")));
      }
      Poll.until("the first load started", () -> loads.get() == 1);
      release.countDown();
      for (Future<String> read : reads) {
        assertThat(read.get(20, TimeUnit.SECONDS)).isEqualTo("value");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(loads).hasValue(1);
  }

  @Test
  void anotherInstanceMissingTheSameKeyWaitsForTheFirstLoadThroughTheLease() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    io.larder.cache.CacheLoader<String, String> slowLoader =
        k -> {
          loads.incrementAndGet();
          release.await(20, TimeUnit.SECONDS);
          return "value";
        };
    TwoLevelLoadingCache<String, String> a = loadingInstance(slowLoader);
    TwoLevelLoadingCache<String, String> b = loadingInstance(slowLoader);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> first = pool.submit(() -> a.get("k"));
      Poll.until("a is loading", () -> loads.get() == 1);
      Future<String> second = pool.submit(() -> b.get("k"));
      release.countDown();
      assertThat(first.get(20, TimeUnit.SECONDS)).isEqualTo("value");
      assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo("value");
    } finally {
      pool.shutdownNow();
    }
    assertThat(loads).hasValue(1);
    assertThat(b.levelStats().l2Hits()).isEqualTo(1);
  }

  @Test
  void aWaiterWhoseLeaseHolderNeverFinishesLoadsItselfAfterTheLease() throws Exception {
    CountDownLatch holderLoading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TwoLevelCache<String, String> holder = instance();
    TwoLevelCache<String, String> waiter =
        RedisCacheBuilder.newBuilder(redis.uri())
            .namespace("app", cacheName)
            .commandTimeout(TEST_COMMAND_TIMEOUT)
            .loadLease(Duration.ofMillis(300))
            .build(Codec.utf8(), Codec.utf8());
    opened.add(waiter);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> stuck =
          pool.submit(
              () ->
                  holder.get(
                      "k",
                      k -> {
                        holderLoading.countDown();
                        try {
                          assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return "late";
                      }));
      assertThat(holderLoading.await(20, TimeUnit.SECONDS)).isTrue();

      assertThat(waiter.get("k", k -> "own")).isEqualTo("own");
      assertThat(waiter.levelStats().loads()).isEqualTo(1);
      release.countDown();
      assertThat(stuck.get(20, TimeUnit.SECONDS)).isEqualTo("late");
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void valuesInRedisExpireAfterTheL2TimeToLive() throws Exception {
    TwoLevelCache<String, String> a =
        RedisCacheBuilder.newBuilder(redis.uri())
            .namespace("app", cacheName)
            .commandTimeout(TEST_COMMAND_TIMEOUT)
            .l2TimeToLive(Duration.ofSeconds(30))
            .build(Codec.utf8(), Codec.utf8());
    opened.add(a);
    a.put("k", "v");
    a.get("loaded", k -> "v");
    for (String key : List.of("k", "loaded")) {
      long ttl = Long.parseLong(redis.cli("PTTL", "larder:{app:" + cacheName + "}:v:0:" + key));
      assertThat(ttl).isBetween(1L, 30_000L);
    }
  }

  @Test
  void aLoadOverlappingAWriteNeverInstallsItsOlderValue() throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TwoLevelLoadingCache<String, String> a =
        loadingInstance(
            k -> {
              loading.countDown();
              release.await(20, TimeUnit.SECONDS);
              return "old-from-database";
            });
    TwoLevelCache<String, String> b = instance();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> read = pool.submit(() -> a.get("k"));
      assertThat(loading.await(20, TimeUnit.SECONDS)).isTrue();

      b.put("k", "new");
      Poll.until("a received the invalidation", () -> a.levelStats().invalidationsReceived() == 1);
      release.countDown();

      // The read overlapped the write, so it may answer either value; it must not keep the old.
      assertThat(read.get(20, TimeUnit.SECONDS)).isEqualTo("old-from-database");
    } finally {
      pool.shutdownNow();
    }
    assertThat(a.asMap()).doesNotContainKey("k");
    assertThat(a.get("k")).isEqualTo("new");
    assertThat(b.getIfPresent("k")).isEqualTo("new");
  }

  /** A UTF-8 codec that can hold a decoding thread: the moment between a Redis reply and L1. */
  private static final class GatedCodec implements Codec<String> {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean armed;

    @Override
    public byte[] encode(String value) {
      return Codec.utf8().encode(value);
    }

    @Override
    public String decode(byte[] bytes) {
      if (armed) {
        armed = false;
        entered.countDown();
        try {
          assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return Codec.utf8().decode(bytes);
    }
  }

  @Test
  void aRedisReadRacingAnInvalidationNeverInstallsTheOldValue() throws Exception {
    for (boolean throughLoader : new boolean[] {false, true}) {
      String key = "k" + throughLoader;
      TwoLevelCache<String, String> writer = instance();
      writer.put(key, "old");
      // Built after the first write, so the only invalidation it receives is the second write's.
      GatedCodec gated = new GatedCodec();
      TwoLevelCache<String, String> reader =
          RedisCacheBuilder.newBuilder(redis.uri())
              .namespace("app", cacheName)
              .commandTimeout(TEST_COMMAND_TIMEOUT)
              .build(Codec.utf8(), gated);
      opened.add(reader);
      gated.armed = true;
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<String> read =
            pool.submit(
                () -> throughLoader ? reader.get(key, k -> "loaded") : reader.getIfPresent(key));
        assertThat(gated.entered.await(20, TimeUnit.SECONDS)).isTrue();

        writer.put(key, "new");
        Poll.until(
            "the reader received the invalidation",
            () -> reader.levelStats().invalidationsReceived() == 1);
        gated.release.countDown();

        // The read overlapped the write: it may answer the old value, but must not keep it.
        assertThat(read.get(20, TimeUnit.SECONDS)).isEqualTo("old");
      } finally {
        pool.shutdownNow();
      }
      assertThat(reader.asMap()).doesNotContainKey(key);
      assertThat(reader.getIfPresent(key)).isEqualTo("new");
    }
  }

  @Test
  void readersRacingWritesConvergeOnTheLastWrite() throws Exception {
    AtomicReference<String> database = new AtomicReference<>("0");
    TwoLevelLoadingCache<String, String> reader = loadingInstance(k -> database.get());
    TwoLevelLoadingCache<String, String> writer = loadingInstance(k -> database.get());
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(
            pool.submit(
                () -> {
                  while (writing.get()) {
                    assertThat(reader.get("k")).isNotNull();
                  }
                }));
      }
      for (int i = 1; i <= 300; i++) {
        String version = Integer.toString(i);
        database.set(version);
        if (i % 7 == 0) {
          writer.invalidateAll();
        } else if (i % 3 == 0) {
          writer.invalidate("k");
        } else {
          writer.put("k", version);
        }
      }
      writing.set(false);
      for (Future<?> r : readers) {
        r.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    Poll.until("the reader sees the last write", () -> Objects.equals(reader.get("k"), "300"));
    assertThat(reader.asMap().getOrDefault("k", "300")).isEqualTo("300");
    assertThat(writer.get("k")).isEqualTo("300");
  }

  @Test
  void valuesAboveTheL1SizeLimitStayInRedisOnly() {
    TwoLevelCache<String, String> small =
        RedisCacheBuilder.newBuilder(redis.uri())
            .namespace("app", cacheName)
            .l1MaxValueBytes(8)
            .build(Codec.utf8(), Codec.utf8());
    opened.add(small);
    assertThat(small.get("big", k -> "0123456789")).isEqualTo("0123456789");
    assertThat(small.get("tiny", k -> "01")).isEqualTo("01");
    assertThat(small.asMap()).containsOnlyKeys("tiny");
    assertThat(small.getIfPresent("big")).isEqualTo("0123456789");
  }

  @Test
  void refreshWritesTheReloadedValueThroughToEveryInstance() throws Exception {
    AtomicReference<String> database = new AtomicReference<>("v1");
    TwoLevelLoadingCache<String, String> a = loadingInstance(k -> database.get());
    TwoLevelLoadingCache<String, String> b = loadingInstance(k -> database.get());
    assertThat(b.get("k")).isEqualTo("v1");
    database.set("v2");
    assertThat(a.refresh("k").get(20, TimeUnit.SECONDS)).isEqualTo("v2");
    Poll.until("b sees v2", () -> "v2".equals(b.get("k")));
  }

  @Test
  void aLoaderThatReadsItsOwnKeyFailsInsteadOfDeadlocking() {
    TwoLevelCache<String, String> a = instance();
    assertThatThrownBy(() -> a.get("k", k -> a.get("k", k2 -> "inner")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Recursive load of key k");
  }

  @Test
  void asMapIsAReadOnlyViewOfL1() {
    TwoLevelCache<String, String> a = instance();
    a.get("k", k -> "v");
    assertThat(a.asMap()).containsEntry("k", "v");
    assertThatThrownBy(() -> a.asMap().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> a.asMap().putIfAbsent("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theBuilderNamesTheSettingItRejects() {
    RedisCacheBuilder<Object, Object> builder = RedisCacheBuilder.newBuilder(redis.uri());
    assertThatThrownBy(() -> builder.build(Codec.utf8(), Codec.utf8()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("namespace(application, cache) is required");
    assertThatThrownBy(() -> builder.namespace("my:app", "c"))
        .hasMessageContaining("application must be letters")
        .hasMessageContaining("my:app");
    assertThatThrownBy(() -> builder.l2TimeToLive(Duration.ZERO))
        .hasMessageContaining("l2TimeToLive must be at least one millisecond: PT0S");
    assertThatThrownBy(() -> builder.l1MaxValueBytes(-1))
        .hasMessageContaining("l1MaxValueBytes must not be negative: -1");
  }

  @Test
  void anAclUserConfinedToItsNamespaceRunsTheCacheAndNothingElse() throws Exception {
    assertThat(
            redis.cli(
                "ACL",
                "SETUSER",
                "shop",
                "on",
                ">s3cret",
                "~larder:{shop:*",
                "&larder:{shop:*",
                "+@all"))
        .isEqualTo("OK");
    RedisURI asShop =
        RedisURI.builder(redis.uri()).withAuthentication("shop", "s3cret".toCharArray()).build();
    TwoLevelCache<String, String> a = asUser(asShop, "shop");
    TwoLevelCache<String, String> b = asUser(asShop, "shop");
    a.put("k", "v1");
    Poll.until("b holds v1", () -> "v1".equals(b.getIfPresent("k")) && b.asMap().containsKey("k"));
    a.put("k", "v2");
    Poll.until("b sees v2", () -> "v2".equals(b.getIfPresent("k")));
    a.invalidateAll();
    Poll.until("b's L1 is emptied", () -> b.asMap().isEmpty());
    assertThat(b.get("k", k -> "loaded")).isEqualTo("loaded");

    assertThatThrownBy(() -> asUser(asShop, "blog")).hasMessageContaining("NOPERM");
    RedisURI wrongPassword =
        RedisURI.builder(redis.uri()).withAuthentication("shop", "wrong".toCharArray()).build();
    assertThatThrownBy(() -> asUser(wrongPassword, "shop"))
        .isInstanceOf(RedisConnectionException.class);
  }

  private TwoLevelCache<String, String> asUser(RedisURI uri, String application) {
    TwoLevelCache<String, String> c =
        RedisCacheBuilder.newBuilder(uri)
            .namespace(application, cacheName)
            .commandTimeout(TEST_COMMAND_TIMEOUT)
            .build(Codec.utf8(), Codec.utf8());
    opened.add(c);
    return c;
  }

  @Test
  void closeEndsTheRedisClientThreads() {
    opened.forEach(TwoLevelCache::close);
    TwoLevelCache<String, String> a = instance();
    a.put("k", "v");
    assertThat(lettuceThreads()).isPositive();
    a.close();
    a.close();
    Poll.until("no Lettuce thread is left", () -> lettuceThreads() == 0);
    assertThat(a.asMap()).isEmpty();
  }

  @Test
  void cachesShareOneSetOfClientThreadsAndTheLastToCloseEndsThem() {
    opened.forEach(TwoLevelCache::close);
    Poll.until("no Lettuce thread is left", () -> lettuceThreads() == 0);
    List<TwoLevelCache<String, String>> caches = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      TwoLevelCache<String, String> cache = instance("app", cacheName + "-" + i);
      cache.put("k", "v" + i);
      caches.add(cache);
    }
    TwoLevelCache<String, String> peer = instance("app", cacheName + "-4");
    int ceiling = SharedClientResources.IO_THREADS + SharedClientResources.COMPUTATION_THREADS + 1;
    assertThat(lettuceThreadNames())
        .as("five caches, each with its own two connections, on one pool (and its timer)")
        .hasSizeLessThanOrEqualTo(ceiling);
    assertThat(SharedClientResources.heldResources()).isEqualTo(1);

    caches.subList(0, 4).forEach(TwoLevelCache::close);
    TwoLevelCache<String, String> last = caches.get(4);
    assertThat(last.getIfPresent("k")).isEqualTo("v4");
    peer.put("k", "changed");
    Poll.until(
        "the invalidation reaches the last cache", () -> "changed".equals(last.getIfPresent("k")));

    last.close();
    assertThat(lettuceThreads()).as("the peer still holds the pool").isPositive();
    peer.close();
    Poll.until("no Lettuce thread is left", () -> lettuceThreads() == 0);
    assertThat(SharedClientResources.heldResources()).isZero();
  }

  private static List<String> lettuceThreadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("lettuce-"))
        .map(Thread::getName)
        .sorted()
        .toList();
  }

  private static long lettuceThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("lettuce-"))
        .count();
  }

  @Test
  void aValueThatDoesNotDecodeIsAnsweredByTheLoaderNotThrown() {
    TwoLevelCache<String, String> oldDeployment = instance();
    oldDeployment.put("42", "not json");
    TwoLevelCache<String, JsonCodecTest.Product> newDeployment =
        RedisCacheBuilder.newBuilder(redis.uri())
            .namespace("app", cacheName)
            .commandTimeout(TEST_COMMAND_TIMEOUT)
            .build(Codec.utf8(), JsonCodec.of(JsonCodecTest.Product.class));
    opened.add(newDeployment);
    JsonCodecTest.Product fresh = new JsonCodecTest.Product("42", "tea", 350);

    assertThat(newDeployment.getIfPresent("42")).isNull();
    assertThat(newDeployment.get("42", k -> fresh)).isEqualTo(fresh);
    assertThat(newDeployment.levelStats().l2Errors()).isEqualTo(2);
    newDeployment.put("42", fresh);
    assertThat(newDeployment.getIfPresent("42")).isEqualTo(fresh);
  }

  @Test
  void bytesValuesAreCopiedNotShared() {
    TwoLevelCache<String, byte[]> a =
        RedisCacheBuilder.newBuilder(redis.uri())
            .namespace("app", cacheName)
            .build(Codec.utf8(), Codec.bytes());
    opened.add(a);
    byte[] value = {1, 2, 3};
    a.put("k", value);
    value[0] = 9;
    assertThat(a.getIfPresent("k")).containsExactly(1, 2, 3);
  }
}
