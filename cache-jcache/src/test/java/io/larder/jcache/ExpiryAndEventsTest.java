package io.larder.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviour beyond what the TCK checks: an asynchronous listener receives one key's events in
 * order; an expired entry that nobody reads is dropped by Larder's own expiration (so it does not
 * stay in memory), counted as an eviction and published to the expired listeners; an entry read
 * after its deadline is a miss, and its expiry is published once.
 */
class ExpiryAndEventsTest {
  private static final List<String> EXPIRED = new CopyOnWriteArrayList<>();

  private final LarderCachingProvider provider = new LarderCachingProvider();

  @AfterEach
  void close() {
    provider.close();
    EXPIRED.clear();
  }

  /** Records the keys of expired events. */
  public static final class RecordingListener
      implements CacheEntryExpiredListener<String, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events)
        throws CacheEntryListenerException {
      events.forEach(event -> EXPIRED.add(event.getKey() + "=" + event.getOldValue()));
    }
  }

  private static final List<String> UPDATES = new CopyOnWriteArrayList<>();

  /** Records the new values of updated events, in the order received. */
  public static final class UpdateRecorder
      implements CacheEntryUpdatedListener<String, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(event -> UPDATES.add(event.getValue()));
    }
  }

  @Test
  void anAsynchronousListenerReceivesTheEventsOfOneKeyInOrder() {
    UPDATES.clear();
    CacheManager manager =
        provider.getCacheManager(URI.create("test:ordered"), getClass().getClassLoader());
    Cache<String, String> cache =
        manager.createCache(
            "ordered",
            new LarderConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .addCacheEntryListenerConfiguration(
                    new MutableCacheEntryListenerConfiguration<>(
                        FactoryBuilder.factoryOf(UpdateRecorder.class), null, false, false)));
    cache.put("key", "0");
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 2_000; i++) {
      cache.put("key", Integer.toString(i));
      expected.add(Integer.toString(i));
    }
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(UPDATES).hasSize(2_000));
    assertThat(UPDATES).containsExactlyElementsOf(expected);
  }

  private Cache<String, String> cacheExpiringAfter(long millis) {
    CacheManager manager =
        provider.getCacheManager(URI.create("test:expiry"), getClass().getClassLoader());
    return manager.createCache(
        "expiring",
        new LarderConfiguration<String, String>()
            .setTypes(String.class, String.class)
            .setExpiryPolicyFactory(
                CreatedExpiryPolicy.factoryOf(
                    new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, millis)))
            .setStatisticsEnabled(true)
            .addCacheEntryListenerConfiguration(
                new MutableCacheEntryListenerConfiguration<>(
                    FactoryBuilder.factoryOf(RecordingListener.class), null, true, true)));
  }

  @Test
  void anExpiredEntryNobodyReadsIsDroppedByLarderAndPublished() {
    Cache<String, String> cache = cacheExpiringAfter(20);
    cache.put("unread", "value");
    io.larder.cache.Cache<?, ?> larder = cache.unwrap(io.larder.cache.Cache.class);
    // Larder's maintenance runs on writes and cleanUp(); nothing here reads "unread".
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              larder.cleanUp();
              assertThat(larder.estimatedSize()).isZero();
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(EXPIRED).containsExactly("unread=value"));
    assertThat(((LarderJCache<String, String>) cache).statistics().getCacheEvictions())
        .isEqualTo(1);
  }

  @Test
  void aReadAfterTheDeadlineMissesAndTheExpiryIsPublishedOnce() {
    Cache<String, String> cache = cacheExpiringAfter(20);
    cache.put("read", "value");
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    await().atMost(Duration.ofSeconds(30)).until(() -> System.nanoTime() - deadline > 0);
    assertThat(cache.get("read")).isNull();
    assertThat(cache.containsKey("read")).isFalse();
    // Published once: by the read when it found the entry (within Larder's grace second), or by
    // Larder's expiration when it had already dropped it, never by both.
    io.larder.cache.Cache<?, ?> larder = cache.unwrap(io.larder.cache.Cache.class);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              larder.cleanUp();
              assertThat(EXPIRED).containsExactly("read=value");
            });
    assertThat(larder.estimatedSize()).isZero();
  }
}
