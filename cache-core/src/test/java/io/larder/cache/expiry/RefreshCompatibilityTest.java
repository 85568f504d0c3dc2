package io.larder.cache.expiry;

import static io.larder.cache.expiry.ExpirationCompatibilityTest.advance;
import static io.larder.cache.expiry.ExpirationCompatibilityTest.assertSameAsCaffeine;
import static io.larder.cache.expiry.ExpirationCompatibilityTest.observe;
import static io.larder.cache.expiry.ExpirationCompatibilityTest.outcome;

import io.larder.cache.expiry.TimedCaches.Config;
import io.larder.cache.expiry.TimedCaches.TimedCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Refresh-after-write scenarios run against Larder and Caffeine with a manual ticker and a
 * same-thread executor: reloads, their results, failures, writes racing a reload, statistics and
 * the refresh policy view must be the same.
 */
class RefreshCompatibilityTest {
  static final Duration INTERVAL = Duration.ofSeconds(10);

  @Test
  void aReadAfterTheIntervalReloadsOnce() {
    assertSameAsCaffeine(
        () -> new Config().refreshAfterWrite(INTERVAL)
            .loader((k, old) -> (old == null) ? k : old + 1),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          seen.add(cache.get(1));
          advance(time, Duration.ofSeconds(5));
          seen.add(cache.get(1));
          advance(time, Duration.ofSeconds(6));
          seen.add(cache.get(1));
          seen.add(cache.get(1));
          seen.add(cache.refreshes());
          seen.add(cache.ageOf("refresh", 1));
          advance(time, Duration.ofSeconds(11));
          seen.add(cache.getIfPresent(1));
          seen.addAll(observe(cache));
          return seen;
        });
  }

  @Test
  void aFailedReloadKeepsTheOldValueAndCountsAFailure() {
    assertSameAsCaffeine(
        () -> new Config().refreshAfterWrite(INTERVAL).loader((k, old) -> {
          if (old != null) {
            throw new IllegalStateException("reload failed");
          }
          return k;
        }),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          seen.add(cache.get(1));
          advance(time, Duration.ofSeconds(11));
          seen.add(cache.get(1));
          seen.add(cache.get(1));
          seen.add(cache.refreshes());
          seen.addAll(observe(cache));
          return seen;
        });
  }

  @Test
  void aWriteDuringTheReloadWins() {
    AtomicReference<TimedCache> self = new AtomicReference<>();
    assertSameAsCaffeine(
        () -> new Config().refreshAfterWrite(INTERVAL).loader((k, old) -> {
          if (old != null) {
            self.get().put(k, 99);
            return old + 1;
          }
          return k;
        }),
        (cache, time) -> {
          self.set(cache);
          List<Object> seen = new ArrayList<>();
          seen.add(cache.get(1));
          advance(time, Duration.ofSeconds(11));
          seen.add(cache.get(1));
          seen.add(cache.getIfPresent(1));
          seen.addAll(observe(cache));
          return seen;
        });
  }

  @Test
  void theIntervalChangesAtRunTimeAndMustBePositive() {
    assertSameAsCaffeine(
        () -> new Config().refreshAfterWrite(INTERVAL).loader((k, old) -> k * 2),
        (cache, time) -> {
          List<Object> seen = new ArrayList<>();
          cache.put(1, 1);
          cache.setExpiresAfter("refresh", Duration.ofSeconds(2));
          seen.add(cache.getExpiresAfter("refresh"));
          advance(time, Duration.ofSeconds(3));
          seen.add(cache.get(1));
          seen.add(outcome(() -> {
            cache.setExpiresAfter("refresh", Duration.ZERO);
            return "set";
          }));
          seen.addAll(observe(cache));
          return seen;
        });
  }
}
