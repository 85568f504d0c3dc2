package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Expiry;
import io.larder.cache.Policy;
import io.larder.cache.RemovalCause;
import io.larder.cache.RemovalListener;
import io.larder.cache.Ticker;
import io.larder.cache.Weigher;
import io.larder.cache.stats.StatsCounter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The storage of a bounded cache: a {@link ConcurrentHashMap} of {@link Node}s, kept within a
 * maximum size or weight by an adaptive W-TinyLFU policy ({@link WindowTinyLfuPolicy}) that
 * learns of the operations through buffers ({@link BoundedMaintenance}).
 *
 * <h2>Design</h2>
 *
 * <p>The hash table is the source of truth: an entry is present exactly while its node is in the
 * table. Reads take no lock: they find the node, read its value and offer the node to the read
 * buffer. Writes are atomic per key through the table's own per-bin locking ({@code compute},
 * {@code putIfAbsent}) and the node's monitor (which guards its value and weight), then publish
 * a task to the write buffer. The policy (deques, sketch, sizes) is touched only under the
 * eviction lock, in batches. Size-based eviction removes the victim from the table with a {@code
 * computeIfPresent} that checks that the node is still the mapping, so that it never races with
 * a writer of the same key.
 *
 * <p>Listeners and statistics follow Caffeine: the eviction listener runs synchronously inside
 * the atomic removal; the removal listener runs on the executor for every removal and replacement;
 * an eviction is counted with its weight. Reads through the map view count nothing; the adapters
 * use the {@code recordStats} variants.
 */
final class BoundedLocalCache<K, V> implements LocalCache<K, V>, CacheGuards.Holder {
  private static final Logger logger = System.getLogger(BoundedLocalCache.class.getName());

  /** The spins a writer waits for a concurrent removal to complete before blocking on it. */
  static final int MAX_PUT_SPIN_WAIT_ATTEMPTS = 1024 - 1;

  private static final VarHandle REFRESHES;

  static {
    try {
      REFRESHES = MethodHandles.lookup()
          .findVarHandle(BoundedLocalCache.class, "refreshes", ConcurrentMap.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final ConcurrentHashMap<Object, Node<K, V>> data;
  final BoundedMaintenance<K, V> maintenance;
  final WindowTinyLfuPolicy<K, V> policy;
  final NodeFactory nodeFactory;
  private final CacheSettings<K, V> settings;
  private final Weigher<? super K, ? super V> weigher;
  private final StatsCounter statsCounter;
  private final boolean isRecordingStats;
  private final boolean isAsync;
  private final Executor executor;
  private final @Nullable RemovalListener<? super K, ? super V> evictionListener;
  private final @Nullable RemovalListener<? super K, ? super V> removalListener;
  private final CacheGuards guards;

  @SuppressWarnings("unused") // created lazily through REFRESHES
  private volatile @Nullable ConcurrentMap<Object, CompletableFuture<?>> refreshes;

  private @Nullable Set<K> keySet;
  private @Nullable Collection<V> values;
  private @Nullable Set<Map.Entry<K, V>> entrySet;
  private @Nullable BoundedPolicy<K, V> policyView;

  /** Creates the storage for the settings, which must be bounded by size or weight. */
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
    long maximum = settings.weighted() ? settings.maximumWeight() : settings.maximumSize();
    if (maximum == CacheSettings.UNSET) {
      throw new IllegalArgumentException("a bounded cache needs maximumSize or maximumWeight");
    }
    this.policy = new WindowTinyLfuPolicy<>(
        maximum, settings.weighted(), data::mappingCount, this::evictEntry);
    this.maintenance = new BoundedMaintenance<>(policy, executor);
    this.guards = CacheGuards.forBounded(settings);
  }

  @Override
  public CacheGuards guards() {
    return guards;
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
    return null;
  }

  @Override
  public Object referenceKey(K key) {
    return key;
  }

  @Override
  public ConcurrentMap<Object, CompletableFuture<?>> refreshes() {
    @SuppressWarnings("unchecked")
    ConcurrentMap<Object, CompletableFuture<?>> pending =
        (ConcurrentMap<Object, CompletableFuture<?>>) REFRESHES.getAcquire(this);
    if (pending == null) {
      pending = new ConcurrentHashMap<>();
      if (!REFRESHES.compareAndSet(this, null, pending)) {
        @SuppressWarnings("unchecked")
        ConcurrentMap<Object, CompletableFuture<?>> winner =
            (ConcurrentMap<Object, CompletableFuture<?>>) REFRESHES.getAcquire(this);
        pending = requireNonNull(winner);
      }
    }
    return pending;
  }

  /** Returns the reloads in flight, or {@code null} if none was ever started. */
  @Nullable ConcurrentMap<Object, CompletableFuture<?>> refreshesIfCreated() {
    return refreshes;
  }

  /** Discards the reload in flight for the key, if any, so that a write wins over it. */
  private void discardRefresh(Object keyReference) {
    ConcurrentMap<Object, CompletableFuture<?>> pending = refreshes;
    if ((pending != null) && !pending.isEmpty()) {
      pending.remove(keyReference);
    }
  }

  /** Returns the time source of the policy's snapshots (disabled until expiration exists). */
  Ticker expirationTicker() {
    return settings.ticker();
  }

  @Override
  public void notifyRemoval(@Nullable K key, @Nullable V value, RemovalCause cause) {
    RemovalListener<? super K, ? super V> listener = removalListener;
    if (listener == null) {
      return;
    }
    Runnable task = () -> {
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

  /** Tells the eviction listener, synchronously, inside the atomic removal. */
  private void notifyEviction(@Nullable K key, @Nullable V value, RemovalCause cause) {
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
  }

  /* --------------- Eviction --------------- */

  /**
   * Removes a node chosen by the policy from the table and the policy (the policy's {@link
   * WindowTinyLfuPolicy.Evictor}); returns {@code false} if it must stay (it now weighs zero).
   * The caller holds the eviction lock.
   */
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  boolean evictEntry(Node<K, V> node, RemovalCause cause) {
    K key = node.getKey();
    Object keyReference = node.getKeyReference();
    RemovalContext<K, V> ctx = new RemovalContext<>();
    data.computeIfPresent(keyReference, (k, n) -> {
      if (n != node) {
        return n;
      }
      synchronized (n) {
        ctx.value = n.getValue();
        if ((cause == RemovalCause.SIZE) && (n.getWeight() == 0)) {
          ctx.resurrect = true;
          return n;
        }
        notifyEviction(key, ctx.value, cause);
        discardRefresh(k);
        ctx.removed = true;
        n.retire();
        return null;
      }
    });
    if (ctx.resurrect) {
      return false;
    }
    if (!ctx.removed && node.isAlive()) {
      // Not found by its key, yet nobody removed it: the key's hash changed (see MutatedKeyGuard)
      ctx.removed = guards.mutatedKeys().strand(node, cause, (k, v, c) -> {
        ctx.value = v;
        notifyEviction(k, v, c);
      });
    }

    // Unlink at once, even if a concurrent removal won the race, so that the next victim is chosen
    // from the remaining entries before that removal's task is applied.
    policy.unlink(node);
    policy.makeDead(node);
    if (ctx.removed) {
      statsCounter.recordEviction(node.getWeight(), cause);
      notifyRemoval(key, ctx.value, cause);
    }
    return true;
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
    Node<K, V> node = data.get(key);
    return (node != null) && (node.getValue() != null);
  }

  @Override
  public boolean containsValue(Object value) {
    requireNonNull(value);
    for (Node<K, V> node : data.values()) {
      if (node.containsValue(value) && node.isAlive()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public @Nullable V get(Object key) {
    return getIfPresent(key, /* recordStats= */ false);
  }

  @Override
  public @Nullable V getIfPresent(Object key, boolean recordStats) {
    Node<K, V> node = data.get(key);
    V value = (node == null) ? null : node.getValue();
    if ((node == null) || (value == null)) {
      if (recordStats) {
        statsCounter.recordMisses(1);
      }
      maintenance.scheduleIfRequired();
      return null;
    }
    afterRead(node, recordStats);
    return value;
  }

  @Override
  public @Nullable V getIfPresentQuietly(Object key) {
    Node<K, V> node = data.get(key);
    return (node == null) ? null : node.getValue();
  }

  /** Returns the entry's current weight, or {@code null} if absent. */
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  @Nullable Integer weightOf(Object key) {
    Node<K, V> node = data.get(key);
    if ((node == null) || (node.getValue() == null)) {
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
    for (K key : uniqueKeys) {
      Node<K, V> node = data.get(key);
      V value = (node == null) ? null : node.getValue();
      if ((node != null) && (value != null)) {
        afterRead(node, /* recordHit= */ false);
        result.put(key, value);
      }
    }
    statsCounter.recordHits(result.size());
    statsCounter.recordMisses(uniqueKeys.size() - result.size());
    return Collections.unmodifiableMap(result);
  }

  private void afterRead(Node<K, V> node, boolean recordHit) {
    if (recordHit) {
      statsCounter.recordHits(1);
    }
    maintenance.afterRead(node);
  }

  /* --------------- Writes --------------- */

  @Override
  public @Nullable V put(K key, V value) {
    return put(key, value, /* onlyIfAbsent= */ false);
  }

  @Override
  public @Nullable V putIfAbsent(K key, V value) {
    return put(key, value, /* onlyIfAbsent= */ true);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    map.forEach(this::put);
  }

  /**
   * Inserts or (unless {@code onlyIfAbsent}) updates the mapping; returns the previous value. The
   * weight is computed once, before any lock is taken.
   */
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  private @Nullable V put(K key, V value, boolean onlyIfAbsent) {
    requireNonNull(key);
    requireNonNull(value);
    int newWeight = -1;
    Node<K, V> node = null;
    for (int attempts = 1; ; attempts++) {
      Node<K, V> prior = data.get(key);
      if (prior == null) {
        if (node == null) {
          newWeight = weigher.weigh(key, value);
          node = nodeFactory.newNode(key, value, newWeight);
        }
        prior = data.putIfAbsent(key, node);
        if (prior == null) {
          maintenance.afterWrite(maintenance.addTask(node, newWeight));
          return null;
        }
      }
      if (onlyIfAbsent) {
        // An optimistic fast path that takes no lock
        V currentValue = prior.getValue();
        if (currentValue != null) {
          afterRead(prior, /* recordHit= */ false);
          return currentValue;
        }
      }

      if (!prior.isAlive()) {
        // The entry is being removed: spin briefly, then wait on the table's bin lock for it.
        if ((attempts & MAX_PUT_SPIN_WAIT_ATTEMPTS) != 0) {
          Thread.onSpinWait();
          continue;
        }
        data.computeIfPresent(key, (k, n) -> {
          requireIsAlive(key, n);
          return n;
        });
        continue;
      }

      if (newWeight < 0) {
        newWeight = weigher.weigh(key, value);
      }
      V oldValue;
      int oldWeight;
      synchronized (prior) {
        if (!prior.isAlive()) {
          continue;
        }
        oldValue = prior.getValue();
        oldWeight = prior.getWeight();
        if (onlyIfAbsent && (oldValue != null)) {
          afterRead(prior, /* recordHit= */ false);
          return oldValue;
        }
        prior.setValue(value);
        prior.setWeight(newWeight);
        discardRefresh(key);
      }
      if (oldValue != null) {
        notifyOnReplace(key, oldValue, value);
      }
      int weightDifference = newWeight - oldWeight;
      if (weightDifference != 0) {
        maintenance.afterWrite(maintenance.updateTask(prior, weightDifference));
      } else {
        afterRead(prior, /* recordHit= */ false);
      }
      return oldValue;
    }
  }

  @Override
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  public @Nullable V remove(Object key) {
    RemovalContext<K, V> ctx = new RemovalContext<>();
    data.computeIfPresent(key, (k, n) -> {
      synchronized (n) {
        requireIsAlive(key, n);
        ctx.key = n.getKey();
        ctx.value = n.getValue();
        ctx.node = n;
        discardRefresh(k);
        n.retire();
        return null;
      }
    });
    Node<K, V> removed = ctx.node;
    if (removed == null) {
      return null;
    }
    maintenance.afterWrite(maintenance.removalTask(removed));
    notifyRemoval(ctx.key, ctx.value, RemovalCause.EXPLICIT);
    return ctx.value;
  }

  @Override
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  public boolean remove(Object key, @Nullable Object value) {
    requireNonNull(key);
    if (value == null) {
      return false;
    }
    RemovalContext<K, V> ctx = new RemovalContext<>();
    data.computeIfPresent(key, (k, n) -> {
      synchronized (n) {
        requireIsAlive(key, n);
        if (!n.containsValue(value)) {
          return n;
        }
        ctx.key = n.getKey();
        ctx.value = n.getValue();
        ctx.node = n;
        discardRefresh(k);
        n.retire();
        return null;
      }
    });
    Node<K, V> removed = ctx.node;
    if (removed == null) {
      return false;
    }
    maintenance.afterWrite(maintenance.removalTask(removed));
    notifyRemoval(ctx.key, ctx.value, RemovalCause.EXPLICIT);
    return true;
  }

  @Override
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  public @Nullable V replace(K key, V value) {
    requireNonNull(key);
    requireNonNull(value);
    int weight = weigher.weigh(key, value);
    RemovalContext<K, V> ctx = new RemovalContext<>();
    Node<K, V> node = data.computeIfPresent(key, (k, n) -> {
      synchronized (n) {
        requireIsAlive(key, n);
        ctx.key = n.getKey();
        ctx.value = n.getValue();
        ctx.oldWeight = n.getWeight();
        n.setValue(value);
        n.setWeight(weight);
        discardRefresh(k);
        return n;
      }
    });
    V oldValue = ctx.value;
    if ((node == null) || (oldValue == null)) {
      return null;
    }
    afterReplace(node, weight - ctx.oldWeight);
    notifyOnReplace(key, oldValue, value);
    return oldValue;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    return replace(key, oldValue, newValue, /* shouldDiscardRefresh= */ true);
  }

  @Override
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  public boolean replace(K key, V oldValue, V newValue, boolean shouldDiscardRefresh) {
    requireNonNull(key);
    requireNonNull(oldValue);
    requireNonNull(newValue);
    int weight = weigher.weigh(key, newValue);
    RemovalContext<K, V> ctx = new RemovalContext<>();
    Node<K, V> node = data.computeIfPresent(key, (k, n) -> {
      synchronized (n) {
        requireIsAlive(key, n);
        if (!n.containsValue(oldValue)) {
          return n;
        }
        ctx.value = n.getValue();
        ctx.oldWeight = n.getWeight();
        n.setValue(newValue);
        n.setWeight(weight);
        if (shouldDiscardRefresh) {
          discardRefresh(k);
        }
        return n;
      }
    });
    V replaced = ctx.value;
    if ((node == null) || (replaced == null)) {
      return false;
    }
    afterReplace(node, weight - ctx.oldWeight);
    notifyOnReplace(key, replaced, newValue);
    return true;
  }

  /** Tells the policy of a replaced value: a re-weigh if the weight changed, else a use. */
  private void afterReplace(Node<K, V> node, int weightDifference) {
    if (weightDifference != 0) {
      maintenance.afterWrite(maintenance.updateTask(node, weightDifference));
    } else {
      afterRead(node, /* recordHit= */ false);
    }
  }

  @Override
  public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
    requireNonNull(function);
    BiFunction<K, V, V> remappingFunction =
        (key, oldValue) -> requireNonNull(function.apply(key, oldValue));
    for (K key : keySet()) {
      remap(key, remappingFunction, /* computeIfAbsent= */ false);
    }
  }

  @Override
  public void clear() {
    Deque<Node<K, V>> entries;
    maintenance.evictionLock.lock();
    try {
      // Discard the pending reads and apply the pending writes
      maintenance.readBuffer.drainTo(node -> {});
      Runnable task;
      while ((task = maintenance.writeBuffer.poll()) != null) {
        task.run();
      }

      // Remove one by one under the lock while writers keep up; stragglers outside it
      int threshold = BoundedMaintenance.WRITE_BUFFER_MAX / 2;
      entries = new ArrayDeque<>(data.values());
      while (!entries.isEmpty() && (maintenance.writeBuffer.size() < threshold)) {
        removeNode(entries.pollFirst());
      }
    } finally {
      maintenance.evictionLock.unlock();
    }
    for (Node<K, V> node : entries) {
      Object key = node.getKeyReference();
      if (node.isAlive()) {
        remove(key);
      }
    }
  }

  /** Removes a node explicitly while holding the eviction lock (for {@link #clear()}). */
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  private void removeNode(Node<K, V> node) {
    K key = node.getKey();
    RemovalContext<K, V> ctx = new RemovalContext<>();
    data.computeIfPresent(node.getKeyReference(), (k, n) -> {
      if (n != node) {
        return n;
      }
      synchronized (n) {
        ctx.value = n.getValue();
        ctx.removed = true;
        discardRefresh(k);
        n.retire();
        return null;
      }
    });
    policy.unlink(node);
    policy.makeDead(node);
    if (ctx.removed) {
      notifyRemoval(key, ctx.value, RemovalCause.EXPLICIT);
    }
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
    Node<K, V> node = data.get(key);
    if (node != null) {
      V value = node.getValue();
      if (value != null) {
        afterRead(node, /* recordHit= */ recordStats);
        return value;
      }
    }
    Function<? super K, ? extends @Nullable V> function =
        recordStats ? statsAware(mappingFunction, recordLoad) : mappingFunction;
    return doComputeIfAbsent(key, function, recordStats);
  }

  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  private @Nullable V doComputeIfAbsent(
      K key, Function<? super K, ? extends @Nullable V> mappingFunction, boolean recordStats) {
    ComputeContext<K, V> ctx = new ComputeContext<>();
    Node<K, V> node = data.compute(key, (k, n) -> {
      if (n == null) {
        V newValue = mappingFunction.apply(key);
        discardRefresh(k);
        if (newValue == null) {
          return null;
        }
        ctx.newValue = newValue;
        ctx.newWeight = weigher.weigh(key, newValue);
        return nodeFactory.newNode(key, newValue, ctx.newWeight);
      }
      synchronized (n) {
        requireIsAlive(key, n);
        ctx.oldValue = n.getValue();
        return n;
      }
    });
    if (node == null) {
      return null;
    }
    V oldValue = ctx.oldValue;
    if (oldValue != null) {
      afterRead(node, /* recordHit= */ recordStats);
      return oldValue;
    }
    maintenance.afterWrite(maintenance.addTask(node, ctx.newWeight));
    return ctx.newValue;
  }

  @Override
  public @Nullable V computeIfPresent(
      K key, BiFunction<? super K, ? super V, ? extends @Nullable V> remappingFunction) {
    requireNonNull(key);
    requireNonNull(remappingFunction);

    // An optimistic fast path that takes no lock
    Node<K, V> node = data.get(key);
    if ((node == null) || (node.getValue() == null)) {
      return null;
    }
    BiFunction<? super K, ? super V, ? extends @Nullable V> function =
        statsAware(remappingFunction, /* recordLoad= */ true, /* recordLoadFailure= */ true);
    return remap(key, function, /* computeIfAbsent= */ false);
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
    BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> function =
        statsAware(remappingFunction, recordLoad, recordLoadFailure);
    return remap(key, function, /* computeIfAbsent= */ true);
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
    return remap(key, mergeFunction, /* computeIfAbsent= */ true);
  }

  /**
   * Computes a new mapping for the key from its current value ({@code null} if absent); a {@code
   * null} result removes it. When {@code computeIfAbsent} is false an absent key stays absent.
   * The function runs inside the table's atomic compute, under the node's monitor.
   */
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  private @Nullable V remap(
      K key,
      BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> remappingFunction,
      boolean computeIfAbsent) {
    ComputeContext<K, V> ctx = new ComputeContext<>();
    Node<K, V> node = data.compute(key, (k, n) -> {
      if (n == null) {
        if (!computeIfAbsent) {
          return null;
        }
        V newValue = remappingFunction.apply(key, null);
        if (newValue == null) {
          return null;
        }
        ctx.newValue = newValue;
        ctx.newWeight = weigher.weigh(key, newValue);
        discardRefresh(k);
        return nodeFactory.newNode(key, newValue, ctx.newWeight);
      }
      synchronized (n) {
        requireIsAlive(key, n);
        K nodeKey = n.getKey();
        V oldValue = n.getValue();
        ctx.nodeKey = nodeKey;
        ctx.oldValue = oldValue;
        ctx.oldWeight = n.getWeight();
        V newValue = remappingFunction.apply(nodeKey, oldValue);
        if (newValue == null) {
          ctx.cause = RemovalCause.EXPLICIT;
          ctx.removed = n;
          discardRefresh(k);
          n.retire();
          return null;
        }
        ctx.newValue = newValue;
        ctx.newWeight = weigher.weigh(key, newValue);
        if (newValue != oldValue) {
          ctx.cause = RemovalCause.REPLACED;
          n.setValue(newValue);
        }
        n.setWeight(ctx.newWeight);
        discardRefresh(k);
        return n;
      }
    });

    if (ctx.cause == RemovalCause.REPLACED) {
      notifyOnReplace(key, ctx.oldValue, requireNonNull(ctx.newValue));
    } else if (ctx.cause == RemovalCause.EXPLICIT) {
      notifyRemoval(ctx.nodeKey, ctx.oldValue, RemovalCause.EXPLICIT);
    }

    Node<K, V> removed = ctx.removed;
    if (removed != null) {
      maintenance.afterWrite(maintenance.removalTask(removed));
    } else if (node == null) {
      // absent and not computed
    } else if (ctx.oldValue == null) {
      maintenance.afterWrite(maintenance.addTask(node, ctx.newWeight));
    } else {
      afterReplace(node, ctx.newWeight - ctx.oldWeight);
    }
    return ctx.newValue;
  }

  /* --------------- Iteration, views and identity --------------- */

  @Override
  public void forEach(BiConsumer<? super K, ? super V> action) {
    requireNonNull(action);
    for (Node<K, V> node : data.values()) {
      K key = node.getKey();
      V value = node.getValue();
      if ((value != null) && node.isAlive()) {
        action.accept(key, value);
      }
    }
  }

  @Override
  public Set<K> keySet() {
    Set<K> view = keySet;
    if (view == null) {
      view = new BoundedMapViews.KeySetView<>(this);
      keySet = view;
    }
    return view;
  }

  @Override
  public Collection<V> values() {
    Collection<V> view = values;
    if (view == null) {
      view = new BoundedMapViews.ValuesView<>(this);
      values = view;
    }
    return view;
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    Set<Map.Entry<K, V>> view = entrySet;
    if (view == null) {
      view = new BoundedMapViews.EntrySetView<>(this);
      entrySet = view;
    }
    return view;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    } else if (!(o instanceof Map<?, ?>)) {
      return false;
    }
    Map<?, ?> map = (Map<?, ?>) o;
    if (size() != map.size()) {
      return false;
    }
    for (Node<K, V> node : data.values()) {
      K key = node.getKey();
      V value = node.getValue();
      if ((value != null) && node.isAlive() && !value.equals(map.get(key))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = 0;
    for (Node<K, V> node : data.values()) {
      K key = node.getKey();
      V value = node.getValue();
      if ((value != null) && node.isAlive()) {
        hash += key.hashCode() ^ value.hashCode();
      }
    }
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder result = new StringBuilder().append('{');
    for (Node<K, V> node : data.values()) {
      K key = node.getKey();
      V value = node.getValue();
      if ((value != null) && node.isAlive()) {
        if (result.length() != 1) {
          result.append(", ");
        }
        result.append((key == this) ? "(this Map)" : key);
        result.append('=');
        result.append((value == this) ? "(this Map)" : value);
      }
    }
    return result.append('}').toString();
  }

  /* --------------- Support --------------- */

  /** Fails if the node found for the key is not alive: the key's hash or equality changed. */
  private void requireIsAlive(Object key, Node<?, ?> node) {
    if (!node.isAlive()) {
      throw new IllegalStateException(String.format(Locale.US,
          "An invalid state was detected, occurring when the key's equals or hashCode was "
              + "modified while residing in the cache. This violation of the Map contract can "
              + "lead to non-deterministic behavior (key: %s, key type: %s).",
          key, key.getClass().getName()));
    }
  }

  /** State carried out of a removal or replacement lambda. */
  private static final class RemovalContext<K, V> {
    @Nullable K key;
    @Nullable V value;
    @Nullable Node<K, V> node;
    boolean removed;
    boolean resurrect;
    int oldWeight;
  }

  /** State carried out of a computation lambda. */
  private static final class ComputeContext<K, V> {
    @Nullable K nodeKey;
    @Nullable V oldValue;
    @Nullable V newValue;
    @Nullable Node<K, V> removed;
    @Nullable RemovalCause cause;
    int oldWeight;
    int newWeight;
  }
}
