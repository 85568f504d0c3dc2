package io.larder.cache.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Caffeine;
import io.larder.cache.LeakGuard;
import io.larder.cache.RemovalCause;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Keys whose hash changes after insertion (a Larder addition over Caffeine's error log): a bounded
 * cache stays within its bound, evicts the entry with cause SIZE as usual, removes it from its
 * table, releases the key and the value, and logs once per cache.
 */
class MutatedKeyTest {
  private static final int MAXIMUM = 50;
  private static final int WRITES = 5_000;

  /** A key that breaks the Map contract: its hash follows a mutable field. */
  static final class MutableKey {
    int id;

    MutableKey(int id) {
      this.id = id;
    }

    @Override
    public boolean equals(Object o) {
      return (o instanceof MutableKey) && (((MutableKey) o).id == id);
    }

    @Override
    public int hashCode() {
      return Integer.hashCode(id);
    }
  }

  @Test
  void aBoundedCacheStaysWithinItsBoundWhenEveryKeyIsMutated() {
    AtomicLong evictionListener = new AtomicLong();
    ConcurrentLinkedQueue<RemovalCause> removals = new ConcurrentLinkedQueue<>();
    Cache<MutableKey, byte[]> cache =
        Caffeine.newBuilder()
            .maximumSize(MAXIMUM)
            .executor(Runnable::run)
            .recordStats()
            .evictionListener((k, v, c) -> evictionListener.incrementAndGet())
            .<MutableKey, byte[]>removalListener((k, v, c) -> removals.add(c))
            .build();
    List<WeakReference<byte[]>> values = new ArrayList<>();
    for (int i = 0; i < WRITES; i++) {
      MutableKey key = new MutableKey(i);
      byte[] value = new byte[1024];
      values.add(new WeakReference<>(value));
      cache.put(key, value);
      key.id = -1 - i; // mutated while in the cache
    }
    cache.cleanUp();

    assertThat(cache.estimatedSize()).isEqualTo(MAXIMUM);
    assertThat(cache.asMap()).hasSize(MAXIMUM);
    assertThat(cache.asMap().values()).hasSize(MAXIMUM);
    assertThat(cache.stats().evictionCount()).isEqualTo(WRITES - MAXIMUM);
    assertThat(evictionListener.get()).isEqualTo(WRITES - MAXIMUM);
    assertThat(removals).hasSize(WRITES - MAXIMUM).containsOnly(RemovalCause.SIZE);
    assertThat(CacheInsight.of(cache).orElseThrow().guardWarnings()).isEqualTo(1);

    // The evicted values are released (and the keys too: see internal.MutatedKeyTableTest).
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    long released;
    do {
      System.gc();
      released = values.stream().filter(ref -> ref.get() == null).count();
    } while ((released < WRITES - MAXIMUM) && (System.nanoTime() < deadline));
    assertThat(released).isGreaterThanOrEqualTo(WRITES - MAXIMUM);
  }

  @Test
  void withTheGuardOffStrandedEntriesStayVisibleAndNothingIsNotified() {
    ConcurrentLinkedQueue<RemovalCause> removals = new ConcurrentLinkedQueue<>();
    Cache<MutableKey, Integer> cache =
        Caffeine.newBuilder()
            .maximumSize(MAXIMUM)
            .executor(Runnable::run)
            .leakGuard(LeakGuard.disabled())
            .<MutableKey, Integer>removalListener((k, v, c) -> removals.add(c))
            .build();
    for (int i = 0; i < WRITES; i++) {
      MutableKey key = new MutableKey(i);
      cache.put(key, i);
      key.id = -1 - i;
    }
    cache.cleanUp();
    // The policy unlinked them, but the table cannot drop them (Caffeine's behaviour): the leak
    // the guard prevents.
    assertThat(cache.asMap().values()).hasSize(WRITES);
    assertThat(removals).isEmpty();
    assertThat(CacheInsight.of(cache).orElseThrow().guardWarnings()).isZero();
  }

  @Test
  void aKeyWhoseEqualsChangedButNotItsHashIsEvictedNormally() {
    ConcurrentLinkedQueue<RemovalCause> removals = new ConcurrentLinkedQueue<>();
    Cache<Object, Integer> cache =
        Caffeine.newBuilder()
            .maximumSize(MAXIMUM)
            .executor(Runnable::run)
            .removalListener((k, v, c) -> removals.add(c))
            .build();
    for (int i = 0; i < WRITES; i++) {
      cache.put(List.of(new StringBuilder("k" + i)), i); // hash by identity, found by identity
    }
    cache.cleanUp();
    assertThat(cache.estimatedSize()).isEqualTo(MAXIMUM);
    assertThat(removals).hasSize(WRITES - MAXIMUM);
    assertThat(CacheInsight.of(cache).orElseThrow().guardWarnings()).isZero();
  }
}
