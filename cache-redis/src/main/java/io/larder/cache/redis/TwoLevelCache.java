package io.larder.cache.redis;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Policy;
import io.larder.cache.stats.CacheStats;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A two-level {@link Cache}: a Larder cache in this JVM (L1) in front of Redis (L2), shared by
 * every instance of the application, with keys-only invalidation of the other instances' L1.
 *
 * <p>Reads go to L1, then L2, then the mapping function or loader, with one load per key per JVM at
 * a time and, across JVMs, a short lease in Redis so that instances missing the same key together
 * wait for the first one's load. Writes ({@code put}, {@code invalidate}, {@code invalidateAll})
 * write through to Redis and publish the key (never the value) in the same atomic script; every
 * instance, this one included, then drops the key from its L1, and its next read fetches the new
 * value from L2.
 *
 * <p>When Redis is unreachable or stalled, reads never throw for it: they answer from L1 and, on a
 * miss, from the loader (the result is kept in L1, not in L2). Writes throw {@link
 * L2WriteException}. When the invalidation channel is re-established after any interruption, L1 is
 * emptied, since invalidations published meanwhile were lost; during an interruption an L1 entry
 * can be stale for as long as the interruption lasts (bound it with the L1's own expiry).
 *
 * <p>A write that failed leaves Redis with the value it should have replaced. The instance
 * remembers such keys (up to {@value #MAX_UNREPAIRED_KEYS}, beyond which, and after a failed {@code
 * invalidateAll}, it marks the whole cache), reads none of them from Redis (it loads them), and as
 * soon as Redis answers again deletes them from Redis and publishes their invalidations (or retires
 * the namespace generation), retrying every half second if that fails. Until this instance has
 * repaired them, another instance whose link returned first can still read the old value from
 * Redis.
 *
 * <p>What differs from a local cache, by design: {@link #asMap()} is a read-only view of this JVM's
 * L1; {@link #estimatedSize()}, {@link #stats()} and {@link #policy()} describe L1; {@code
 * getAll(keys, function)} calls the bulk function once per missing key. Close the cache to release
 * its connections and threads.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public class TwoLevelCache<K, V> implements Cache<K, V>, CacheInsight.InsightSource, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(TwoLevelCache.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long MAX_LEASE_POLL_NANOS = 20_000_000L;

  /** How many keys whose L2 write failed are remembered before the whole cache is marked. */
  static final int MAX_UNREPAIRED_KEYS = 10_000;

  private static final long REPAIR_RETRY_MILLIS = 500;

  final Cache<K, V> l1;
  private final L2Store l2;
  private final String name;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;
  private final long l2TtlMillis;
  private final long leaseMillis;
  private final int l1MaxValueBytes;
  private final byte[] instanceId = new byte[InvalidationMessage.ID_LENGTH];
  private final AtomicLong tokens = new AtomicLong();
  private final KeyStamps stamps = new KeyStamps(1024);
  private final ConcurrentHashMap<K, Load<V>> loads = new ConcurrentHashMap<>();
  private final TwoLevelCounters counters = new TwoLevelCounters();
  private final AtomicInteger subscriptions = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Executor executor;

  /*
   * Repair of failed writes. A put or invalidate that could not reach Redis leaves Redis with the
   * old value, which every instance would read until its TTL. Such a key is recorded in
   * `unrepaired` (key -> sequence number of its latest failure); past MAX_UNREPAIRED_KEYS, or when
   * an invalidateAll fails, the whole cache is marked instead (`unrepairedAll` holds the sequence
   * number of the latest such failure, 0 when none). This instance reads no marked key from L2 (it
   * goes to the loader). Once Redis answers again (the invalidation channel resubscribed, or any L2
   * command succeeded), a repair on the executor deletes the marked keys from L2 and publishes
   * their invalidations, or retires the namespace generation, and only then removes the marks it
   * covered: a mark whose failure came after the repair began stays for the next repair. A repair
   * that fails leaves its marks for the next trigger.
   */
  private final ConcurrentHashMap<K, Long> unrepaired = new ConcurrentHashMap<>();
  private final AtomicLong unrepairedAll = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicBoolean repairing = new AtomicBoolean();

  /** One in-flight load of a key in this JVM; others that miss the same key wait for it. */
  private record Load<V>(Thread owner, CompletableFuture<@Nullable V> result) {}

  TwoLevelCache(
      RedisCacheBuilder<? super K, ? super V> builder, Codec<K> keyCodec, Codec<V> valueCodec) {
    RANDOM.nextBytes(instanceId);
    this.l1 = builder.l1Builder().build();
    this.name = builder.namespace();
    this.keyCodec = keyCodec;
    this.valueCodec = valueCodec;
    this.l2TtlMillis = builder.l2TimeToLive().toMillis();
    this.leaseMillis = builder.loadLease().toMillis();
    this.l1MaxValueBytes = builder.l1MaxValueBytes();
    this.executor = builder.executor();
    this.l2 =
        new L2Store(
            builder.redisUris(),
            builder.cluster(),
            builder.namespace(),
            builder.commandTimeout(),
            builder.connectTimeout(),
            builder.maxReconnectDelay(),
            counters,
            new L2Store.Listener() {
              @Override
              public void onMessage(byte[] message) {
                receive(message);
              }

              @Override
              public void onSubscribed() {
                if (subscriptions.getAndIncrement() > 0) {
                  resync();
                  // Not on this thread: it is the client's I/O thread, which the repair's commands
                  // need.
                  scheduleRepair();
                }
              }
            });
  }

  // ---------------------------------------------------------------------------------- reads

  @Override
  public @Nullable V getIfPresent(K key) {
    requireNonNull(key);
    V value = l1.getIfPresent(key);
    if (value != null) {
      counters.l1Hits.increment();
      return value;
    }
    counters.l1Misses.increment();
    if (isUnrepaired(key)) {
      return null;
    }
    KeyStamps.Stamp stamp = stamps.read(key);
    byte[] raw;
    try {
      raw = l2.get(keyCodec.encode(key));
    } catch (RuntimeException e) {
      l2ReadFailed(e);
      return null;
    }
    l2Answered();
    if (raw == null) {
      counters.l2Misses.increment();
      return null;
    }
    value = decodeOrNull(key, raw);
    if (value != null) {
      counters.l2Hits.increment();
      install(key, value, raw.length, stamp);
    }
    return value;
  }

  @Override
  public @Nullable V get(K key, Function<? super K, ? extends @Nullable V> mappingFunction) {
    requireNonNull(key);
    requireNonNull(mappingFunction);
    V value = l1.getIfPresent(key);
    if (value != null) {
      counters.l1Hits.increment();
      return value;
    }
    counters.l1Misses.increment();
    return loadOnce(key, mappingFunction);
  }

  @Override
  public Map<K, V> getAllPresent(Iterable<? extends K> keys) {
    Map<K, V> found = new LinkedHashMap<>();
    for (K key : keys) {
      V value = getIfPresent(key);
      if (value != null) {
        found.put(key, value);
      }
    }
    return Collections.unmodifiableMap(found);
  }

  /** Returns the values of {@code keys}; the bulk function is called once per missing key. */
  @Override
  public Map<K, V> getAll(
      Iterable<? extends K> keys,
      Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>> mappingFunction) {
    requireNonNull(mappingFunction);
    Map<K, V> found = new LinkedHashMap<>();
    for (K key : keys) {
      V value = get(key, k -> mappingFunction.apply(Set.of(k)).get(k));
      if (value != null) {
        found.put(key, value);
      }
    }
    return Collections.unmodifiableMap(found);
  }

  /** Loads {@code key} once in this JVM: a second caller waits for the first one's result. */
  final @Nullable V loadOnce(K key, Function<? super K, ? extends @Nullable V> loader) {
    Load<V> mine = new Load<>(Thread.currentThread(), new CompletableFuture<>());
    Load<V> running = loads.putIfAbsent(key, mine);
    if (running != null) {
      if (running.owner() == Thread.currentThread()) {
        throw new IllegalStateException("Recursive load of key " + key + " in cache " + name);
      }
      return await(running.result());
    }
    try {
      V value = l1.getIfPresent(key);
      if (value == null) {
        value = loadThroughL2(key, loader);
      }
      mine.result().complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      mine.result().completeExceptionally(e);
      throw e;
    } finally {
      loads.remove(key, mine);
    }
  }

  private @Nullable V loadThroughL2(K key, Function<? super K, ? extends @Nullable V> loader) {
    KeyStamps.Stamp stamp = stamps.read(key);
    if (isUnrepaired(key)) {
      // Redis may still hold what a failed write of this instance should have replaced.
      return loadLocally(key, loader, stamp);
    }
    byte[] rawKey = keyCodec.encode(key);
    byte[] token = newToken();
    long deadline = System.nanoTime() + leaseMillis * 1_000_000L;
    long pause = 1_000_000L;
    while (true) {
      L2Store.Lookup lookup;
      try {
        lookup = l2.getOrLease(rawKey, token, leaseMillis);
      } catch (RuntimeException e) {
        l2ReadFailed(e);
        return loadLocally(key, loader, stamp);
      }
      l2Answered();
      byte[] raw = lookup.value();
      if (raw != null) {
        V value = decodeOrNull(key, raw);
        if (value == null) {
          return loadLocally(key, loader, stamp);
        }
        counters.l2Hits.increment();
        install(key, value, raw.length, stamp);
        return value;
      }
      if (lookup.leased()) {
        counters.l2Misses.increment();
        return loadAndFill(key, rawKey, loader, stamp, token, lookup.generation());
      }
      // Another instance holds the lease and is loading: wait for its value, within the lease.
      if (System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
        counters.l2Misses.increment();
        return loadLocally(key, loader, stamp);
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, MAX_LEASE_POLL_NANOS);
    }
  }

  private @Nullable V loadAndFill(
      K key,
      byte[] rawKey,
      Function<? super K, ? extends @Nullable V> loader,
      KeyStamps.Stamp stamp,
      byte[] token,
      byte[] generation) {
    V value;
    try {
      counters.loads.increment();
      value = loader.apply(key);
    } catch (RuntimeException | Error e) {
      releaseQuietly(rawKey, token, generation);
      throw e;
    }
    if (value == null) {
      releaseQuietly(rawKey, token, generation);
      return null;
    }
    byte[] raw = valueCodec.encode(value);
    boolean filled;
    try {
      filled = l2.fill(rawKey, token, generation, raw, l2TtlMillis);
    } catch (RuntimeException e) {
      l2ReadFailed(e);
      filled = true; // L2 unreachable: keep the loaded value in L1 as a local load would.
    }
    // Not filled: a write or invalidation of this key (or a clear) happened during the load, so
    // the loaded value may be older than it. Return it to this caller, whose read overlapped the
    // write, but keep it out of L1.
    if (filled) {
      install(key, value, raw.length, stamp);
    }
    return value;
  }

  private @Nullable V loadLocally(
      K key, Function<? super K, ? extends @Nullable V> loader, KeyStamps.Stamp stamp) {
    counters.loads.increment();
    V value = loader.apply(key);
    if (value != null) {
      install(key, value, l1MaxValueBytes == Integer.MAX_VALUE ? 0 : sizeOf(value), stamp);
    }
    return value;
  }

  private int sizeOf(V value) {
    return valueCodec.encode(value).length;
  }

  /** Puts {@code value} in L1 unless an invalidation of {@code key} arrived since {@code stamp}. */
  private void install(K key, V value, int size, KeyStamps.Stamp stamp) {
    if (size > l1MaxValueBytes) {
      return;
    }
    l1.asMap().compute(key, (k, old) -> stamps.isCurrent(stamp) ? value : old);
    // A single-key invalidation removes under the key's lock, after its bump, so it always sees
    // this install. A whole-cache one (invalidateAll, resync) iterates L1 and may pass this key
    // while the compute above is still writing it: if a bump came in meanwhile, undo the install.
    if (!stamps.isCurrent(stamp)) {
      l1.asMap().remove(key, value);
    }
  }

  /**
   * Decodes a value read from Redis, or returns null (a read then answers as if Redis had failed)
   * when it does not decode: written by another codec, for example during a rolling deployment.
   */
  private @Nullable V decodeOrNull(K key, byte[] raw) {
    try {
      return valueCodec.decode(raw);
    } catch (RuntimeException e) {
      counters.l2Errors.increment();
      LOG.log(
          System.Logger.Level.WARNING,
          "Cache "
              + name
              + ": the value of key "
              + key
              + " in Redis does not decode; answering from the loader",
          e);
      return null;
    }
  }

  private void releaseQuietly(byte[] rawKey, byte[] token, byte[] generation) {
    try {
      l2.release(rawKey, token, generation);
    } catch (RuntimeException e) {
      // The lease expires by itself after loadLease.
      l2ReadFailed(e);
    }
  }

  // --------------------------------------------------------------------------------- writes

  /**
   * Writes {@code value} to Redis and drops {@code key} from every instance's L1 (this one's too).
   *
   * @throws L2WriteException if Redis could not be written
   */
  @Override
  public void put(K key, V value) {
    requireNonNull(key);
    requireNonNull(value);
    byte[] rawKey = keyCodec.encode(key);
    byte[] raw = valueCodec.encode(value);
    Long mark = unrepaired.get(key);
    try {
      l2.put(rawKey, raw, l2TtlMillis, InvalidationMessage.ofKey(instanceId, rawKey));
      counters.invalidationsSent.increment();
      repaired(key, mark);
    } catch (RuntimeException e) {
      markUnrepaired(key);
      throw l2WriteFailed("put", e);
    } finally {
      dropLocal(key);
    }
  }

  /**
   * Writes every mapping, one {@link #put} at a time.
   *
   * @throws L2WriteException at the first mapping Redis could not take
   */
  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    map.forEach(this::put);
  }

  /**
   * Removes {@code key} from Redis and from every instance's L1.
   *
   * @throws L2WriteException if Redis could not be written
   */
  @Override
  public void invalidate(K key) {
    requireNonNull(key);
    byte[] rawKey = keyCodec.encode(key);
    Long mark = unrepaired.get(key);
    try {
      l2.invalidate(rawKey, InvalidationMessage.ofKey(instanceId, rawKey));
      counters.invalidationsSent.increment();
      repaired(key, mark);
    } catch (RuntimeException e) {
      markUnrepaired(key);
      throw l2WriteFailed("invalidate", e);
    } finally {
      dropLocal(key);
    }
  }

  /**
   * Invalidates each key, one {@link #invalidate} at a time.
   *
   * @throws L2WriteException at the first key Redis could not take
   */
  @Override
  public void invalidateAll(Iterable<? extends K> keys) {
    for (K key : keys) {
      invalidate(key);
    }
  }

  /**
   * Empties the cache on every instance: retires Redis's namespace generation (one {@code INCR}; no
   * {@code KEYS}, no {@code SCAN}) and empties every L1.
   *
   * @throws L2WriteException if Redis could not be written
   */
  @Override
  public void invalidateAll() {
    try {
      l2.clear(InvalidationMessage.ofAll(instanceId));
      counters.invalidationsSent.increment();
      l2Answered();
    } catch (RuntimeException e) {
      unrepairedAll.set(failures.incrementAndGet());
      throw l2WriteFailed("invalidateAll", e);
    } finally {
      dropAllLocal();
    }
  }

  // ------------------------------------------------------------------------ invalidation

  private void receive(byte[] bytes) {
    InvalidationMessage message = InvalidationMessage.parse(bytes);
    if (message == null) {
      LOG.log(System.Logger.Level.WARNING, "Cache {0}: ignored a malformed invalidation", name);
      return;
    }
    if (message.isFrom(instanceId)) {
      return;
    }
    counters.invalidationsReceived.increment();
    byte[] rawKey = message.key();
    if (message.all() || rawKey == null) {
      dropAllLocal();
      return;
    }
    K key;
    try {
      key = keyCodec.decode(rawKey);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Cache " + name + ": an invalidated key did not decode; emptying L1",
          e);
      dropAllLocal();
      return;
    }
    dropLocal(key);
  }

  /** The invalidation channel is back after an interruption: what was missed is unknown. */
  private void resync() {
    LOG.log(
        System.Logger.Level.INFO,
        "Cache {0}: invalidation channel re-established; emptying L1",
        name);
    dropAllLocal();
    counters.resyncs.increment();
  }

  private void dropLocal(K key) {
    stamps.bump(key);
    loads.remove(key);
    l1.invalidate(key);
  }

  private void dropAllLocal() {
    stamps.bumpAll();
    loads.clear();
    l1.invalidateAll();
  }

  // ----------------------------------------------------------------- repair of failed writes

  /**
   * Whether {@code key} must not be read from L2. When it must not, and the link looks up, this
   * also (re)starts the repair: reads of marked keys send no command whose success would.
   */
  private boolean isUnrepaired(K key) {
    boolean marked =
        unrepairedAll.get() != 0 || (!unrepaired.isEmpty() && unrepaired.containsKey(key));
    if (marked && !repairing.get() && l2.isConnected()) {
      scheduleRepair();
    }
    return marked;
  }

  /** Records that Redis may hold a value of {@code key} that a failed write was to replace. */
  private void markUnrepaired(K key) {
    long sequence = failures.incrementAndGet();
    if (unrepaired.size() >= MAX_UNREPAIRED_KEYS && !unrepaired.containsKey(key)) {
      unrepairedAll.set(sequence);
      unrepaired.clear();
    } else {
      unrepaired.put(key, sequence);
    }
  }

  /**
   * A write of {@code key} reached Redis: it replaced whatever a failed write before it left there,
   * so the mark read before it ({@code mark}) is done with; a later failure's mark stays.
   */
  private void repaired(K key, @Nullable Long mark) {
    if (mark != null) {
      unrepaired.remove(key, mark);
    }
    l2Answered();
  }

  /** Whether some failed write still waits for its repair. */
  private boolean needsRepair() {
    return unrepairedAll.get() != 0 || !unrepaired.isEmpty();
  }

  /** Redis answered a command: repair what failed while it did not. */
  private void l2Answered() {
    if (needsRepair()) {
      scheduleRepair();
    }
  }

  private void scheduleRepair() {
    if (!needsRepair() || closed.get() || !repairing.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(this::repair);
    } catch (RuntimeException e) {
      repairing.set(false);
      LOG.log(
          System.Logger.Level.WARNING,
          "Cache " + name + ": could not schedule the repair of failed writes",
          e);
    }
  }

  /**
   * Deletes from Redis the keys whose writes failed and publishes their invalidations (or retires
   * the namespace generation when the whole cache is marked), then removes the marks it covered.
   */
  private void repair() {
    try {
      long upTo = failures.get();
      long all = unrepairedAll.get();
      if (all != 0) {
        l2.clear(InvalidationMessage.ofAll(instanceId));
        counters.invalidationsSent.increment();
        unrepairedAll.compareAndSet(all, 0);
        unrepaired.values().removeIf(sequence -> sequence <= upTo);
      } else {
        for (Map.Entry<K, Long> entry : unrepaired.entrySet()) {
          if (entry.getValue() > upTo) {
            continue;
          }
          byte[] rawKey = keyCodec.encode(entry.getKey());
          l2.invalidate(rawKey, InvalidationMessage.ofKey(instanceId, rawKey));
          counters.invalidationsSent.increment();
          unrepaired.remove(entry.getKey(), entry.getValue());
        }
      }
      LOG.log(
          System.Logger.Level.INFO,
          "Cache {0}: repaired in Redis the keys whose writes had failed",
          name);
    } catch (RuntimeException e) {
      counters.l2Errors.increment();
      LOG.log(
          System.Logger.Level.DEBUG,
          "Cache " + name + ": the repair of failed writes failed; retried when Redis answers",
          e);
      repairing.set(false);
      // The link may be back by then without another event to start it (the pub/sub connection
      // can resubscribe before the command connection reconnects).
      if (!closed.get()) {
        CompletableFuture.delayedExecutor(REPAIR_RETRY_MILLIS, TimeUnit.MILLISECONDS, executor)
            .execute(this::scheduleRepair);
      }
      return;
    }
    repairing.set(false);
    // Writes that failed while this repair ran are repaired now rather than at the next command.
    scheduleRepair();
  }

  /** Returns how many keys wait for repair, or -1 when the whole cache does (for tests). */
  long unrepairedKeys() {
    return allAwaitingRepair() ? -1 : keysAwaitingRepair();
  }

  /** Returns how many keys are marked for repair (the metrics' gauge). */
  int keysAwaitingRepair() {
    return unrepaired.size();
  }

  /** Returns whether the whole cache is marked for repair (the metrics' gauge). */
  boolean allAwaitingRepair() {
    return unrepairedAll.get() != 0;
  }

  // ---------------------------------------------------------------------------- the rest

  /** Returns the number of entries in this JVM's L1. */
  @Override
  public long estimatedSize() {
    return l1.estimatedSize();
  }

  /** Returns the statistics of this JVM's L1 (see {@link #levelStats()} for both levels). */
  @Override
  public CacheStats stats() {
    return l1.stats();
  }

  /** Returns this cache's counters of both levels, invalidations and resynchronizations. */
  public TwoLevelStats levelStats() {
    return counters.snapshot();
  }

  /** Returns a read-only view of this JVM's L1; writes go through the cache's own methods. */
  @Override
  public ConcurrentMap<K, V> asMap() {
    return new ReadOnlyMap<>(l1.asMap());
  }

  @Override
  public void cleanUp() {
    l1.cleanUp();
  }

  /** Returns the policy of this JVM's L1. */
  @Override
  public Policy<K, V> policy() {
    return l1.policy();
  }

  /**
   * Returns what Larder knows about this JVM's L1 (memory estimate, bounds, guard warnings), so
   * that Larder's metrics, health and memory monitor describe a two-level cache's L1 as they
   * describe any Larder cache.
   */
  @Override
  public CacheInsight insight() {
    return CacheInsight.of(l1).orElseThrow();
  }

  /** Whether the connections to Redis are currently open. */
  public boolean isL2Connected() {
    return l2.isConnected();
  }

  /** Closes the connections to Redis, waits for their threads to end, and empties L1. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      l2.close();
    } finally {
      dropAllLocal();
    }
  }

  @Override
  public String toString() {
    return "TwoLevelCache[" + name + "]";
  }

  private byte[] newToken() {
    return ByteBuffer.allocate(instanceId.length + Long.BYTES)
        .put(instanceId)
        .putLong(tokens.incrementAndGet())
        .array();
  }

  private void l2ReadFailed(RuntimeException e) {
    counters.l2Errors.increment();
    LOG.log(System.Logger.Level.DEBUG, "Cache " + name + ": Redis read failed", e);
  }

  private L2WriteException l2WriteFailed(String operation, RuntimeException e) {
    counters.l2Errors.increment();
    return new L2WriteException(
        "Cache " + name + ": " + operation + " could not write Redis (" + e + ")", e);
  }

  static <T> @Nullable T await(CompletableFuture<@Nullable T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /** A read-only {@link ConcurrentMap} over L1's map. */
  private static final class ReadOnlyMap<K, V> extends AbstractMap<K, V>
      implements ConcurrentMap<K, V> {
    private final ConcurrentMap<K, V> delegate;

    ReadOnlyMap(ConcurrentMap<K, V> delegate) {
      this.delegate = delegate;
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
      return Collections.unmodifiableMap(delegate).entrySet();
    }

    @Override
    public @Nullable V get(@Nullable Object key) {
      return delegate.get(key);
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
      return delegate.containsKey(key);
    }

    @Override
    public int size() {
      return delegate.size();
    }

    @Override
    public @Nullable V putIfAbsent(K key, V value) {
      throw new UnsupportedOperationException("asMap() of a two-level cache is read-only");
    }

    @Override
    public boolean remove(Object key, @Nullable Object value) {
      throw new UnsupportedOperationException("asMap() of a two-level cache is read-only");
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
      throw new UnsupportedOperationException("asMap() of a two-level cache is read-only");
    }

    @Override
    public @Nullable V replace(K key, V value) {
      throw new UnsupportedOperationException("asMap() of a two-level cache is read-only");
    }
  }
}
