package io.larder.cache.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.Policy;
import io.larder.cache.RemovalCause;
import io.larder.cache.stats.CacheStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random operation sequences on size- and weight-bounded caches (same-thread executor), checked
 * against a model: after {@code cleanUp()} the cache is within its bound, its weighted size is the
 * sum of its entries' weights, its contents are the model's (every write applied, every notified
 * removal removed), and its eviction statistics agree with the SIZE notifications.
 */
class EvictionInvariantsTest {

  private record Notification(Integer key, Integer value, RemovalCause cause) {}

  private static int weigh(Integer key, Integer value) {
    return Math.floorMod(value, 7); // zero weights included
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
  void sizeBoundedCacheKeepsItsInvariants(long seed) {
    runRandomOperations(seed, /* weighted= */ false);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
  void weightBoundedCacheKeepsItsInvariants(long seed) {
    runRandomOperations(seed, /* weighted= */ true);
  }

  private static void runRandomOperations(long seed, boolean weighted) {
    Random random = new Random(seed);
    List<Notification> notifications = new ArrayList<>();
    List<Notification> evictions = new ArrayList<>();
    Caffeine<Object, Object> builder = Caffeine.newBuilder().executor(Runnable::run).recordStats();
    long maximum = 1 + random.nextInt(weighted ? 200 : 60);
    if (weighted) {
      builder.maximumWeight(maximum);
    } else {
      builder.maximumSize(maximum);
    }
    Caffeine<Integer, Integer> typed =
        builder
            .<Integer, Integer>removalListener(
                (k, v, c) -> notifications.add(new Notification(k, v, c)))
            .evictionListener((k, v, c) -> evictions.add(new Notification(k, v, c)));
    if (weighted) {
      typed = typed.weigher(EvictionInvariantsTest::weigh);
    }
    Cache<Integer, Integer> cache = typed.build();
    ConcurrentMap<Integer, Integer> map = cache.asMap();
    Policy.Eviction<Integer, Integer> eviction = cache.policy().eviction().orElseThrow();
    Map<Integer, Integer> model = new HashMap<>();
    int keySpace = (int) Math.max(4, maximum * 3);

    int consumed = 0;
    for (int step = 0; step < 4_000; step++) {
      Integer key = random.nextInt(keySpace);
      Integer value = random.nextInt(1000);
      switch (random.nextInt(14)) {
        case 0, 1, 2 -> {
          cache.put(key, value);
          model.put(key, value);
        }
        case 3, 4, 5 -> cache.getIfPresent(key);
        case 6 -> {
          Integer loaded = cache.get(key, k -> value);
          model.put(key, loaded);
        }
        case 7 -> {
          cache.invalidate(key);
          model.remove(key);
        }
        case 8 -> {
          Integer result = map.merge(key, value, (a, b) -> (a + b) % 1000);
          model.put(key, result);
        }
        case 9 -> {
          Integer result = map.compute(key, (k, v) -> (v == null) ? value : null);
          if (result == null) {
            model.remove(key);
          } else {
            model.put(key, result);
          }
        }
        case 10 -> {
          Integer prior = map.putIfAbsent(key, value);
          model.put(key, (prior == null) ? value : prior);
        }
        case 11 -> {
          if (map.replace(key, value) != null) {
            model.put(key, value);
          }
        }
        case 12 -> {
          if (random.nextInt(20) == 0) {
            eviction.setMaximum(1 + random.nextInt((int) maximum * 2));
          }
        }
        default -> {
          if (random.nextInt(100) == 0) {
            cache.invalidateAll();
            model.clear();
          }
        }
      }
      // Apply the removals the cache chose on its own (size evictions) to the model.
      for (; consumed < notifications.size(); consumed++) {
        Notification n = notifications.get(consumed);
        if (n.cause() == RemovalCause.SIZE) {
          model.remove(n.key(), n.value());
        }
      }
      if (random.nextInt(50) == 0) {
        cache.cleanUp();
        assertInvariants(cache, eviction, notifications, evictions, model);
      }
    }
    cache.cleanUp();
    for (; consumed < notifications.size(); consumed++) {
      Notification n = notifications.get(consumed);
      if (n.cause() == RemovalCause.SIZE) {
        model.remove(n.key(), n.value());
      }
    }
    assertInvariants(cache, eviction, notifications, evictions, model);
  }

  private static void assertInvariants(
      Cache<Integer, Integer> cache,
      Policy.Eviction<Integer, Integer> eviction,
      List<Notification> notifications,
      List<Notification> evictions,
      Map<Integer, Integer> model) {
    long maximum = eviction.getMaximum();
    long weightSum = 0;
    for (Map.Entry<Integer, Integer> entry : cache.asMap().entrySet()) {
      weightSum += eviction.isWeighted() ? weigh(entry.getKey(), entry.getValue()) : 1;
      if (eviction.isWeighted()) {
        assertThat(eviction.weightOf(entry.getKey()))
            .hasValue(weigh(entry.getKey(), entry.getValue()));
      }
    }
    if (eviction.isWeighted()) {
      assertThat(eviction.weightedSize()).hasValue(weightSum);
      // zero-weight entries may exceed the count, never the weight
      assertThat(weightSum).isLessThanOrEqualTo(maximum);
    } else {
      assertThat(cache.estimatedSize()).isEqualTo(weightSum).isLessThanOrEqualTo(maximum);
    }
    assertThat(cache.asMap()).isEqualTo(model);

    List<Notification> sizeNotifications =
        notifications.stream().filter(n -> n.cause() == RemovalCause.SIZE).toList();
    CacheStats stats = cache.stats();
    assertThat(stats.evictionCount()).isEqualTo(sizeNotifications.size());
    assertThat(evictions).isEqualTo(sizeNotifications);
    long evictedWeight =
        sizeNotifications.stream()
            .mapToLong(n -> eviction.isWeighted() ? weigh(n.key(), n.value()) : 1)
            .sum();
    assertThat(stats.evictionWeight()).isEqualTo(evictedWeight);
  }
}
