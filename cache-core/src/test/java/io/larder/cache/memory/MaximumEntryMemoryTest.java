package io.larder.cache.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Caffeine;
import io.larder.cache.RemovalCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code maximumEntryMemory} (a Larder addition): an entry estimated above it is not kept. */
class MaximumEntryMemoryTest {
  private final Logger julLogger = Logger.getLogger("io.larder.cache.internal.MemoryWeigher");
  private final List<LogRecord> records = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLog() {
    julLogger.addHandler(handler);
  }

  @AfterEach
  void releaseLog() {
    julLogger.removeHandler(handler);
  }

  @Test
  void oversizedEntryIsEvictedWithCauseSizeNotifiedCountedAndLoggedOnce() {
    List<Map.Entry<Integer, RemovalCause>> removals = new ArrayList<>();
    List<Integer> evicted = new ArrayList<>();
    Cache<Integer, byte[]> cache =
        Caffeine.newBuilder()
            .name("entry-capped")
            .maximumMemory(1 << 20)
            .maximumEntryMemory(10_000)
            .executor(Runnable::run)
            .recordStats()
            .evictionListener((Integer k, byte[] v, RemovalCause c) -> evicted.add(k))
            .removalListener((Integer k, byte[] v, RemovalCause c) -> removals.add(Map.entry(k, c)))
            .build();
    cache.put(1, new byte[1_000]);
    cache.put(2, new byte[20_000]);
    cache.put(3, new byte[30_000]);
    cache.cleanUp();

    assertThat(cache.asMap()).containsOnlyKeys(1);
    assertThat(removals)
        .containsExactly(Map.entry(2, RemovalCause.SIZE), Map.entry(3, RemovalCause.SIZE));
    assertThat(evicted).containsExactly(2, 3);
    assertThat(cache.stats().evictionCount()).isEqualTo(2);
    assertThat(CacheInsight.of(cache).orElseThrow().estimatedBytes())
        .isEqualTo(cache.policy().eviction().orElseThrow().weightOf(1).orElseThrow());

    assertThat(records).hasSize(1);
    LogRecord record = records.get(0);
    assertThat(record.getLevel()).isEqualTo(Level.WARNING);
    assertThat(record.getMessage())
        .contains("entry-capped", "java.lang.Integer", "maximumEntryMemory of 10000 bytes")
        .containsPattern("estimated at 2\\d{4} bytes");
  }

  @Test
  void anUpdateThatGrowsAnEntryBeyondTheCapEvictsIt() {
    List<RemovalCause> causes = new ArrayList<>();
    Cache<Integer, byte[]> cache =
        Caffeine.newBuilder()
            .maximumEntryMemory(10_000)
            .executor(Runnable::run)
            .removalListener((Integer k, byte[] v, RemovalCause c) -> causes.add(c))
            .build();
    cache.put(1, new byte[1_000]);
    cache.put(1, new byte[50_000]);
    cache.cleanUp();
    assertThat(cache.asMap()).isEmpty();
    assertThat(causes).containsExactly(RemovalCause.REPLACED, RemovalCause.SIZE);
    assertThat(CacheInsight.of(cache).orElseThrow().estimatedBytes()).isZero();
  }

  @Test
  void aCapAloneLeavesTheCacheOtherwiseUnboundedBySize() {
    Cache<Integer, byte[]> cache =
        Caffeine.newBuilder().maximumEntryMemory(10_000).executor(Runnable::run).build();
    for (int i = 0; i < 1_000; i++) {
      cache.put(i, new byte[5_000]);
    }
    cache.cleanUp();
    assertThat(cache.estimatedSize()).isEqualTo(1_000);
    assertThat(CacheInsight.of(cache).orElseThrow().estimatedBytes()).isGreaterThan(5_000_000);
    assertThat(CacheInsight.of(cache).orElseThrow().maximumBytes()).isEmpty();
  }
}
