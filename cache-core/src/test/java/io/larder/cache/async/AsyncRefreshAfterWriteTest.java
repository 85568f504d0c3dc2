package io.larder.cache.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** refreshAfterWrite on an AsyncLoadingCache, side by side with Caffeine 3.2.4. */
class AsyncRefreshAfterWriteTest {

  /** Reads one key before and after the refresh interval; returns what each read saw. */
  static List<Object> larder() {
    AtomicLong time = new AtomicLong();
    AtomicInteger loads = new AtomicInteger();
    AsyncLoadingCache<String, Integer> cache =
        Caffeine.newBuilder()
            .refreshAfterWrite(Duration.ofMinutes(1))
            .ticker(time::get)
            .executor(Runnable::run)
            .recordStats()
            .buildAsync(key -> loads.incrementAndGet());
    return scenario(
        time,
        loads,
        () -> cache.get("k").join(),
        () -> cache.synchronous().stats().loadSuccessCount(),
        () -> cache.synchronous().policy().refreshes().size());
  }

  static List<Object> caffeine() {
    AtomicLong time = new AtomicLong();
    AtomicInteger loads = new AtomicInteger();
    com.github.benmanes.caffeine.cache.AsyncLoadingCache<String, Integer> cache =
        com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
            .refreshAfterWrite(Duration.ofMinutes(1))
            .ticker(time::get)
            .executor(Runnable::run)
            .recordStats()
            .buildAsync(key -> loads.incrementAndGet());
    return scenario(
        time,
        loads,
        () -> cache.get("k").join(),
        () -> cache.synchronous().stats().loadSuccessCount(),
        () -> cache.synchronous().policy().refreshes().size());
  }

  interface Read {
    Object get();
  }

  static List<Object> scenario(
      AtomicLong time, AtomicInteger loads, Read read, Read successes, Read inFlight) {
    List<Object> seen = new ArrayList<>();
    seen.add(read.get()); // loads 1
    time.addAndGet(Duration.ofSeconds(30).toNanos());
    seen.add(read.get()); // fresh: 1
    time.addAndGet(Duration.ofSeconds(31).toNanos());
    seen.add(read.get()); // stale: starts the reload, same-thread executor
    seen.add(read.get()); // the reloaded value
    seen.add(loads.get());
    seen.add(successes.get());
    seen.add(inFlight.get());
    return seen;
  }

  @Test
  void aReadPastTheIntervalReloadsOnceAsCaffeineDoes() {
    List<Object> expected = caffeine();
    assertThat(larder()).isEqualTo(expected);
    assertThat(expected.get(3)).isEqualTo(2);
  }
}
