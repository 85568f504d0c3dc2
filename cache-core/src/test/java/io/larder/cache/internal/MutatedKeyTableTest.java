package io.larder.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.CacheObserver;
import io.larder.cache.CacheObserver.GuardWarning;
import io.larder.cache.CacheObserver.Registration;
import io.larder.cache.Caffeine;
import io.larder.cache.RemovalCause;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * What a key mutated in a bounded cache leaves behind in the hash table, in Larder and in Caffeine
 * (a Larder addition): the test reads the table's real entry count and holds each evicted key
 * weakly.
 *
 * <p>Before the fix, Larder evicted such an entry (cause SIZE, counted, notified) but its table
 * entry stayed: the map's node, the dead cache node and the mutated key, strongly reachable from
 * the cache for its whole life. Caffeine leaves the same three behind and, in addition, neither
 * counts nor notifies the eviction and keeps counting the entry in {@code estimatedSize()}.
 */
class MutatedKeyTableTest {
  private static final int MAXIMUM = 50;
  private static final int WRITES = 2_000;
  private static final Duration GC_DEADLINE = Duration.ofSeconds(30);

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

  /** Returns the hash table of a Larder cache built over the bounded storage. */
  private static BoundedLocalCache<?, ?> storage(Cache<?, ?> cache) {
    return (BoundedLocalCache<?, ?>) ((LocalManualCache<?, ?>) cache).cache;
  }

  /**
   * Collects garbage until {@code expected} of the references are cleared or the deadline passes;
   * returns how many are cleared.
   */
  private static long collected(List<? extends WeakReference<?>> refs, long expected) {
    long end = System.nanoTime() + GC_DEADLINE.toNanos();
    long cleared;
    do {
      System.gc();
      cleared = refs.stream().filter(ref -> ref.get() == null).count();
    } while ((cleared < expected) && (System.nanoTime() < end));
    return cleared;
  }

  @Test
  void evictedMutatedKeysLeaveTheTableAndAreCollected() {
    AtomicLong evictionListener = new AtomicLong();
    ConcurrentLinkedQueue<RemovalCause> removals = new ConcurrentLinkedQueue<>();
    Cache<MutableKey, Integer> cache =
        Caffeine.newBuilder()
            .maximumSize(MAXIMUM)
            .executor(Runnable::run)
            .recordStats()
            .evictionListener((k, v, c) -> evictionListener.incrementAndGet())
            .<MutableKey, Integer>removalListener((k, v, c) -> removals.add(c))
            .build();
    List<WeakReference<MutableKey>> keys = new ArrayList<>();
    for (int i = 0; i < WRITES; i++) {
      MutableKey key = new MutableKey(i);
      keys.add(new WeakReference<>(key));
      cache.put(key, i);
      key.id = -1 - i; // mutated while in the cache
    }
    cache.cleanUp();

    BoundedLocalCache<?, ?> storage = storage(cache);
    assertThat(storage.data.mappingCount()).isEqualTo(MAXIMUM); // the table's real size
    assertThat(cache.estimatedSize()).isEqualTo(MAXIMUM);
    assertThat(storage.guards().mutatedKeys().removedEntries()).isEqualTo(WRITES - MAXIMUM);
    assertThat(storage.guards().mutatedKeys().strandedEntries()).isZero();
    assertThat(cache.stats().evictionCount()).isEqualTo(WRITES - MAXIMUM);
    assertThat(evictionListener.get()).isEqualTo(WRITES - MAXIMUM);
    assertThat(removals).hasSize(WRITES - MAXIMUM).containsOnly(RemovalCause.SIZE);
    assertThat(CacheInsight.of(cache).orElseThrow().guardWarnings()).isEqualTo(1);
    // The evicted keys are unreachable; the kept ones are still in the table.
    assertThat(collected(keys, WRITES - MAXIMUM)).isEqualTo(WRITES - MAXIMUM);
  }

  @Test
  void caffeineKeepsEvictedMutatedKeysInItsTableUncountedAndUnnotified() {
    Logger caffeineLogger =
        Logger.getLogger("com.github.benmanes.caffeine.cache.BoundedLocalCache");
    Level level = caffeineLogger.getLevel();
    caffeineLogger.setLevel(Level.OFF); // Caffeine logs an error with a stack trace per eviction
    try {
      AtomicLong evictionListener = new AtomicLong();
      ConcurrentLinkedQueue<com.github.benmanes.caffeine.cache.RemovalCause> removals =
          new ConcurrentLinkedQueue<>();
      com.github.benmanes.caffeine.cache.Cache<MutableKey, Integer> cache =
          com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
              .maximumSize(MAXIMUM)
              .executor(Runnable::run)
              .recordStats()
              .evictionListener((k, v, c) -> evictionListener.incrementAndGet())
              .<MutableKey, Integer>removalListener((k, v, c) -> removals.add(c))
              .build();
      List<WeakReference<MutableKey>> keys = new ArrayList<>();
      for (int i = 0; i < WRITES; i++) {
        MutableKey key = new MutableKey(i);
        keys.add(new WeakReference<>(key));
        cache.put(key, i);
        key.id = -1 - i;
      }
      cache.cleanUp();

      // Caffeine unlinks the victims from its policy but cannot remove them from its table.
      assertThat(cache.estimatedSize()).isEqualTo(WRITES);
      assertThat(cache.stats().evictionCount()).isZero();
      assertThat(evictionListener.get()).isZero();
      assertThat(removals).isEmpty();
      System.gc();
      assertThat(keys).allMatch(ref -> ref.get() != null); // strongly reachable from the table
    } finally {
      caffeineLogger.setLevel(level);
    }
  }

  @Test
  void anExpiredMutatedKeyLeavesTheTableWithCauseExpired() {
    AtomicLong time = new AtomicLong();
    ConcurrentLinkedQueue<RemovalCause> removals = new ConcurrentLinkedQueue<>();
    Cache<MutableKey, Integer> cache =
        Caffeine.newBuilder()
            .expireAfterWrite(1, TimeUnit.MINUTES)
            .ticker(time::get)
            .executor(Runnable::run)
            .recordStats()
            .<MutableKey, Integer>removalListener((k, v, c) -> removals.add(c))
            .build();
    List<WeakReference<MutableKey>> keys = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      MutableKey key = new MutableKey(i);
      keys.add(new WeakReference<>(key));
      cache.put(key, i);
      key.id = -1 - i;
    }
    time.addAndGet(TimeUnit.MINUTES.toNanos(2));
    cache.cleanUp();

    assertThat(storage(cache).data.mappingCount()).isZero();
    assertThat(cache.stats().evictionCount()).isEqualTo(100);
    assertThat(removals).hasSize(100).containsOnly(RemovalCause.EXPIRED);
    assertThat(collected(keys, 100)).isEqualTo(100);
  }

  @Test
  void invalidateAllRemovesEntriesWhoseKeysWereMutated() {
    ConcurrentLinkedQueue<RemovalCause> removals = new ConcurrentLinkedQueue<>();
    Cache<MutableKey, Integer> cache =
        Caffeine.newBuilder()
            .maximumSize(MAXIMUM)
            .executor(Runnable::run)
            .<MutableKey, Integer>removalListener((k, v, c) -> removals.add(c))
            .build();
    for (int i = 0; i < 10; i++) {
      MutableKey key = new MutableKey(i);
      cache.put(key, i);
      key.id = -1 - i;
    }
    cache.invalidateAll();

    assertThat(storage(cache).data.mappingCount()).isZero();
    assertThat(cache.estimatedSize()).isZero();
    assertThat(removals).hasSize(10).containsOnly(RemovalCause.EXPLICIT);
  }

  @Test
  void entriesThatShareTheRecordedHashAreNotTakenForTheMutatedOne() {
    // Keys whose hash codes differ from the mutated key's original one only in the two low bits
    // that the node does not record, and a key equal to its original state (same hash, same
    // bin): only the entry of the mutated key object may go when it expires.
    AtomicLong time = new AtomicLong();
    Cache<MutableKey, Integer> cache =
        Caffeine.newBuilder()
            .expireAfterWrite(1, TimeUnit.MINUTES)
            .ticker(time::get)
            .executor(Runnable::run)
            .build();
    MutableKey mutated = new MutableKey(0b1000);
    cache.put(mutated, 0);
    mutated.id = 12345;
    time.addAndGet(TimeUnit.SECONDS.toNanos(30));
    for (int id = 0b1000; id <= 0b1011; id++) {
      cache.put(new MutableKey(id), id);
    }
    time.addAndGet(TimeUnit.SECONDS.toNanos(45));
    cache.cleanUp();

    assertThat(storage(cache).data.mappingCount()).isEqualTo(4);
    assertThat(cache.asMap())
        .containsOnlyKeys(
            new MutableKey(0b1000),
            new MutableKey(0b1001),
            new MutableKey(0b1010),
            new MutableKey(0b1011));
    assertThat(cache.asMap().keySet()).noneMatch(key -> key == mutated);
  }

  /** A key whose hash is not a function of its state: each call answers another number. */
  static final class RestlessKey {
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public int hashCode() {
      return calls.incrementAndGet() * 0x9E3779B9;
    }
  }

  @Test
  void aStrandedEntryIsOutOfEveryViewIncludingEquality() {
    ConcurrentLinkedQueue<RemovalCause> removals = new ConcurrentLinkedQueue<>();
    AtomicLong nanos = new AtomicLong();
    Cache<Object, Integer> cache =
        Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1))
            .ticker(nanos::get)
            .executor(Runnable::run)
            .removalListener((k, v, c) -> removals.add(c))
            .build();
    cache.put(new RestlessKey(), 0);
    nanos.addAndGet(Duration.ofMinutes(2).toNanos());
    List<String> warnings = new CopyOnWriteArrayList<>();
    // Expiration removes by key: neither the key's hash now nor the one recorded finds it
    try (Registration registration =
        CacheObserver.register(
            new CacheObserver() {
              @Override
              public void guardWarning(GuardWarning warning) {
                if (warning.message().contains(RestlessKey.class.getName())) {
                  warnings.add(warning.message());
                }
              }
            })) {
      cache.cleanUp();
    }
    assertThat(removals).containsExactly(RemovalCause.EXPIRED);
    assertThat(CacheInsight.of(cache).orElseThrow().guardWarnings()).isEqualTo(1);
    assertThat(storage(cache).guards().mutatedKeys().strandedEntries())
        .as("stranded: still in the table, out of the cache")
        .isEqualTo(1);
    assertThat(warnings).singleElement().asString().contains("(cause EXPIRED)");

    Map<Object, Integer> expected = Map.of("a", 1, "b", 2);
    cache.putAll(expected);
    assertThat(storage(cache).data.mappingCount()).as("the table's entries").isEqualTo(3);
    assertThat(cache.asMap()).hasSize(2).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(cache.asMap().equals(expected)).as("the view equals the visible mappings").isTrue();
    assertThat(expected.equals(cache.asMap())).as("and symmetrically").isTrue();
    assertThat(cache.asMap().hashCode()).isEqualTo(expected.hashCode());
    assertThat(cache.asMap().toString()).doesNotContain("RestlessKey");
  }
}
