package io.larder.cache.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Spliterator;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Test;

/** The bounded cache's map views describe themselves as Caffeine's do. */
class BoundedCacheViewsTest {

  private static ConcurrentMap<Integer, Integer> larder() {
    ConcurrentMap<Integer, Integer> map =
        io.larder.cache.Caffeine.newBuilder().maximumSize(100).<Integer, Integer>build().asMap();
    map.putAll(Map.of(1, 1, 2, 1, 3, 1));
    return map;
  }

  private static ConcurrentMap<Integer, Integer> caffeine() {
    ConcurrentMap<Integer, Integer> map =
        com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
            .maximumSize(100)
            .<Integer, Integer>build()
            .asMap();
    map.putAll(Map.of(1, 1, 2, 1, 3, 1));
    return map;
  }

  @Test
  void spliteratorCharacteristicsMatchCaffeine() {
    ConcurrentMap<Integer, Integer> larder = larder();
    ConcurrentMap<Integer, Integer> caffeine = caffeine();
    int mask =
        Spliterator.DISTINCT
            | Spliterator.CONCURRENT
            | Spliterator.NONNULL
            | Spliterator.SIZED
            | Spliterator.ORDERED;
    assertThat(larder.keySet().spliterator().characteristics() & mask)
        .isEqualTo(caffeine.keySet().spliterator().characteristics() & mask);
    assertThat(larder.values().spliterator().characteristics() & mask)
        .isEqualTo(caffeine.values().spliterator().characteristics() & mask);
    assertThat(larder.entrySet().spliterator().characteristics() & mask)
        .isEqualTo(caffeine.entrySet().spliterator().characteristics() & mask);
  }

  @Test
  void valuesMayRepeatInStreams() {
    assertThat(larder().values().stream().distinct().count()).isEqualTo(1);
    assertThat(larder().values().stream().count()).isEqualTo(3);
    assertThat(larder().values().parallelStream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
  }

  @Test
  void viewsWriteThroughToTheCache() {
    ConcurrentMap<Integer, Integer> map = larder();
    map.entrySet().iterator().next().setValue(9);
    assertThat(map.values()).contains(9);
    map.keySet().removeIf(k -> k == 2);
    map.values().removeIf(v -> v == 9);
    assertThat(map).hasSize(1);
    map.entrySet().removeIf(e -> true);
    assertThat(map).isEmpty();
  }
}
