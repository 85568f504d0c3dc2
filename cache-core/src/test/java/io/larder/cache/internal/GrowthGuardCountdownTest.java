package io.larder.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.LeakGuard;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The growth guard of an unbounded cache counts only the writes that add an entry: a replacement
 * cannot grow the table, and counting it would have every put of a replace-heavy workload write the
 * guard's one shared field (see {@link UnboundedGrowthGuard}).
 */
class GrowthGuardCountdownTest {

  private static UnboundedGrowthGuard guardOf(Cache<?, ?> cache) {
    Object storage = ((LocalManualCache<?, ?>) cache).cache;
    return Objects.requireNonNull(((CacheGuards.Holder) storage).guards().growthGuard());
  }

  @Test
  void replacementsLeaveTheCountdownAndEveryKindOfAddTicksIt() {
    Cache<Integer, Integer> cache =
        Caffeine.newBuilder().leakGuard(LeakGuard.of(0.5, 0.8, 1_000)).<Integer, Integer>build();
    UnboundedGrowthGuard guard = guardOf(cache);
    Map<Integer, Integer> map = cache.asMap();
    int start = guard.countdown();

    for (int key = 0; key < 10; key++) {
      cache.put(key, key);
    }
    assertThat(guard.countdown()).isEqualTo(start - 10);

    // The countdown is cyclic (it restarts when it runs out), so look after every single write
    int afterInserts = guard.countdown();
    List<Consumer<Integer>> replacements =
        List.of(
            key -> cache.put(key, key + 1),
            key -> map.merge(key, 1, Integer::sum),
            key -> map.compute(key, (k, v) -> k),
            key -> map.computeIfPresent(key, (k, v) -> v + 1),
            key -> map.replace(key, key),
            key -> map.putIfAbsent(key, key),
            key -> cache.get(key, k -> k));
    for (int key = 0; key < 10; key++) {
      for (Consumer<Integer> replacement : replacements) {
        replacement.accept(key);
        assertThat(guard.countdown()).isEqualTo(afterInserts);
      }
    }
    assertThat(cache.estimatedSize()).isEqualTo(10);

    List<Consumer<Integer>> inserts =
        List.of(
            key -> cache.put(key, key),
            key -> map.merge(key, key, Integer::sum),
            key -> map.compute(key, (k, v) -> k),
            key -> map.putIfAbsent(key, key),
            key -> cache.get(key, k -> k));
    int expected = afterInserts;
    for (int i = 0; i < inserts.size(); i++) {
      inserts.get(i).accept(10 + i);
      expected = (expected == 1) ? UnboundedGrowthGuard.SIZE_READ_INTERVAL : expected - 1;
      assertThat(guard.countdown()).isEqualTo(expected);
    }
  }
}
