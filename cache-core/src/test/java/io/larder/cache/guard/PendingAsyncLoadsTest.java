package io.larder.cache.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Caffeine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * Async loads that never complete do not hold back the eviction of other entries in a bounded async
 * cache: in flight they weigh nothing and are never evicted, as in Caffeine, and the insight counts
 * them.
 */
class PendingAsyncLoadsTest {

  @Test
  void loadsThatNeverCompleteDoNotHoldBackEvictionAndAreCounted() {
    List<CompletableFuture<String>> never = new ArrayList<>();
    AsyncLoadingCache<Integer, String> cache =
        Caffeine.newBuilder()
            .maximumSize(10)
            .executor(Runnable::run)
            .buildAsync(
                (Integer key, Executor executor) -> {
                  if (key < 0) {
                    CompletableFuture<String> pending = new CompletableFuture<>();
                    never.add(pending);
                    return pending;
                  }
                  return CompletableFuture.completedFuture("v" + key);
                });
    for (int i = 1; i <= 5; i++) {
      cache.get(-i);
    }
    for (int i = 0; i < 1_000; i++) {
      cache.get(i).join();
    }
    cache.synchronous().cleanUp();

    long completed = cache.asMap().values().stream().filter(CompletableFuture::isDone).count();
    assertThat(completed).isLessThanOrEqualTo(10);
    for (int i = 1; i <= 5; i++) {
      assertThat(cache.getIfPresent(-i)).isSameAs(never.get(i - 1));
    }
    assertThat(CacheInsight.of(cache).orElseThrow().loadsInFlight()).isEqualTo(5);
  }
}
