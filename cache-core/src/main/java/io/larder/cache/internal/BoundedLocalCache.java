package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Expiry;
import io.larder.cache.Policy;
import io.larder.cache.Policy.CacheEntry;
import io.larder.cache.RemovalCause;
import io.larder.cache.RemovalListener;
import io.larder.cache.Ticker;
import io.larder.cache.Weigher;
import io.larder.cache.stats.StatsCounter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The storage of a bounded cache: a {@link ConcurrentHashMap} of {@link Node}s, kept within a
 * maximum size or weight by an adaptive W-TinyLFU policy ({@link WindowTinyLfuPolicy}) that learns
 * of the operations through buffers ({@link BoundedMaintenance}).
 *
 * <h2>Design</h2>
 *
 * <p>The hash table is the source of truth: an entry is present exactly while its node is in the
 * table. Reads take no lock: they find the node, read its value and offer the node to the read
 * buffer. Writes are atomic per key through the table's own per-bin locking ({@code compute},
 * {@code putIfAbsent}) and the node's monitor (which guards its value and weight), then publish a
 * task to the write buffer. The policy (deques, sketch, sizes) is touched only under the eviction
 * lock, in batches. Size-based eviction removes the victim from the table with a {@code
 * computeIfPresent} that checks that the node is still the mapping, so that it never races with a
 * writer of the same key.
 *
 * <p>Listeners and statistics follow Caffeine: the eviction listener runs synchronously inside the
 * atomic removal; the removal listener runs on the executor for every removal and replacement; an
 * eviction is counted with its weight. Reads through the map view count nothing; the adapters use
 * the {@code recordStats} variants.
 *
 * <p>Beside this class, by concern: the removals of whole entries, explicit and by the policy
 * ({@link BoundedRemovals}), the compute family's atomic bodies ({@link BoundedComputations}), the
 * reloads in flight ({@link RefreshAfterWrite}), the timestamps and their arithmetic ({@link
 * ExpirationPolicy}), the key, value and entry views ({@link MapViews}, over {@link
 * BoundedViewSource}) and map equality ({@link MapEquality}).
 */
final class BoundedLocalCache<K, V> implements LocalCache<K, V>, CacheGuards.Holder {
  private static final Logger logger = System.getLogger(BoundedLocalCache.class.getName());

  /** The spins a writer waits for a concurrent removal to complete before blocking on it. */
  static final int MAX_PUT_SPIN_WAIT_ATTEMPTS = 1024 - 1;

  /** The flag of a computation that never asks to leave the entry's timestamps untouched. */
  private static final boolean[] NO_PRESERVE = new boolean[1];

  final ConcurrentHashMap<Object, Node<K, V>> data;
  final BoundedMaintenance<K, V> maintenance;
  final WindowTinyLfuPolicy<K, V> policy;
  final NodeFactory nodeFactory;
  final ExpirationPolicy<K, V> expiration;
  final RefreshAfterWrite<K, V> refresher;
  private final BoundedComputations<K, V> computations;
  final BoundedRemovals<K, V> removals;
  final EntryReferences<K, V> references;
  private final CacheSettings<K, V> settings;
  final Weigher<? super K, ? super V> weigher;
  final StatsCounter statsCounter;
  private final boolean isRecordingStats;
  private final boolean isAsync;
  private final Executor executor;
  private final @Nullable RemovalListener<? super K, ? super V> evictionListener;
  private final @Nullable RemovalListener<? super K, ? super V> removalListener;
  private final CacheGuards guards;

  private @Nullable Set<K> keySet;
  private @Nullable Collection<V> values;
  private @Nullable Set<Map.Entry<K, V>> entrySet;
  private @Nullable BoundedPolicy<K, V> policyView;

  /**
   * Creates the storage for the settings, which must be bounded by size or weight, or have a
   * time-based policy (expiration or refresh).
   */
  @SuppressWarnings("this-escape") // the policies call back only once the cache is in use
  BoundedLocalCache(CacheSettings<K, V> settings, boolean isAsync) {
    this.settings = settings;
    this.isAsync = isAsync;
    this.nodeFactory = NodeFactory.forSettings(settings, isAsync);
    this.data = new ConcurrentHashMap<>(settings.initialCapacityOrDefault());
    this.weigher = settings.weigher();
    this.statsCounter = settings.newStatsCounter();
    this.isRecordingStats = settings.recordsStats();
    this.executor = settings.executor();
    this.evictionListener = settings.evictionListener();
    this.removalListener = settings.removalListener();
    this.references = new EntryReferences<>(settings);
    this.removals = new BoundedRemovals<>(this);
    long maximum = settings.weighted() ? settings.maximumWeight() : settings.maximumSize();
    boolean timed =
        settings.expires() || (settings.refreshAfterWriteNanos() != CacheSettings.UNSET);
    if ((maximum == CacheSettings.UNSET) && !timed && !references.collects()) {
      throw new IllegalArgumentException(
          "a bounded cache needs maximumSize, maximumWeight, expiration or refresh");
    }
    // Without a size bound the policy never evicts: its window is the access order, if any.
    this.policy =
        new WindowTinyLfuPolicy<>(
            (maximum == CacheSettings.UNSET) ? WindowTinyLfuPolicy.MAXIMUM_CAPACITY : maximum,
            settings.weighted(),
            nodeFactory.hasAccessOrder(),
            data::mappingCount,
            removals::evictEntry);
    this.expiration = new ExpirationPolicy<>(settings, isAsync, policy);
    this.expiration.setExpirer((node, now) -> removals.evictEntry(node, RemovalCause.EXPIRED, now));
    this.refresher = new RefreshAfterWrite<>(this, expiration);
    this.maintenance = new BoundedMaintenance<>(policy, executor, expiration, settings.scheduler());
    if (references.collects()) {
      maintenance.referenceDrain = () -> references.drain(data, removals::evictEntry);
    }
    this.guards = CacheGuards.forBounded(this);
    this.computations = new BoundedComputations<>(this);
  }

  @Override
  public CacheGuards guards() {
    return guards;
  }

  /** Returns the form of the key to look the table up with (a wrapper for weak keys). */
  Object lookupKey(Object key) {
    return references.lookupKey(key);
  }

  /** Returns whether the cache has a size or weight bound. */
  boolean evicts() {
    return (settings.weighted() ? settings.maximumWeight() : settings.maximumSize())
        != CacheSettings.UNSET;
  }

  /* --------------- LocalCache --------------- */

  @Override
  public boolean isAsync() {
    return isAsync;
  }

  @Override
  public boolean isRecordingStats() {
    return isRecordingStats;
  }

  @Override
  public StatsCounter statsCounter() {
    return statsCounter;
  }

  @Override
  public Ticker statsTicker() {
    return settings.statsTicker();
  }

  @Override
  public Executor executor() {
    return executor;
  }

  @Override
  public CacheSettings<K, V> settings() {
    return settings;
  }

  @Override
  public @Nullable Expiry<K, V> expiry() {
    return expiration.expiry();
  }

  @Override
  public void setReloader(Reloader<K> reloader) {
    refresher.setReloader(reloader);
  }

  @Override
  public boolean isPendingEviction(K key) {
    Node<K, V> node = data.get(lookupKey(key));
    if (node == null) {
      return false;
    }
    V value = node.getValue();
    return (value == null) || expiration.hasExpired(node, expiration.now(), value);
  }

  @Override
  public Object referenceKey(K key) {
    Object lookupKey = lookupKey(key);
    if (lookupKey == key) {
      return key;
    }
    Node<K, V> node = data.get(lookupKey);
    return (node == null) ? lookupKey : node.getKeyReference();
  }

  @Override
  public ConcurrentMap<Object, CompletableFuture<?>> refreshes() {
    return refresher.refreshes();
  }

  /** Returns the time source of expiration, refresh and the policy's snapshots. */
  Ticker expirationTicker() {
    return settings.ticker();
  }

  @Override
  public void notifyRemoval(@Nullable K key, @Nullable V value, RemovalCause cause) {
    RemovalListener<? super K, ? super V> listener = removalListener;
    if (listener == null) {
      return;
    }
    Runnable task =
        () -> {
          try {
            listener.onRemoval(key, value, cause);
          } catch (Throwable t) {
            logger.log(Level.WARNING, "Exception thrown by removal listener", t);
          }
        };
    try {
      executor.execute(task);
    } catch (Throwable t) {
      logger.log(Level.ERROR, "Exception thrown when submitting removal listener", t);
      task.run();
    }
  }

  /**
   * Finishes a removal once the table operation is done: counts an eviction with its weight (a
   * removal whose cause {@linkplain RemovalCause#wasEvicted() was an eviction}) and tells the
   * removal listener. The caller tells the policy ({@code removalTask}) where Caffeine does.
   */
  void afterRemoval(@Nullable K key, @Nullable V value, int weight, RemovalCause cause) {
    if (cause.wasEvicted()) {
      statsCounter.recordEviction(weight, cause);
    }
    notifyRemoval(key, value, cause);
  }

  /** Tells the eviction listener, synchronously, inside the atomic removal. */
  void notifyEviction(@Nullable K key, @Nullable V value, RemovalCause cause) {
    RemovalListener<? super K, ? super V> listener = evictionListener;
    if (listener == null) {
      return;
    }
    try {
      listener.onRemoval(key, value, cause);
    } catch (Throwable t) {
      logger.log(Level.WARNING, "Exception thrown by eviction listener", t);
    }
  }

  @Override
  public Policy<K, V> policy() {
    BoundedPolicy<K, V> view = policyView;
    if (view == null) {
      view = new BoundedPolicy<>(this);
      policyView = view;
    }
    return view;
  }

  @Override
  public void cleanUp() {
    maintenance.cleanUp();
    while (references.hasBacklog()) {
      maintenance.cleanUp();
    }
  }

  /* --------------- Reads --------------- */

  @Override
  public boolean isEmpty() {
    return data.isEmpty() || (estimatedSize() == 0);
  }

  @Override
  public int size() {
    return (int) Math.min(Integer.MAX_VALUE, estimatedSize());
  }

  @Override
  public long estimatedSize() {
    // Entries stranded by a mutated key stay in the table but not in the cache (MutatedKeyGuard)
    return Math.max(0L, data.mappingCount() - guards.mutatedKeys().strandedEntries());
  }

  @Override
  public boolean containsKey(Object key) {
    return unexpiredValue(data.get(lookupKey(key))) != null;
  }

  /**
   * Returns the node's value if the node is present and holds a value that has not expired, else
   * {@code null}; reads the clock only for a value.
   */
  private @Nullable V unexpiredValue(@Nullable Node<K, V> node) {
    if (node == null) {
      return null;
    }
    V value = node.getValue();
    if ((value == null) || expiration.hasExpired(node, expiration.now(), value)) {
      return null;
    }
    return value;
  }

  @Override
  public boolean containsValue(Object value) {
    requireNonNull(value);
    long now = expiration.now();
    for (Node<K, V> node : data.values()) {
      if (node.containsValue(value)
          && node.isAlive()
          && !expiration.hasExpired(node, now, node.getValue())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether the node is a live, unexpired entry whose value is {@code value} (read by the
   * caller): what iteration and the views show.
   */
  boolean isPresent(Node<K, V> node, @Nullable V value, long now) {
    return (value != null)
        && node.isAlive()
        && (node.getKey() != null)
        && !expiration.hasExpired(node, now, value);
  }

  /**
   * Returns whether the node, read as {@code key} and {@code value}, is an entry that the
   * maintenance will evict: its key or value was collected, or it expired. Iteration that meets one
   * schedules the maintenance, as Caffeine's does, so that it is removed and notified soon.
   */
  boolean isEvictable(Node<K, V> node, @Nullable K key, @Nullable V value, long now) {
    return (key == null) || (value == null) || expiration.hasExpired(node, now, value);
  }

  /** Schedules the maintenance, which evicts what was collected or expired. */
  void scheduleDrainBuffers() {
    maintenance.scheduleDrainBuffers();
  }

  @Override
  public @Nullable V get(Object key) {
    return getIfPresent(key, /* recordStats= */ false);
  }

  @Override
  public @Nullable V getIfPresent(Object key, boolean recordStats) {
    Node<K, V> node = data.get(lookupKey(key));
    if (node == null) {
      if (recordStats) {
        statsCounter.recordMisses(1);
      }
      maintenance.scheduleIfRequired();
      return null;
    }
    V value = node.getValue();
    long now = expiration.now();
    if ((value == null) || expiration.hasExpired(node, now, value)) {
      // A collected or expired entry: the maintenance removes it (and notifies) now, as Caffeine's
      if (recordStats) {
        statsCounter.recordMisses(1);
      }
      maintenance.scheduleDrainBuffers();
      return null;
    }
    @SuppressWarnings("unchecked") // the key found the node, so it is the node's key type
    K castKey = (K) key;
    return readValue(node, castKey, value, now, recordStats);
  }

  /**
   * Records the read of a present, unexpired entry (its access and expiration times, the policy's
   * read buffer, the hit) and starts its refresh if due; returns the value to answer with: the
   * refreshed one if the reload completed at once, else {@code value}.
   */
  V readValue(Node<K, V> node, K key, V value, long now, boolean recordHit) {
    // recordRead's two calls, made here directly: the hot read path stays one level shallower,
    // small enough for the JIT to inline into getIfPresent whatever the order of compilation
    expiration.onRead(node, key, value, /* expiry= */ null, now);
    V refreshed = afterRead(node, now, recordHit);
    return (refreshed == null) ? value : refreshed;
  }

  /**
   * Records the read of a present, unexpired entry, with the read rule of {@code expiry} (a policy
   * write's own) or, if {@code null}, the cache's; returns the refreshed value if a reload that
   * this read started completed at once, else {@code null}.
   */
  private @Nullable V recordRead(
      Node<K, V> node,
      K key,
      V value,
      @Nullable Expiry<? super K, ? super V> expiry,
      long now,
      boolean recordHit) {
    expiration.onRead(node, key, value, expiry, now);
    return afterRead(node, now, recordHit);
  }

  @Override
  public @Nullable V getIfPresentQuietly(Object key) {
    return unexpiredValue(data.get(lookupKey(key)));
  }

  /** A time of an entry, in nanoseconds, read by a policy view at {@code now}. */
  interface EntryNanos<K, V> {
    long of(Node<K, V> node, long now);
  }

  /**
   * Returns the time {@code nanos} reads of the entry of {@code key}, in {@code unit}, or empty if
   * the key has no live, unexpired entry: the policy views' {@code ageOf} and {@code
   * getExpiresAfter}.
   */
  OptionalLong unexpiredTime(K key, TimeUnit unit, EntryNanos<K, V> nanos) {
    requireNonNull(key);
    requireNonNull(unit);
    Node<K, V> node = data.get(lookupKey(key));
    if (node == null) {
      return OptionalLong.empty();
    }
    V value = node.getValue();
    long now = expiration.now();
    if ((value == null) || expiration.hasExpired(node, now, value)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(unit.convert(nanos.of(node, now), TimeUnit.NANOSECONDS));
  }

  /**
   * Returns an immutable snapshot of the node with its expiration and refresh times, or {@code
   * null} if it is not a live, unexpired entry.
   */
  @Nullable CacheEntry<K, V> toCacheEntry(Node<K, V> node, int weight) {
    K key = node.getKey();
    V value = node.getValue();
    long now = expiration.now();
    if ((key == null)
        || (value == null)
        || !node.isAlive()
        || expiration.hasExpired(node, now, value)) {
      return null;
    }
    if (!expiration.isTimed()) {
      return new SnapshotCacheEntry<>(key, value, weight, now);
    }
    return new SnapshotCacheEntry<>(
        key,
        value,
        weight,
        now,
        expiration.expiresAt(node, now),
        expiration.refreshableAt(node, now));
  }

  /** Returns the entry's current weight, or {@code null} if absent. */
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  @Nullable Integer weightOf(Object key) {
    Node<K, V> node = data.get(lookupKey(key));
    if ((node == null) || (unexpiredValue(node) == null)) {
      return null;
    }
    synchronized (node) {
      return node.isAlive() ? node.getWeight() : null;
    }
  }

  @Override
  public Map<K, V> getAllPresent(Iterable<? extends K> keys) {
    Set<K> uniqueKeys = new LinkedHashSet<>();
    for (K key : keys) {
      uniqueKeys.add(requireNonNull(key));
    }
    Map<K, V> result = new LinkedHashMap<>(uniqueKeys.size() * 2);
    long now = expiration.now();
    for (K key : uniqueKeys) {
      Node<K, V> node = data.get(lookupKey(key));
      V value = (node == null) ? null : node.getValue();
      if ((node != null) && (value != null) && !expiration.hasExpired(node, now, value)) {
        result.put(key, readValue(node, key, value, now, /* recordHit= */ false));
      }
    }
    statsCounter.recordHits(result.size());
    statsCounter.recordMisses(uniqueKeys.size() - result.size());
    return Collections.unmodifiableMap(result);
  }

  /**
   * Records a read of the node for the policy (and a hit when {@code recordHit}) and, as every read
   * in Caffeine does, starts its refresh if due (see {@link RefreshAfterWrite}); returns the
   * refreshed value if the reload completed at once, else {@code null}.
   */
  @Nullable V afterRead(Node<K, V> node, long now, boolean recordHit) {
    if (recordHit) {
      statsCounter.recordHits(1);
    }
    maintenance.afterRead(node);
    return refresher.refreshIfNeeded(node, now);
  }

  /* --------------- Writes --------------- */

  @Override
  public @Nullable V put(K key, V value) {
    return put(key, value, expiry(), /* onlyIfAbsent= */ false);
  }

  @Override
  public @Nullable V putIfAbsent(K key, V value) {
    return put(key, value, expiry(), /* onlyIfAbsent= */ true);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    map.forEach(this::put);
  }

  /**
   * Inserts or (unless {@code onlyIfAbsent}) updates the mapping; returns the previous value. The
   * weight is computed once, before any lock is taken. An expired entry counts as absent: it is
   * replaced, and reported as expired. {@code expiry} sets the variable expiration time (the
   * cache's own, or one given for this write by the policy).
   */
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  @Nullable V put(
      K key, V value, @Nullable Expiry<? super K, ? super V> expiry, boolean onlyIfAbsent) {
    requireNonNull(key);
    requireNonNull(value);
    int newWeight = -1;
    Node<K, V> node = null;
    long now = expiration.now();
    Object lookupKey = lookupKey(key);
    for (int attempts = 1; ; attempts++) {
      Node<K, V> prior = data.get(lookupKey);
      if (prior == null) {
        if (node == null) {
          newWeight = weigher.weigh(key, value);
          node = newNode(references.storedKey(key), key, value, newWeight, expiry, now);
        }
        prior = data.putIfAbsent(node.getKeyReference(), node);
        if (prior == null) {
          afterAdd(node, newWeight);
          return null;
        }
      }
      if (onlyIfAbsent) {
        // An optimistic fast path that takes no lock
        V currentValue = prior.getValue();
        if ((currentValue != null) && !expiration.hasExpired(prior, now, currentValue)) {
          // A read by the write's own read rule, as Caffeine's; it answers the value it found,
          // not the value of a refresh that it started and that completed at once
          recordRead(prior, key, currentValue, expiry, now, /* recordHit= */ false);
          return currentValue;
        }
      }

      if (!prior.isAlive()) {
        awaitRemoval(key, lookupKey, attempts);
        continue;
      }

      if (newWeight < 0) {
        newWeight = weigher.weigh(key, value);
      }
      V oldValue;
      int oldWeight;
      boolean expired = false;
      boolean mayUpdate = true;
      boolean exceedsTolerance = false;
      synchronized (prior) {
        if (!prior.isAlive()) {
          continue;
        }
        oldValue = prior.getValue();
        oldWeight = prior.getWeight();
        long varTime;
        if (oldValue == null) {
          // The value was collected: the entry is replaced in place, and reported as collected
          varTime = expiration.expireAfterCreate(key, value, expiry, now);
          notifyEviction(key, null, RemovalCause.COLLECTED);
        } else if (expiration.hasExpired(prior, now, oldValue)) {
          expired = true;
          varTime = expiration.expireAfterCreate(key, value, expiry, now);
          notifyEviction(key, oldValue, RemovalCause.EXPIRED);
        } else if (onlyIfAbsent) {
          mayUpdate = false;
          varTime = expiration.expireAfterRead(prior, key, oldValue, expiry, now);
        } else {
          varTime = expiration.expireAfterUpdate(prior, key, value, expiry, now);
        }
        if (mayUpdate) {
          exceedsTolerance = expiration.onWrite(prior, value, varTime, now, expired);
          prior.setValue(value, references.valueQueue());
          prior.setWeight(newWeight);
          refresher.discardRefresh(prior.getKeyReference());
        } else {
          expiration.setVariableTime(prior, varTime);
          expiration.setAccessTime(prior, now);
        }
      }
      if (expired) {
        afterRemoval(key, oldValue, oldWeight, RemovalCause.EXPIRED);
      } else if (oldValue == null) {
        afterRemoval(key, null, oldWeight, RemovalCause.COLLECTED);
      } else if (mayUpdate) {
        notifyOnReplace(key, oldValue, value);
      }
      int weightDifference = mayUpdate ? (newWeight - oldWeight) : 0;
      if ((oldValue == null)
          || (weightDifference != 0)
          || expired
          || (!onlyIfAbsent && exceedsTolerance)) {
        maintenance.afterWrite(maintenance.updateTask(prior, weightDifference));
      } else {
        afterRead(prior, now, /* recordHit= */ false);
      }
      return expired ? null : oldValue;
    }
  }

  /**
   * Waits for the removal of a node that {@code put} found dead (its {@code attempts}-th try):
   * spins briefly, then blocks on the table's bin lock until the removal completes. Fails if the
   * node stays in the table dead: the key's hash or equality changed (see {@link #requireIsAlive}).
   */
  private void awaitRemoval(K key, Object lookupKey, int attempts) {
    if ((attempts & MAX_PUT_SPIN_WAIT_ATTEMPTS) != 0) {
      Thread.onSpinWait();
      return;
    }
    data.computeIfPresent(
        lookupKey,
        (k, n) -> {
          requireIsAlive(key, n);
          return n;
        });
  }

  /** Returns a new node with its timestamps set, not yet published. */
  @SuppressWarnings("unchecked") // the node's fields hold the key and value or their references
  Node<K, V> newNode(
      Object storedKey,
      K key,
      V value,
      int weight,
      @Nullable Expiry<? super K, ? super V> expiry,
      long now) {
    Node<Object, Object> created =
        nodeFactory.newNode(storedKey, references.storedValue(storedKey, value), weight);
    Node<K, V> node = (Node<K, V>) (Node<?, ?>) created;
    if (guards.mutatedKeys().recordsKeyHashes()) {
      node.recordKeyHash(storedKey.hashCode()); // finds the entry if the key is mutated later
    }
    expiration.initialize(node, key, value, expiry, now);
    return node;
  }

  @Override
  public @Nullable V replace(K key, V value) {
    requireNonNull(key);
    requireNonNull(value);
    ReplaceContext<K, V> ctx =
        replaceEntry(key, /* expected= */ null, value, /* shouldDiscardRefresh= */ true);
    return (ctx == null) ? null : ctx.value;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    return replace(key, oldValue, newValue, /* shouldDiscardRefresh= */ true);
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue, boolean shouldDiscardRefresh) {
    requireNonNull(key);
    requireNonNull(oldValue);
    requireNonNull(newValue);
    return replaceEntry(key, oldValue, newValue, shouldDiscardRefresh) != null;
  }

  /**
   * Replaces the value of the key's live, unexpired entry, if its value is {@code expected} when
   * one is given, and tells the policy and the removal listener ({@link #notifyOnReplace}); returns
   * what was replaced, or {@code null} if nothing was. An entry found but not replaced (another
   * value, or collected, or expired) schedules the maintenance, which removes (and notifies) what
   * is gone.
   */
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  private @Nullable ReplaceContext<K, V> replaceEntry(
      K key, @Nullable V expected, V value, boolean shouldDiscardRefresh) {
    int weight = weigher.weigh(key, value);
    ReplaceContext<K, V> ctx = new ReplaceContext<>();
    Node<K, V> node =
        data.computeIfPresent(
            lookupKey(key),
            (k, n) -> {
              synchronized (n) {
                requireIsAlive(key, n);
                ctx.now = expiration.now();
                K nodeKey = n.getKey();
                V nodeValue = n.getValue();
                if ((nodeKey == null)
                    || (nodeValue == null)
                    || ((expected != null) && !n.containsValue(expected))
                    || expiration.hasExpired(n, ctx.now, nodeValue)) {
                  return n;
                }
                ctx.key = nodeKey;
                ctx.value = nodeValue;
                ctx.oldWeight = n.getWeight();
                long varTime = expiration.expireAfterUpdate(n, key, value, expiry(), ctx.now);
                n.setValue(value, references.valueQueue());
                n.setWeight(weight);
                ctx.exceedsTolerance =
                    expiration.onWrite(n, value, varTime, ctx.now, /* force= */ false);
                if (shouldDiscardRefresh) {
                  refresher.discardRefresh(k);
                }
                return n;
              }
            });
    V replaced = ctx.value;
    if ((node == null) || (replaced == null)) {
      if (node != null) {
        // Not replaced (another value, or collected, or expired): a cycle removes what is gone
        maintenance.scheduleDrainBuffers();
      }
      return null;
    }
    afterReplace(node, weight - ctx.oldWeight, ctx.exceedsTolerance, ctx.now);
    notifyOnReplace(requireNonNull(ctx.key), replaced, value);
    return ctx;
  }

  /**
   * Tells the policy of a new entry and the growth guard, if any (a cache bounded only by time), of
   * the write; the guard's check may evict, so this is never called inside a table operation.
   */
  void afterAdd(Node<K, V> node, int weight) {
    maintenance.afterWrite(maintenance.addTask(node, weight));
    guards.afterWrite();
  }

  /**
   * Tells the policy of a replaced value: an update if the weight changed or the write moved the
   * entry's times beyond the tolerance, else a read (which may start a refresh), as in Caffeine.
   */
  void afterReplace(Node<K, V> node, int weightDifference, boolean exceedsTolerance, long now) {
    if ((weightDifference != 0) || exceedsTolerance) {
      maintenance.afterWrite(maintenance.updateTask(node, weightDifference));
    } else {
      afterRead(node, now, /* recordHit= */ false);
    }
  }

  @Override
  public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
    requireNonNull(function);
    BiFunction<K, V, V> remappingFunction =
        (key, oldValue) -> requireNonNull(function.apply(key, oldValue));
    for (K key : keySet()) {
      computations.remap(
          key, remappingFunction, expiry(), /* computeIfAbsent= */ false, NO_PRESERVE);
    }
  }

  /* --------------- Removals (BoundedRemovals) --------------- */

  @Override
  public @Nullable V remove(Object key) {
    return removals.remove(key);
  }

  @Override
  public boolean remove(Object key, @Nullable Object value) {
    return removals.remove(key, value);
  }

  @Override
  public void clear() {
    removals.clear();
  }

  /* --------------- Computations --------------- */

  @Override
  public @Nullable V computeIfAbsent(
      K key,
      Function<? super K, ? extends @Nullable V> mappingFunction,
      boolean recordStats,
      boolean recordLoad) {
    requireNonNull(key);
    requireNonNull(mappingFunction);

    // An optimistic fast path that takes no lock
    long now = expiration.now();
    Node<K, V> node = data.get(lookupKey(key));
    if (node != null) {
      V value = node.getValue();
      if ((value != null) && !expiration.hasExpired(node, now, value)) {
        return readValue(node, key, value, now, /* recordHit= */ recordStats);
      }
    }
    Function<? super K, ? extends @Nullable V> function =
        recordStats ? statsAware(mappingFunction, recordLoad) : mappingFunction;
    return computations.computeIfAbsent(key, function, recordStats, now);
  }

  @Override
  public @Nullable V computeIfPresent(
      K key, BiFunction<? super K, ? super V, ? extends @Nullable V> remappingFunction) {
    requireNonNull(key);
    requireNonNull(remappingFunction);

    // An optimistic fast path that takes no lock
    Node<K, V> node = data.get(lookupKey(key));
    if (node == null) {
      return null;
    }
    V value = node.getValue();
    if ((value == null) || expiration.hasExpired(node, expiration.now(), value)) {
      // A collected or expired entry: the maintenance removes it (and notifies) now, as Caffeine's
      maintenance.scheduleDrainBuffers();
      return null;
    }
    BiFunction<? super K, ? super V, ? extends @Nullable V> function =
        statsAware(remappingFunction, /* recordLoad= */ true, /* recordLoadFailure= */ true);
    return computations.remap(key, function, expiry(), /* computeIfAbsent= */ false, NO_PRESERVE);
  }

  @Override
  public @Nullable V compute(
      K key,
      BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> remappingFunction,
      @Nullable Expiry<? super K, ? super V> expiry,
      boolean recordLoad,
      boolean recordLoadFailure) {
    requireNonNull(key);
    requireNonNull(remappingFunction);
    return compute(key, remappingFunction, expiry, recordLoad, recordLoadFailure, NO_PRESERVE);
  }

  @Override
  public @Nullable V compute(
      K key,
      BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> remappingFunction,
      @Nullable Expiry<? super K, ? super V> expiry,
      boolean recordLoad,
      boolean recordLoadFailure,
      boolean[] preserveTimestamps) {
    requireNonNull(key);
    requireNonNull(remappingFunction);
    BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> function =
        statsAware(remappingFunction, recordLoad, recordLoadFailure);
    return computations.remap(
        key, function, expiry, /* computeIfAbsent= */ true, preserveTimestamps);
  }

  @Override
  public @Nullable V merge(
      K key, V value, BiFunction<? super V, ? super V, ? extends @Nullable V> remappingFunction) {
    requireNonNull(key);
    requireNonNull(value);
    requireNonNull(remappingFunction);
    BiFunction<? super V, ? super V, ? extends @Nullable V> statsAwareFunction =
        statsAware(remappingFunction, /* recordLoad= */ true, /* recordLoadFailure= */ true);
    BiFunction<K, @Nullable V, @Nullable V> mergeFunction =
        (k, oldValue) -> (oldValue == null) ? value : statsAwareFunction.apply(oldValue, value);
    return computations.remap(
        key, mergeFunction, expiry(), /* computeIfAbsent= */ true, NO_PRESERVE);
  }

  /* --------------- Iteration, views and identity --------------- */

  @Override
  public void forEach(BiConsumer<? super K, ? super V> action) {
    requireNonNull(action);
    new BoundedViewSource<>(this)
        .forEachMappingWhile(
            (key, value) -> {
              action.accept(key, value);
              return true;
            });
  }

  @Override
  public Set<K> keySet() {
    Set<K> view = keySet;
    if (view == null) {
      view = new MapViews.KeySetView<>(new BoundedViewSource<>(this));
      keySet = view;
    }
    return view;
  }

  @Override
  public Collection<V> values() {
    Collection<V> view = values;
    if (view == null) {
      view = new MapViews.ValuesView<>(new BoundedViewSource<>(this));
      values = view;
    }
    return view;
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    Set<Map.Entry<K, V>> view = entrySet;
    if (view == null) {
      view = new MapViews.EntrySetView<>(new BoundedViewSource<>(this));
      entrySet = view;
    }
    return view;
  }

  /** Passes each mapping the views show to {@code visitor} until it returns {@code false}. */
  private boolean forEachWhile(BiPredicate<? super K, ? super V> visitor) {
    return new BoundedViewSource<>(this).forEachMappingWhile(visitor);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return MapEquality.equals(this, size(), this::forEachWhile, o);
  }

  @Override
  public int hashCode() {
    return MapEquality.hashCode(this::forEachWhile);
  }

  @Override
  public String toString() {
    return MapEquality.toString(this, this::forEachWhile);
  }

  /* --------------- Support --------------- */

  /** Fails if the node found for the key is not alive: the key's hash or equality changed. */
  void requireIsAlive(Object key, Node<?, ?> node) {
    if (!node.isAlive()) {
      throw new IllegalStateException(
          String.format(
              Locale.US,
              "An invalid state was detected, occurring when the key's equals or hashCode was "
                  + "modified while residing in the cache. This violation of the Map contract can "
                  + "lead to non-deterministic behavior (key: %s, key type: %s).",
              key,
              key.getClass().getName()));
    }
  }

  /** State carried out of a replacement lambda. */
  private static final class ReplaceContext<K, V> {
    @Nullable K key;
    @Nullable V value;
    boolean exceedsTolerance;
    long now;
    int oldWeight;
  }
}
