package io.larder.cache.leak;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Caffeine;
import io.larder.cache.LeakGuard;
import io.larder.cache.LoadingCache;
import io.larder.cache.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Uses every kind of cache the builder offers today, with listeners, statistics, a user's
 * scheduler, loads that never complete, the guards (a trim and a churn warning) and the insight;
 * returns what it built so that the caller decides how long it lives. Used by {@link
 * CacheCollectedTest}, {@link NoThreadStartedTest} and, loaded in its own class loader, by {@link
 * ClassLoaderLeakTest}: so it refers to nothing but Larder's public API and the JDK.
 */
public final class LeakDriver implements Supplier<List<Object>> {
  private final Executor executor;
  private final ScheduledExecutorService scheduler;

  /** A driver whose caches use {@code executor} and the user's {@code scheduler}. */
  public LeakDriver(Executor executor, ScheduledExecutorService scheduler) {
    this.executor = executor;
    this.scheduler = scheduler;
  }

  @Override
  public List<Object> get() {
    List<Object> built = new ArrayList<>();
    List<Object> removed = new ArrayList<>();
    Scheduler userScheduler = Scheduler.forScheduledExecutorService(scheduler);
    double max = Runtime.getRuntime().maxMemory();
    LeakGuard tightGuard = LeakGuard.of((256 << 10) / max, (512 << 10) / max, 3);

    Cache<String, byte[]> unbounded =
        Caffeine.newBuilder()
            .executor(executor)
            .scheduler(userScheduler)
            .recordStats()
            .leakGuard(tightGuard)
            .evictionListener((k, v, c) -> removed.add(c))
            .<String, byte[]>removalListener((k, v, c) -> removed.add(c))
            .build();
    for (int i = 0; i < 2_000; i++) {
      unbounded.put("k" + i, new byte[1024]); // trimmed by the guard
    }
    built.add(unbounded);

    Cache<Integer, Integer> bySize =
        Caffeine.newBuilder()
            .maximumSize(100)
            .executor(executor)
            .recordStats()
            .<Integer, Integer>removalListener((k, v, c) -> removed.add(c))
            .build();
    Cache<Integer, Integer> byWeight =
        Caffeine.newBuilder()
            .maximumWeight(1_000)
            .<Integer, Integer>weigher((k, v) -> 1 + (v % 7))
            .executor(executor)
            .recordStats()
            .build();
    for (int i = 0; i < 1_000; i++) {
      bySize.put(i, i);
      byWeight.put(i, i);
      bySize.getIfPresent(i / 2);
    }
    built.add(bySize);
    built.add(byWeight);

    LoadingCache<Integer, String> loading =
        Caffeine.newBuilder().executor(executor).recordStats().build(k -> "v" + k);
    LoadingCache<Integer, String> boundedLoading =
        Caffeine.newBuilder().maximumSize(10).executor(executor).recordStats().build(k -> "v" + k);
    for (int i = 0; i < 100; i++) {
      loading.get(i);
      boundedLoading.get(i);
    }
    loading.refresh(1);
    built.add(loading);
    built.add(boundedLoading);

    CompletableFuture<String> neverCompletes = new CompletableFuture<>();
    AsyncLoadingCache<Integer, String> asyncLoading =
        Caffeine.newBuilder()
            .executor(executor)
            .recordStats()
            .buildAsync(
                (Integer k, Executor e) ->
                    (k < 0) ? neverCompletes : CompletableFuture.completedFuture("v" + k));
    asyncLoading.get(-1); // a load in flight forever
    asyncLoading.get(1);
    AsyncCache<Integer, String> async = Caffeine.newBuilder().executor(executor).buildAsync();
    async.put(1, new CompletableFuture<>());
    async.get(2, k -> "two");
    built.add(asyncLoading);
    built.add(async);

    // Churn: more live caches built here than the tight guard's threshold of 3.
    for (int i = 0; i < 5; i++) {
      built.add(Caffeine.newBuilder().leakGuard(tightGuard).executor(executor).build());
    }
    for (Object cache : built) {
      CacheInsight insight = CacheInsight.of(cache).orElseThrow();
      insight.estimatedBytes();
      insight.loadsInFlight();
      insight.guardWarnings();
    }
    built.add(removed);
    return built;
  }
}
