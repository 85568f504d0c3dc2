package io.larder.spring.autoconfigure;

import io.larder.spring.LarderCache;
import io.larder.spring.LarderCacheManager;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code larderRedis} health component: the state of the two-level caches' links to Redis.
 *
 * <p>UP while every two-level cache is connected. When a link is down the application still answers
 * (reads fall back to L1 and the cached methods), so a short outage must not fail a probe and get
 * healthy instances restarted: the component stays UP, with {@code link: reconnecting} and the
 * caches concerned in its details, until it has seen the link down for {@code
 * larder.cache.redis.health.down-after} (30 s by default), and only then reports DOWN (writes to
 * the caches fail meanwhile, and other instances' updates are not seen). Spring Boot's liveness and
 * readiness groups do not include it unless the application adds it. UNKNOWN until the first
 * two-level cache exists (caches are created on first use).
 */
public class LarderRedisHealthIndicator extends AbstractHealthIndicator {
  private final Supplier<Map<String, LarderCacheManager>> cacheManagers;
  private final Predicate<LarderCache> connected;
  private final long downAfterNanos;
  private final LongSupplier nanoTime;
  private final Object lock = new Object();
  private long downSince;
  private boolean down;

  /**
   * Creates the indicator.
   *
   * @param cacheManagers finds the managers whose two-level caches are reported
   * @param connected tells whether a two-level cache's link to Redis is open
   * @param downAfter how long the link must have been seen down before DOWN
   * @param nanoTime the clock ({@code System::nanoTime})
   */
  LarderRedisHealthIndicator(
      Supplier<Map<String, LarderCacheManager>> cacheManagers,
      Predicate<LarderCache> connected,
      Duration downAfter,
      LongSupplier nanoTime) {
    super("Larder Redis health check failed");
    this.cacheManagers = cacheManagers;
    this.connected = connected;
    this.downAfterNanos = downAfter.toNanos();
    this.nanoTime = nanoTime;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Map<String, String> links = new TreeMap<>();
    cacheManagers
        .get()
        .forEach(
            (managerName, manager) -> {
              for (LarderCache cache : manager.getCaches()) {
                if (LarderRedisCacheAutoConfiguration.isTwoLevel(cache.getNativeCache())) {
                  links.put(
                      managerName + "." + cache.getName(),
                      connected.test(cache) ? "connected" : "disconnected");
                }
              }
            });
    if (links.isEmpty()) {
      builder.unknown().withDetail("reason", "no two-level cache has been created yet");
      return;
    }
    boolean allConnected = !links.containsValue("disconnected");
    long now = nanoTime.getAsLong();
    long downFor;
    synchronized (lock) {
      if (allConnected) {
        down = false;
        downFor = 0;
      } else {
        if (!down) {
          down = true;
          downSince = now;
        }
        downFor = now - downSince;
      }
    }
    builder.withDetail("caches", links);
    if (allConnected) {
      builder.up().withDetail("link", "connected");
    } else if (downFor < downAfterNanos) {
      builder
          .up()
          .withDetail("link", "reconnecting")
          .withDetail("downFor", Duration.ofNanos(downFor).toString())
          .withDetail("downAfter", Duration.ofNanos(downAfterNanos).toString());
    } else {
      builder
          .down()
          .withDetail("link", "disconnected")
          .withDetail("downFor", Duration.ofNanos(downFor).toString());
    }
  }
}
