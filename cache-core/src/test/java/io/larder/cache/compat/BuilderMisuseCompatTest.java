package io.larder.cache.compat;

import static io.larder.cache.compat.Run.assertSameAsCaffeine;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Expiry;
import io.larder.cache.stats.ConcurrentStatsCounter;
import io.larder.cache.testing.Library;
import io.larder.cache.testing.TestBuilder;
import io.larder.cache.testing.TestLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Every builder misuse that Caffeine rejects is rejected by Larder with the same exception type;
 * Larder's message names the setting, and the value when one was given (Caffeine's sometimes
 * names neither, for example {@code initialCapacity(-1)}, so messages are not compared).
 */
class BuilderMisuseCompatTest {
  private static final Executor DIRECT = Runnable::run;
  private static final Expiry<Object, Object> EXPIRY = new Expiry<>() {
    @Override
    public long expireAfterCreate(Object key, Object value, long currentTime) {
      return 1;
    }

    @Override
    public long expireAfterUpdate(
        Object key, Object value, long currentTime, long currentDuration) {
      return currentDuration;
    }

    @Override
    public long expireAfterRead(Object key, Object value, long currentTime, long currentDuration) {
      return currentDuration;
    }

    @Override
    public String toString() {
      return "testExpiry";
    }
  };

  /** A misuse, and what Larder's message must mention (setting, value). */
  private record Misuse(Consumer<TestBuilder> misuse, List<String> mentions) {}

  private static final Map<String, Misuse> MISUSES = new LinkedHashMap<>();

  private static void misuse(String label, Consumer<TestBuilder> misuse, String... mentions) {
    MISUSES.put(label, new Misuse(misuse, List.of(mentions)));
  }

  static {
    // Bad values
    misuse("initialCapacity(-1)", b -> b.initialCapacity(-1), "initial capacity", "-1");
    misuse("maximumSize(-1)", b -> b.maximumSize(-1), "maximum size", "-1");
    misuse("maximumWeight(-1)", b -> b.maximumWeight(-1), "maximum weight", "-1");
    misuse("expireAfterWrite(-1 s)", b -> b.expireAfterWrite(-1, TimeUnit.SECONDS),
        "duration", "-1 SECONDS");
    misuse("expireAfterWrite(-1s duration)", b -> b.expireAfterWrite(Duration.ofSeconds(-1)),
        "duration", "-1000000000 NANOSECONDS");
    misuse("expireAfterAccess(-1 ms)", b -> b.expireAfterAccess(-1, TimeUnit.MILLISECONDS),
        "duration", "-1 MILLISECONDS");
    misuse("expireAfterAccess(-1ns duration)", b -> b.expireAfterAccess(Duration.ofNanos(-1)),
        "duration", "-1 NANOSECONDS");
    misuse("refreshAfterWrite(0 s)", b -> b.refreshAfterWrite(0, TimeUnit.SECONDS),
        "duration", "0 SECONDS");
    misuse("refreshAfterWrite(-5 s)", b -> b.refreshAfterWrite(-5, TimeUnit.SECONDS),
        "duration", "-5 SECONDS");
    misuse("refreshAfterWrite(zero duration)", b -> b.refreshAfterWrite(Duration.ZERO),
        "duration", "0 NANOSECONDS");

    // Settings given twice
    misuse("initialCapacity twice", b -> b.initialCapacity(1).initialCapacity(2),
        "initial capacity", "1");
    misuse("executor twice", b -> b.executor(DIRECT).executor(DIRECT), "executor");
    misuse("scheduler twice", b -> b.scheduler(io.larder.cache.Scheduler.disabledScheduler())
        .scheduler(io.larder.cache.Scheduler.disabledScheduler()), "scheduler");
    misuse("maximumSize twice", b -> b.maximumSize(1).maximumSize(2), "maximum size", "1");
    misuse("maximumWeight twice", b -> b.maximumWeight(1).maximumWeight(2),
        "maximum weight", "1");
    misuse("maximumSize after maximumWeight", b -> b.maximumWeight(3).maximumSize(2),
        "maximum weight", "3");
    misuse("maximumWeight after maximumSize", b -> b.maximumSize(3).maximumWeight(2),
        "maximum size", "3");
    misuse("maximumSize after weigher", b -> b.weigher((k, v) -> 1).maximumSize(2),
        "maximum size", "weigher");
    misuse("weigher after maximumSize", b -> b.maximumSize(2).weigher((k, v) -> 1),
        "weigher", "maximum size");
    misuse("weigher twice", b -> b.weigher((k, v) -> 1).weigher((k, v) -> 2), "weigher");
    misuse("weakKeys twice", b -> b.weakKeys().weakKeys(), "Key strength", "WEAK");
    misuse("weakValues twice", b -> b.weakValues().weakValues(), "Value strength", "WEAK");
    misuse("softValues after weakValues", b -> b.weakValues().softValues(),
        "Value strength", "WEAK");
    misuse("weakValues after softValues", b -> b.softValues().weakValues(),
        "Value strength", "SOFT");
    misuse("expireAfterWrite twice", b -> b.expireAfterWrite(1, TimeUnit.SECONDS)
        .expireAfterWrite(2, TimeUnit.SECONDS), "expireAfterWrite", "1000000000");
    misuse("expireAfterAccess twice", b -> b.expireAfterAccess(1, TimeUnit.SECONDS)
        .expireAfterAccess(2, TimeUnit.SECONDS), "expireAfterAccess", "1000000000");
    misuse("expireAfter twice", b -> b.expireAfter(EXPIRY).expireAfter(EXPIRY),
        "Expiry", "testExpiry");
    misuse("expireAfterWrite after expireAfter",
        b -> b.expireAfter(EXPIRY).expireAfterWrite(1, TimeUnit.SECONDS),
        "expireAfterWrite", "variable expiration");
    misuse("expireAfterAccess after expireAfter",
        b -> b.expireAfter(EXPIRY).expireAfterAccess(1, TimeUnit.SECONDS),
        "expireAfterAccess", "variable expiration");
    misuse("expireAfter after expireAfterWrite",
        b -> b.expireAfterWrite(1, TimeUnit.SECONDS).expireAfter(EXPIRY),
        "Expiry", "expiresAfterWrite");
    misuse("expireAfter after expireAfterAccess",
        b -> b.expireAfterAccess(1, TimeUnit.SECONDS).expireAfter(EXPIRY),
        "Expiry", "expiresAfterAccess");
    misuse("refreshAfterWrite twice", b -> b.refreshAfterWrite(1, TimeUnit.SECONDS)
        .refreshAfterWrite(2, TimeUnit.SECONDS), "refreshAfterWrite", "1000000000");
    misuse("ticker twice", b -> b.ticker(() -> 0).ticker(() -> 0), "Ticker");
    misuse("removalListener twice", b -> b.removalListener((k, v, c) -> {})
        .removalListener((k, v, c) -> {}), "removal listener");
    misuse("evictionListener twice", b -> b.evictionListener((k, v, c) -> {})
        .evictionListener((k, v, c) -> {}), "eviction listener");
    misuse("recordStats twice", b -> b.recordStats().recordStats(), "Statistics");
    misuse("recordStats(supplier) after recordStats",
        b -> b.recordStats().recordStats(ConcurrentStatsCounter::new), "Statistics");

    // Nulls
    misuse("executor(null)", b -> b.executor(null), "executor");
    misuse("scheduler(null)", b -> b.scheduler(null), "scheduler");
    misuse("weigher(null)", b -> b.weigher(null), "weigher");
    misuse("expireAfter(null)", b -> b.expireAfter(null), "expiry");
    misuse("ticker(null)", b -> b.ticker(null), "ticker");
    misuse("removalListener(null)", b -> b.removalListener(null), "removalListener");
    misuse("evictionListener(null)", b -> b.evictionListener(null), "evictionListener");
    misuse("recordStats(null)", b -> b.recordStats(null), "statsCounterSupplier");
    misuse("expireAfterWrite(null duration)", b -> b.expireAfterWrite(null));
    misuse("expireAfterWrite(1, null)", b -> b.expireAfterWrite(1, null));
    misuse("expireAfterAccess(null duration)", b -> b.expireAfterAccess(null));
    misuse("expireAfterAccess(1, null)", b -> b.expireAfterAccess(1, null));
    misuse("refreshAfterWrite(null duration)", b -> b.refreshAfterWrite(null));
    misuse("refreshAfterWrite(1, null)", b -> b.refreshAfterWrite(1, null), "unit");
    misuse("build(null loader)", b -> b.build(null), "loader");

    // Inconsistent at build time
    misuse("maximumWeight without weigher", b -> b.maximumWeight(10).build(),
        "maximumWeight", "weigher");
    misuse("weigher without maximumWeight", b -> b.weigher((k, v) -> 1).build(),
        "weigher", "maximumWeight");
    misuse("maximumWeight without weigher, loading",
        b -> b.maximumWeight(10).build(TestLoader.loading(k -> k)), "maximumWeight", "weigher");
    misuse("refreshAfterWrite without loader",
        b -> b.refreshAfterWrite(1, TimeUnit.SECONDS).build(), "refreshAfterWrite",
        "LoadingCache");
    misuse("buildAsync with refreshAfterWrite",
        b -> b.refreshAfterWrite(1, TimeUnit.SECONDS).buildAsync(), "refreshAfterWrite",
        "LoadingCache");
    misuse("buildAsync with weakValues", b -> b.weakValues().buildAsync(), "Weak or soft values",
        "AsyncCache");
    misuse("buildAsync with softValues", b -> b.softValues().buildAsync(), "Weak or soft values",
        "AsyncCache");
    misuse("buildAsync(loader) with weakValues",
        b -> b.weakValues().buildAsync(TestLoader.loading(k -> k)), "Weak or soft values",
        "AsyncLoadingCache");
    misuse("buildAsync with weakKeys and evictionListener",
        b -> b.weakKeys().evictionListener((k, v, c) -> {}).buildAsync(), "Weak keys",
        "eviction listener");
    misuse("buildAsync(loader) with weakKeys and evictionListener",
        b -> b.weakKeys().evictionListener((k, v, c) -> {})
            .buildAsync(TestLoader.loading(k -> k)), "Weak keys", "eviction listener");
    misuse("buildAsync without weigher",
        b -> b.maximumWeight(1).buildAsync(), "maximumWeight", "weigher");
  }

  @Test
  void everyMisuseIsRejectedWithCaffeinesExceptionType() {
    Map<String, @Nullable Throwable> larder = new LinkedHashMap<>();
    List<String> transcript = assertSameAsCaffeine(run -> MISUSES.forEach((label, misuse) -> {
      Throwable t = run.stepTypeOnly(label, () -> {
        misuse.misuse().accept(run.bareBuilder());
        return "accepted";
      });
      if (run.impl == Library.LARDER) {
        larder.put(label, t);
      }
    }));
    assertThat(transcript).hasSize(MISUSES.size()).allMatch(line -> line.contains(" !! "));
    MISUSES.forEach((label, misuse) -> {
      Throwable t = larder.get(label);
      assertThat(t).as(label).isNotNull();
      for (String mention : misuse.mentions()) {
        assertThat(t.getMessage()).as(label).contains(mention);
      }
    });
  }

  @Test
  void validConfigurationsDescribeThemselvesAsCaffeine() {
    List<Consumer<TestBuilder>> configurations = new ArrayList<>();
    configurations.add(b -> {});
    configurations.add(b -> b.initialCapacity(7).maximumSize(10));
    configurations.add(b -> b.maximumWeight(10).weigher((k, v) -> 1));
    configurations.add(b -> b.expireAfterWrite(1, TimeUnit.MINUTES)
        .expireAfterAccess(Duration.ofSeconds(3)).refreshAfterWrite(Duration.ofHours(1)));
    configurations.add(b -> b.expireAfter(EXPIRY));
    configurations.add(b -> b.weakKeys().softValues());
    configurations.add(b -> b.weakValues().removalListener((k, v, c) -> {})
        .evictionListener((k, v, c) -> {}));
    configurations.add(b -> b.recordStats().executor(DIRECT).ticker(() -> 0)
        .scheduler(io.larder.cache.Scheduler.disabledScheduler()));
    configurations.add(b -> b.expireAfterWrite(Duration.ofSeconds(Long.MAX_VALUE)));
    assertSameAsCaffeine(run -> {
      for (int i = 0; i < configurations.size(); i++) {
        int index = i;
        run.step("configuration " + i, () -> {
          TestBuilder builder = run.bareBuilder();
          configurations.get(index).accept(builder);
          return builder.describe();
        });
      }
    });
  }

  @Test
  void aRejectedSettingLeavesTheBuilderUsable() {
    assertSameAsCaffeine(run -> {
      TestBuilder builder = run.builder();
      run.stepTypeOnly("bad size", () -> builder.maximumSize(-1));
      run.stepTypeOnly("bad capacity", () -> builder.initialCapacity(-1));
      run.step("then valid", () -> builder.initialCapacity(4).recordStats().describe());
      run.step("builds", () -> builder.build().estimatedSize());
    });
  }
}
