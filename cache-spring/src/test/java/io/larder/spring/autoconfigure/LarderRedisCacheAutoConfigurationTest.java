package io.larder.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.redis.L2WriteException;
import io.larder.cache.redis.RedisServer;
import io.larder.cache.redis.TwoLevelCache;
import io.larder.spring.LarderCacheManager;
import io.larder.spring.redis.LettuceThreads;
import io.larder.spring.redis.TwoLevelCacheManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * {@code larder.cache.redis.enabled} against a real redis-server on loopback: what it changes, what
 * it leaves alone, its errors, the annotations across two contexts, the client threads' end, and
 * the health component.
 */
class LarderRedisCacheAutoConfigurationTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static RedisServer redis;

  private final ApplicationContextRunner plain =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  LarderRedisCacheAutoConfiguration.class,
                  LarderCacheAutoConfiguration.class,
                  CacheAutoConfiguration.class))
          .withUserConfiguration(CachingConfiguration.class);

  private ApplicationContextRunner twoLevel() {
    return plain.withPropertyValues(
        "larder.cache.redis.enabled=true",
        "larder.cache.redis.key-prefix=autoconfig-test",
        "larder.cache.redis.value-type=java.lang.String",
        "spring.data.redis.host=127.0.0.1",
        "spring.data.redis.port=" + redis.port());
  }

  @BeforeAll
  static void startRedis() throws IOException {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws IOException {
    redis.close();
  }

  /** A "database" that two contexts share, as two instances of an application share theirs. */
  static final class Database {
    final Map<Long, String> titles = new ConcurrentHashMap<>();
  }

  /** A service whose methods carry the three annotations. */
  static class Books {
    private final Database database;
    private final AtomicInteger loads = new AtomicInteger();

    Books(Database database) {
      this.database = database;
    }

    /** How many times a read ran the method (a proxy's fields are not the bean's: ask it). */
    public int loads() {
      return loads.get();
    }

    @Cacheable("books")
    public @Nullable String find(Long id) {
      loads.incrementAndGet();
      return database.titles.get(id);
    }

    @Cacheable(value = "books", sync = true)
    public @Nullable String findSynchronized(Long id) {
      loads.incrementAndGet();
      return database.titles.get(id);
    }

    @CachePut(value = "books", key = "#p0")
    public String save(Long id, String title) {
      database.titles.put(id, title);
      return title;
    }

    @CacheEvict("books")
    public void remove(Long id) {
      database.titles.remove(id);
    }

    @CacheEvict(value = "books", allEntries = true)
    public void forgetAll() {}
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class EnableCachingOnly {}

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CachingConfiguration {
    @Bean
    Books books(Database database) {
      return new Books(database);
    }
  }

  /** A Redis connection factory, with which Spring Boot would pick its RedisCacheManager. */
  @Configuration(proxyBeanMethods = false)
  static class RedisConnectionConfiguration {
    @Bean
    LettuceConnectionFactory redisConnectionFactory() {
      return new LettuceConnectionFactory("127.0.0.1", redis.port());
    }
  }

  @Test
  void withoutThePropertyNothingChanges() {
    Database database = new Database();
    plain
        .withBean(Database.class, () -> database)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(CacheManager.class))
                  .isExactlyInstanceOf(LarderCacheManager.class);
              assertThat(context).doesNotHaveBean(LarderCacheManagerFactory.class);
              assertThat(context).doesNotHaveBean(LarderRedisProperties.class);
            });
    plain
        .withBean(Database.class, () -> database)
        .withUserConfiguration(RedisConnectionConfiguration.class)
        .run(
            context ->
                assertThat(context.getBean(CacheManager.class))
                    .isInstanceOf(RedisCacheManager.class));
    plain
        .withBean(Database.class, () -> database)
        .withPropertyValues("larder.cache.redis.enabled=false")
        .run(
            context ->
                assertThat(context.getBean(CacheManager.class))
                    .isExactlyInstanceOf(LarderCacheManager.class));
  }

  @Test
  void propertyChoosesLarderOverBootsRedisCacheManagerWithoutCacheType() {
    twoLevel()
        .withBean(Database.class, Database::new)
        .withUserConfiguration(RedisConnectionConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(CacheManager.class);
              assertThat(context.getBean(CacheManager.class))
                  .isInstanceOf(TwoLevelCacheManager.class);
              assertThat(
                      context
                          .getBean(TwoLevelCacheManager.class)
                          .getCache("books")
                          .getNativeCache())
                  .isInstanceOf(TwoLevelCache.class);
              assertThat(context).doesNotHaveBean(LarderCacheBackOffNotice.class);
            });
  }

  @Test
  void annotationsAgreeAcrossTwoContextsSharingRedis() {
    Database database = new Database();
    database.titles.put(1L, "Dune");
    ApplicationContextRunner runner = twoLevel().withBean(Database.class, () -> database);
    runner.run(
        a ->
            runner.run(
                b -> {
                  Books onA = a.getBean(Books.class);
                  Books onB = b.getBean(Books.class);

                  assertThat(onA.find(1L)).isEqualTo("Dune");
                  assertThat(onB.find(1L)).isEqualTo("Dune");
                  assertThat(onB.loads()).as("B read A's load from Redis").isEqualTo(0);

                  onA.save(1L, "Dune Messiah");
                  awaitOn(onB, 1L, "Dune Messiah");
                  assertThat(onB.loads())
                      .as("B read A's @CachePut from Redis, not the database")
                      .isEqualTo(0);

                  onA.remove(1L);
                  database.titles.put(1L, "Children of Dune");
                  awaitOn(onB, 1L, "Children of Dune");
                  assertThat(onB.loads()).as("@CacheEvict on A made B load").isEqualTo(1);

                  assertThat(onA.find(2L)).as("a null result is cached too").isNull();
                  assertThat(onB.find(2L)).isNull();
                  assertThat(onB.loads()).as("B read A's null from Redis").isEqualTo(1);

                  database.titles.put(1L, "God Emperor of Dune");
                  database.titles.put(2L, "Heretics of Dune");
                  assertThat(onB.find(1L)).as("still cached").isEqualTo("Children of Dune");
                  onA.forgetAll();
                  awaitOn(onB, 1L, "God Emperor of Dune");
                  assertThat(onB.find(2L)).isEqualTo("Heretics of Dune");
                }));
  }

  @Test
  void metersDescribeL1AndBothLevels() {
    twoLevel()
        .withBean(Database.class, Database::new)
        .withConfiguration(
            AutoConfigurations.of(
                LarderCacheMetricsAutoConfiguration.class, CacheMetricsAutoConfiguration.class))
        .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("larder.monitor.enabled=false")
        .run(
            context -> {
              Books books = context.getBean(Books.class);
              books.save(1L, "Dune");
              books.find(1L);
              books.find(1L);
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(
                      registry
                          .get("cache.level.gets")
                          .tag("cache", "books")
                          .tag("level", "l2")
                          .tag("result", "hit")
                          .functionCounter()
                          .count())
                  .isEqualTo(1.0);
              assertThat(
                      registry
                          .get("cache.level.gets")
                          .tag("cache", "books")
                          .tag("level", "l1")
                          .tag("result", "hit")
                          .functionCounter()
                          .count())
                  .isEqualTo(1.0);
              assertThat(registry.get("cache.l2.connected").tag("cache", "books").gauge().value())
                  .isEqualTo(1.0);
              assertThat(
                      registry.get("cache.memory.estimated").tag("cache", "books").gauge().value())
                  .as("L1's estimate, through the two-level cache's insight")
                  .isPositive();
            });
  }

  @Test
  void aCacheableMissIsAnsweredWhileRedisIsDown() throws Exception {
    // The manager logs through System.Logger, which is java.util.logging here; a handler on its
    // logger sees the records whatever the console handlers were bound to.
    java.util.logging.Logger logger =
        java.util.logging.Logger.getLogger(TwoLevelCacheManager.class.getName());
    List<String> warnings = new CopyOnWriteArrayList<>();
    java.util.logging.Handler handler =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            if (record.getLevel() == java.util.logging.Level.WARNING) {
              warnings.add(record.getMessage());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    Database database = new Database();
    database.titles.put(2L, "Emma");
    database.titles.put(3L, "Ulysses");
    twoLevel()
        .withBean(Database.class, () -> database)
        .withPropertyValues("larder.cache.redis.command-timeout=1s")
        .run(
            context -> {
              Books books = context.getBean(Books.class);
              books.save(1L, "Dune");
              assertThat(books.find(1L)).as("read from Redis into L1").isEqualTo("Dune");
              TwoLevelCache<?, ?> cache =
                  (TwoLevelCache<?, ?>)
                      context
                          .getBean(TwoLevelCacheManager.class)
                          .getCache("books")
                          .getNativeCache();
              redis.kill();
              try {
                assertThat(books.find(1L)).as("L1 keeps answering").isEqualTo("Dune");
                long errors = cache.levelStats().l2Errors();
                // A plain @Cacheable miss: Spring fills the cache with the same put as a
                // @CachePut, which cannot write Redis; the read answers all the same.
                assertThat(books.find(2L)).isEqualTo("Emma");
                assertThat(books.findSynchronized(3L)).isEqualTo("Ulysses");
                assertThat(cache.levelStats().l2Errors())
                    .as("the failed fill is counted")
                    .isGreaterThan(errors);
                books.save(1L, "Emma 2");
                books.remove(2L);
                books.forgetAll();
                assertThat(books.find(1L)).as("the method answers").isEqualTo("Emma 2");
                assertThat(cache.levelStats().l2Errors() - errors)
                    .as("five writes failed: two fills, a put, an evict, a clear")
                    .isGreaterThanOrEqualTo(5);
                assertThat(warnings)
                    .as("one warning for the outage, not one per failed write")
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("Cache 'books': Redis could not be written");
              } finally {
                logger.removeHandler(handler);
                redis.restart();
              }
            });
  }

  @Test
  void writeThatCannotReachRedisSaysSoInThrowMode() throws Exception {
    twoLevel()
        .withBean(Database.class, Database::new)
        .withPropertyValues(
            "larder.cache.redis.command-timeout=1s", "larder.cache.redis.write-failure=throw")
        .run(
            context -> {
              Books books = context.getBean(Books.class);
              books.save(1L, "Dune");
              assertThat(books.find(1L)).as("read from Redis into L1").isEqualTo("Dune");
              redis.kill();
              try {
                assertThat(books.find(1L)).as("L1 keeps answering").isEqualTo("Dune");
                // A miss: sync = true runs the method through the cache, which answers it without
                // Redis; a plain @Cacheable puts the result afterwards, and that put cannot be told
                // from a @CachePut, so in this mode it says that Redis could not be written.
                assertThat(books.findSynchronized(2L)).isNull();
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> books.find(3L))
                    .isInstanceOf(L2WriteException.class);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> books.remove(1L))
                    .isInstanceOf(L2WriteException.class);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> books.save(1L, "Emma"))
                    .isInstanceOf(L2WriteException.class)
                    .hasMessageContaining("autoconfig-test:books")
                    .hasMessageContaining("could not write Redis");
              } finally {
                redis.restart();
              }
            });
  }

  @Test
  void closesTheClientsAndTheirThreadsWithTheContext() {
    Set<String> before = LettuceThreads.names();
    twoLevel()
        .withBean(Database.class, Database::new)
        .run(
            context -> {
              context.getBean(Books.class).find(1L);
              assertThat(LettuceThreads.names()).as("the cache's client runs").isNotEmpty();
            });
    await(
        "every Lettuce thread the context started has ended",
        () -> before.containsAll(LettuceThreads.names()));
  }

  @Test
  void closesACacheThatTheManagerRebuilds() {
    twoLevel()
        .withBean(Database.class, Database::new)
        .run(
            context -> {
              TwoLevelCacheManager manager = context.getBean(TwoLevelCacheManager.class);
              TwoLevelCache<?, ?> first =
                  (TwoLevelCache<?, ?>) manager.getCache("books").getNativeCache();
              assertThat(first.isL2Connected()).isTrue();
              manager.setCacheSpecification("maximumSize=10");
              assertThat(first.isL2Connected()).as("the replaced cache was closed").isFalse();
              assertThat(
                      ((TwoLevelCache<?, ?>) manager.getCache("books").getNativeCache())
                          .isL2Connected())
                  .isTrue();
            });
  }

  @Test
  void settingsAreCheckedAtStartUp() {
    ApplicationContextRunner runner = twoLevel().withBean(Database.class, Database::new);
    assertFailure(
        plain
            .withBean(Database.class, Database::new)
            .withPropertyValues("larder.cache.redis.enabled=true"),
        "larder.cache.redis.key-prefix",
        "is required");
    assertFailure(
        runner.withPropertyValues("larder.cache.redis.key-prefix=my app"),
        "larder.cache.redis.key-prefix",
        "letters, digits");
    assertFailure(
        runner.withPropertyValues("larder.cache.redis.codec=java"),
        "larder.cache.redis.codec",
        "must be json, string or bytes");
    assertFailure(
        runner.withPropertyValues("larder.cache.redis.value-types.books=com.nope.Book"),
        "larder.cache.redis.value-types.books",
        "com.nope.Book");
    assertFailure(
        runner.withPropertyValues("larder.cache.redis.write-failure=ignore"),
        "larder.cache.redis.write-failure",
        "must be log or throw");
    assertFailure(
        runner.withPropertyValues("larder.cache.redis.time-to-live=0s"),
        "larder.cache.redis.time-to-live",
        "at least one millisecond");
    assertFailure(
        runner.withPropertyValues("larder.cache.async=true"),
        "larder.cache.async",
        "no asynchronous form");
    assertFailure(
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    LarderRedisCacheAutoConfiguration.class,
                    LarderCacheAutoConfiguration.class,
                    CacheAutoConfiguration.class))
            .withUserConfiguration(EnableCachingOnly.class)
            .withPropertyValues("larder.cache.redis.enabled=true")
            .withClassLoader(new FilteredClassLoader(TwoLevelCache.class)),
        "larder.cache.redis.enabled",
        "io.larder:cache-redis");
  }

  @Test
  void jsonCacheWithoutValueTypeNamesTheProperty() {
    plain
        .withBean(Database.class, Database::new)
        .withPropertyValues(
            "larder.cache.redis.enabled=true",
            "larder.cache.redis.key-prefix=autoconfig-test",
            "spring.data.redis.port=" + redis.port())
        .run(
            context ->
                org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> context.getBean(Books.class).find(1L))
                    .hasMessageContaining("larder.cache.redis.value-types.books"));
  }

  @Test
  void valueOfAnotherTypeThanDeclaredFailsItsWrite() {
    twoLevel()
        .withBean(Database.class, Database::new)
        .withPropertyValues("larder.cache.redis.value-types.books=java.lang.Integer")
        .run(
            context ->
                org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> context.getBean(Books.class).save(1L, "Dune"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("larder.cache.redis.value-types.books=java.lang.Integer")
                    .hasMessageContaining("java.lang.String"));
  }

  @Test
  void healthIsUpWhileConnectedAndDownOnlyAfterTheLinkStayedDown() throws Exception {
    twoLevel()
        .withBean(Database.class, Database::new)
        .run(
            context -> {
              assertThat(context).hasSingleBean(LarderRedisHealthIndicator.class);
              AtomicLong clock = new AtomicLong();
              LarderRedisHealthIndicator health =
                  new LarderRedisHealthIndicator(
                      new LarderCacheManagers(context)::find,
                      cache -> ((TwoLevelCache<?, ?>) cache.getNativeCache()).isL2Connected(),
                      Duration.ofSeconds(30),
                      clock::get);
              assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);

              context.getBean(Books.class).find(1L);
              assertThat(health.health().getStatus()).isEqualTo(Status.UP);
              TwoLevelCache<?, ?> cache =
                  (TwoLevelCache<?, ?>)
                      context.getBean(CacheManager.class).getCache("books").getNativeCache();

              redis.kill();
              try {
                await("the link is seen down", () -> !cache.isL2Connected());
                Health blip = health.health();
                assertThat(blip.getStatus()).as("a short outage is not DOWN").isEqualTo(Status.UP);
                assertThat(blip.getDetails()).containsEntry("link", "reconnecting");
                clock.addAndGet(Duration.ofSeconds(29).toNanos());
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                clock.addAndGet(Duration.ofSeconds(1).toNanos());
                Health down = health.health();
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(down.getDetails())
                    .containsEntry("caches", Map.of("cacheManager.books", "disconnected"));
              } finally {
                redis.restart();
              }
              await("the link is back", cache::isL2Connected);
              assertThat(health.health().getStatus()).isEqualTo(Status.UP);
              assertThat(health.health().getDetails()).containsEntry("link", "connected");
            });
    twoLevel()
        .withBean(Database.class, Database::new)
        .withPropertyValues("management.health.larder-redis.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(LarderRedisHealthIndicator.class));
  }

  private static void awaitOn(Books books, Long id, String title) {
    await("the other context reads '" + title + "'", () -> title.equals(books.find(id)));
  }

  private static void await(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("Not within " + DEADLINE + ": " + what);
      }
      LockSupport.parkNanos(1_000_000L);
    }
  }

  private static void assertFailure(ApplicationContextRunner runner, String... fragments) {
    runner.run(
        (AssertableApplicationContext context) -> {
          assertThat(context).hasFailed();
          Throwable failure = context.getStartupFailure();
          StringBuilder messages = new StringBuilder();
          for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
          }
          assertThat(messages.toString()).contains(fragments);
        });
  }
}
