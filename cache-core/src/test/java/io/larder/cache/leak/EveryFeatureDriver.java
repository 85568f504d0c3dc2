package io.larder.cache.leak;

import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.Expiry;
import io.larder.cache.LoadingCache;
import io.larder.cache.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Uses every feature, the {@code Scheduler.systemScheduler()} among them: everything {@link
 * LeakDriver} builds, plus bounded caches that expire (after write, after access, variably) with
 * refresh, paced by the system scheduler, weak keys with soft values, and an asynchronous expiring
 * cache. Loaded in its own class loader by {@link ClassLoaderReleaseMain}; it refers to nothing but
 * Larder's public API and the JDK.
 */
public final class EveryFeatureDriver implements Supplier<List<Object>> {
  private final Executor executor;
  private final ScheduledExecutorService scheduler;

  /** A driver whose caches use {@code executor}, and {@code scheduler} where LeakDriver does. */
  public EveryFeatureDriver(Executor executor, ScheduledExecutorService scheduler) {
    this.executor = executor;
    this.scheduler = scheduler;
  }

  @Override
  public List<Object> get() {
    List<Object> built = new ArrayList<>(new LeakDriver(executor, scheduler).get());

    LoadingCache<Integer, String> refreshing =
        Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterWrite(Duration.ofHours(1))
            .refreshAfterWrite(Duration.ofMinutes(1))
            .scheduler(Scheduler.systemScheduler())
            .executor(executor)
            .recordStats()
            .build(k -> "v" + k);
    Cache<String, String> accessed =
        Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofSeconds(5))
            .scheduler(Scheduler.systemScheduler())
            .build();
    Cache<Integer, Integer> variable =
        Caffeine.newBuilder()
            .expireAfter(Expiry.<Integer, Integer>creating((k, v) -> Duration.ofSeconds(3 + k)))
            .scheduler(Scheduler.systemScheduler())
            .executor(executor)
            .build();
    Cache<Object, byte[]> weakAndSoft =
        Caffeine.newBuilder()
            .weakKeys()
            .softValues()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(30))
            .scheduler(Scheduler.systemScheduler())
            .build();
    AsyncLoadingCache<Integer, String> asyncExpiring =
        Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(2))
            .scheduler(Scheduler.systemScheduler())
            .buildAsync(k -> "a" + k);
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      refreshing.get(i);
      accessed.put("k" + i, "v" + i);
      variable.put(i % 20, i);
      Object key = new Object();
      keys.add(key);
      weakAndSoft.put(key, new byte[64]);
      asyncExpiring.get(i).join();
    }
    refreshing.refresh(1);
    CompletableFuture.allOf(asyncExpiring.getAll(List.of(1, 2, 3))).join();
    for (Cache<?, ?> cache :
        List.of(refreshing, accessed, variable, weakAndSoft, asyncExpiring.synchronous())) {
      cache.cleanUp(); // schedules the next expiration on the system scheduler
      built.add(cache);
    }
    built.add(asyncExpiring);
    built.add(keys);
    return built;
  }
}
