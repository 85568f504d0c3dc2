package io.larder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.stats.CacheStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnboundedCacheSmokeTest {

  @Test
  void manualCacheStoresCountsAndNotifies() {
    List<String> removals = new ArrayList<>();
    Cache<String, Integer> cache =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .recordStats()
            .removalListener(
                (String k, Integer v, RemovalCause c) -> removals.add(k + "=" + v + " " + c))
            .build();

    assertThat(cache.getIfPresent("a")).isNull();
    assertThat(cache.get("a", k -> 1)).isEqualTo(1);
    cache.put("a", 2);
    cache.invalidate("a");

    long loadTime = cache.stats().totalLoadTime();
    assertThat(cache.stats()).isEqualTo(CacheStats.of(0, 2, 1, 0, loadTime, 0, 0));
    assertThat(removals).containsExactly("a=1 REPLACED", "a=2 EXPLICIT");
  }

  @Test
  void loadingCacheLoadsAbsentKeys() {
    LoadingCache<Integer, Integer> cache =
        Caffeine.newBuilder().executor(Runnable::run).build(key -> key * 10);

    assertThat(cache.get(1)).isEqualTo(10);
    assertThat(cache.getAll(Set.of(2))).isEqualTo(Map.of(2, 20));
    assertThat(cache.refresh(3).join()).isEqualTo(30);
    assertThat(cache.asMap()).containsOnlyKeys(1, 2, 3);
  }

  @Test
  void boundedSettingsBuild() {
    // Size, weight, expiration, refresh and weak or soft references are all on the bounded storage
    Cache<Object, Object> cache =
        Caffeine.newBuilder()
            .maximumSize(10)
            .expireAfterWrite(java.time.Duration.ofMinutes(1))
            .weakKeys()
            .build();
    Object key = new Object();
    cache.put(key, "v");
    assertThat(cache.getIfPresent(key)).isEqualTo("v");
  }
}
