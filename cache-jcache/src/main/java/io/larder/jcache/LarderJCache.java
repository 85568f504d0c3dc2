package io.larder.jcache;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Caffeine;
import io.larder.cache.Policy.VarExpiration;
import io.larder.cache.RemovalCause;
import io.larder.cache.Ticker;
import io.larder.cache.Weigher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import org.jspecify.annotations.Nullable;

/**
 * A JCache {@link Cache} over a Larder {@link io.larder.cache.Cache}.
 *
 * <p>Design: the Larder cache maps each key to an {@link Expirable}, the stored value (a copy, when
 * the cache stores by value) with its JCache deadline. Every operation that must be atomic for one
 * key (a conditional write, an entry processor, a write-through call) runs inside the Larder map's
 * {@code compute} for that key: the expired entry it may find is removed there, the writer is
 * called there (so that a failing writer leaves the entry unchanged), and the events the operation
 * causes are collected in a batch that is fired once {@code compute} has returned. Larder's own
 * expiration drops an entry shortly after its JCache deadline ({@link DeadlineExpiry}), and
 * Larder's bounds (or, with none, its unbounded-cache guard) evict; both come back through the
 * eviction listener as evictions and, for expiry, as expired events.
 *
 * <p>This class holds the operations of the {@code Cache} interface (argument checks, statistics,
 * the {@code compute} of each) and the cache's lifecycle. The concerns they share sit beside it:
 * the holders and JCache's expiry rules ({@code EntryHolders}, {@code ExpiryDeadlines}, {@code
 * DeadlineExpiry}), entry processors ({@code EntryProcessorInvoker}, {@code ProcessorEntry}), the
 * loader and the writer ({@code ReadThrough}, {@code WriteThrough}), events ({@code
 * EventDispatcher}), statistics and the MXBeans ({@code JCacheStatistics}, {@code CacheMXBeans}).
 *
 * <p>{@link #unwrap(Class)} returns this cache, or the underlying Larder cache for {@code
 * io.larder.cache.Cache.class}: its values are this cache's internal holders, so it is for
 * inspection (sizes, {@code CacheInsight}, metrics), not for writing.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class LarderJCache<K, V> implements Cache<K, V> {

  private final String name;
  private final LarderCacheManager manager;
  private final LarderConfiguration<K, V> configuration;
  private final io.larder.cache.Cache<K, Expirable<V>> cache;
  private final Optional<VarExpiration<K, Expirable<V>>> varExpiration;
  private final Ticker ticker;
  private final Executor executor;
  private final ExpiryPolicy expiry;
  private final ReadThrough<K, V> readThrough;
  private final WriteThrough<K, V> writeThrough;
  private final EventDispatcher<K, V> dispatcher;
  private final JCacheStatistics statistics = new JCacheStatistics();
  private final EntryHolders<K, V> holders;
  private final EntryProcessorInvoker<K, V> processors;
  private final CacheMXBeans mxBeans;
  private volatile boolean closed;

  LarderJCache(
      LarderCacheManager manager,
      String name,
      LarderConfiguration<K, V> configuration,
      Executor executor) {
    this.manager = manager;
    this.name = name;
    this.configuration = configuration;
    this.executor = executor;
    this.ticker = Ticker.systemTicker();
    Copier copier = configuration.isStoreByValue() ? SerializingCopier.INSTANCE : Copier.IDENTITY;
    this.expiry = createOrDefault(configuration.getExpiryPolicyFactory());
    this.holders =
        new EntryHolders<>(ticker, new ExpiryDeadlines(expiry, name), copier, manager, statistics);
    this.readThrough = new ReadThrough<>(configuration);
    this.writeThrough = new WriteThrough<>(configuration);
    if ((configuration.getRefreshAfterWrite() != null) && !readThrough.loadsOnReads()) {
      throw new IllegalArgumentException(
          "The cache "
              + name
              + " has refreshAfterWrite ("
              + configuration.getRefreshAfterWrite()
              + ") but is not read-through with a CacheLoader "
              + "factory");
    }
    this.dispatcher = new EventDispatcher<>(this, executor);
    for (CacheEntryListenerConfiguration<K, V> listener :
        configuration.getCacheEntryListenerConfigurations()) {
      dispatcher.register(listener);
    }
    this.cache = buildLarderCache();
    this.varExpiration = cache.policy().expireVariably();
    this.processors =
        new EntryProcessorInvoker<>(
            cache, holders, dispatcher, statistics, readThrough, writeThrough);
    this.mxBeans =
        new CacheMXBeans(
            new JCacheConfigurationBean(configuration),
            statistics,
            manager.getURI().toString(),
            name);
    statistics.setEnabled(configuration.isStatisticsEnabled());
    if (configuration.isManagementEnabled()) {
      mxBeans.setConfigurationRegistered(true);
    }
    if (configuration.isStatisticsEnabled()) {
      mxBeans.setStatisticsRegistered(true);
    }
  }

  private io.larder.cache.Cache<K, Expirable<V>> buildLarderCache() {
    Caffeine<Object, Object> untyped = Caffeine.newBuilder().executor(executor).ticker(ticker);
    // An eternal policy (MutableConfiguration's default) never sets a deadline: such a cache has
    // no expiration at all, and Larder's guard reports it as the unbounded cache it is.
    // An eviction listener, not a removal listener: only evictions matter here, and a removal
    // listener would cost a task on the executor for every replace and remove
    Caffeine<K, Expirable<V>> builder =
        (expiry instanceof EternalExpiryPolicy)
            ? untyped.evictionListener(this::onEviction)
            : untyped.expireAfter(new DeadlineExpiry<K, V>()).evictionListener(this::onEviction);
    if (!name.isBlank()) {
      builder.name(name);
    }
    if (configuration.getInitialCapacity() >= 0) {
      builder.initialCapacity(configuration.getInitialCapacity());
    }
    if (configuration.getMaximumSize() >= 0) {
      builder.maximumSize(configuration.getMaximumSize());
    }
    Factory<? extends Weigher<? super K, ? super V>> weigherFactory =
        configuration.getWeigherFactory();
    if ((configuration.getMaximumWeight() >= 0) && (weigherFactory != null)) {
      Weigher<? super K, ? super V> weigher = weigherFactory.create();
      builder
          .maximumWeight(configuration.getMaximumWeight())
          .weigher((K key, Expirable<V> holder) -> weigher.weigh(key, holder.value()));
    }
    if (configuration.getMaximumMemory() > 0) {
      builder.maximumMemory(configuration.getMaximumMemory());
    }
    if (configuration.getMemoryBudget() != null) {
      builder.memoryBudget(configuration.getMemoryBudget());
    }
    java.time.Duration refresh = configuration.getRefreshAfterWrite();
    if (refresh == null) {
      return builder.build();
    }
    return builder.refreshAfterWrite(refresh).build(readThrough.refresher(holders, name));
  }

  /** Counts Larder's evictions and publishes its expirations. */
  private void onEviction(@Nullable K key, @Nullable Expirable<V> holder, RemovalCause cause) {
    statistics.recordEvictions(1);
    if ((cause == RemovalCause.EXPIRED) && (key != null) && (holder != null)) {
      dispatcher.publishExpiryLater(key, holder.value());
    }
  }

  // ----------------------------------------------------------------------------------------------
  // Reads

  @Override
  public @Nullable V get(K key) {
    requireOpen();
    requireNonNull(key, "key");
    long start = statistics.startNanos();
    // The clock is read only when an entry can expire or the access policy gives a duration: an
    // eternal entry (the spec's default policy) is answered without it
    Expirable<V> holder = cache.getIfPresent(key);
    if ((holder != null) && (holder.deadlineNanos() != Expirable.ETERNAL)) {
      holder = liveHolder(key, holder, holders.now());
    }
    V result;
    if (holder == null) {
      statistics.recordMisses(1);
      result = readThrough.loadsOnReads() ? loadAndStore(key) : null;
    } else {
      statistics.recordHits(1);
      access(key, holder, /* now= */ Long.MIN_VALUE, true);
      result = holders.copyOut(holder.value());
    }
    statistics.recordGetTime(start);
    return result;
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    requireOpen();
    requireNoNulls(keys, "keys");
    long start = statistics.startNanos();
    long now = holders.now();
    Map<K, V> result = new LinkedHashMap<>();
    Set<K> missing = new HashSet<>();
    for (K key : keys) {
      Expirable<V> holder = liveHolder(key, now);
      if (holder == null) {
        missing.add(key);
      } else {
        access(key, holder, now, true);
        result.put(holders.copyOut(key), holders.copyOut(holder.value()));
      }
    }
    statistics.recordHits(result.size());
    statistics.recordMisses(missing.size());
    if (!missing.isEmpty() && readThrough.loadsOnReads()) {
      Map<K, V> loaded = readThrough.loadAll(missing);
      for (Map.Entry<K, V> entry : loaded.entrySet()) {
        if ((entry.getKey() != null) && (entry.getValue() != null)) {
          storeLoaded(entry.getKey(), entry.getValue(), false);
          result.put(entry.getKey(), entry.getValue());
        }
      }
    }
    statistics.recordGetTime(start);
    return result;
  }

  @Override
  public boolean containsKey(K key) {
    requireOpen();
    requireNonNull(key, "key");
    return liveHolder(key, holders.now()) != null;
  }

  @Override
  public void loadAll(
      Set<? extends K> keys,
      boolean replaceExistingValues,
      @Nullable CompletionListener completionListener) {
    requireOpen();
    requireNoNulls(keys, "keys");
    CompletionListener listener =
        (completionListener == null) ? NoCompletionListener.INSTANCE : completionListener;
    CacheLoader<K, V> cacheLoader = readThrough.forLoadAll();
    if (cacheLoader == null) {
      listener.onCompletion();
      return;
    }
    Set<K> requested = new HashSet<>(keys);
    executor.execute(
        () -> {
          try {
            List<K> toLoad = new ArrayList<>();
            for (K key : requested) {
              if (replaceExistingValues || !containsKey(key)) {
                toLoad.add(key);
              }
            }
            Map<K, V> loaded = cacheLoader.loadAll(toLoad);
            for (Map.Entry<K, V> entry : loaded.entrySet()) {
              if ((entry.getKey() != null) && (entry.getValue() != null)) {
                storeLoaded(entry.getKey(), entry.getValue(), replaceExistingValues);
              }
            }
            listener.onCompletion();
          } catch (CacheLoaderException e) {
            listener.onException(e);
          } catch (Exception e) {
            listener.onException(new CacheLoaderException(e));
          }
        });
  }

  // ----------------------------------------------------------------------------------------------
  // Writes

  @Override
  public void put(K key, V value) {
    requireOpen();
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    long start = statistics.startNanos();
    PutOutcome<V> outcome = write(key, value, true);
    if (outcome.written) {
      statistics.recordPuts(1);
    }
    statistics.recordPutTime(start);
  }

  @Override
  public @Nullable V getAndPut(K key, V value) {
    requireOpen();
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    long start = statistics.startNanos();
    PutOutcome<V> outcome = write(key, value, true);
    if (outcome.oldValue == null) {
      statistics.recordMisses(1);
    } else {
      statistics.recordHits(1);
    }
    if (outcome.written) {
      statistics.recordPuts(1);
    }
    statistics.recordGetTime(start);
    statistics.recordPutTime(start);
    return (outcome.oldValue == null) ? null : holders.copyOut(outcome.oldValue);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    requireOpen();
    requireNonNull(map, "map");
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      requireNonNull(entry.getKey(), "a key of the map");
      requireNonNull(entry.getValue(), "a value of the map");
    }
    long start = statistics.startNanos();
    WriteThrough.Outcome<Map<? extends K, ? extends V>> written = writeThrough.writeAll(map);
    long puts = 0;
    for (Map.Entry<? extends K, ? extends V> entry : written.toApply().entrySet()) {
      if (write(entry.getKey(), entry.getValue(), false).written) {
        puts++;
      }
    }
    statistics.recordPuts(puts);
    statistics.recordPutTime(start);
    if (written.failure() != null) {
      throw written.failure();
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    requireOpen();
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    long start = statistics.startNanos();
    boolean[] added = {false};
    EventDispatcher.Batch<K, V> events = dispatcher.newBatch();
    cache
        .asMap()
        .compute(
            holders.copyIn(key),
            (k, present) -> {
              long now = holders.now();
              Expirable<V> live = holders.expireIfNeeded(k, present, now, events);
              if (live != null) {
                return live;
              }
              writeThrough.write(k, value);
              added[0] = true;
              return holders.create(k, value, now, events);
            });
    events.fire();
    if (added[0]) {
      statistics.recordPuts(1);
      statistics.recordMisses(1);
    } else {
      statistics.recordHits(1);
    }
    statistics.recordPutTime(start);
    return added[0];
  }

  @Override
  public boolean remove(K key) {
    requireOpen();
    requireNonNull(key, "key");
    long start = statistics.startNanos();
    writeThrough.delete(key);
    boolean removed = removeNoWriter(key);
    if (removed) {
      statistics.recordRemovals(1);
    }
    statistics.recordRemoveTime(start);
    return removed;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    requireOpen();
    requireNonNull(key, "key");
    requireNonNull(oldValue, "oldValue");
    long start = statistics.startNanos();
    Conditional outcome =
        ifLiveValueEquals(
            key,
            oldValue,
            (k, live, now, events) -> {
              writeThrough.delete(k);
              events.removed(k, live.value());
              return null;
            });
    if (outcome == Conditional.APPLIED) {
      statistics.recordRemovals(1);
    }
    recordHitOrMiss(outcome);
    statistics.recordRemoveTime(start);
    return outcome == Conditional.APPLIED;
  }

  @Override
  public @Nullable V getAndRemove(K key) {
    requireOpen();
    requireNonNull(key, "key");
    long start = statistics.startNanos();
    writeThrough.delete(key);
    @SuppressWarnings("unchecked")
    V[] old = (V[]) new Object[1];
    EventDispatcher.Batch<K, V> events = dispatcher.newBatch();
    cache
        .asMap()
        .computeIfPresent(
            key,
            (k, present) -> {
              Expirable<V> live = holders.expireIfNeeded(k, present, holders.now(), events);
              if (live != null) {
                old[0] = live.value();
                events.removed(k, live.value());
              }
              return null;
            });
    events.fire();
    if (old[0] == null) {
      statistics.recordMisses(1);
    } else {
      statistics.recordHits(1);
      statistics.recordRemovals(1);
    }
    statistics.recordGetTime(start);
    statistics.recordRemoveTime(start);
    return (old[0] == null) ? null : holders.copyOut(old[0]);
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    requireOpen();
    requireNonNull(key, "key");
    requireNonNull(oldValue, "oldValue");
    requireNonNull(newValue, "newValue");
    long start = statistics.startNanos();
    Conditional outcome =
        ifLiveValueEquals(
            key,
            oldValue,
            (k, live, now, events) -> holders.update(k, live, newValue, now, events));
    statistics.recordPuts((outcome == Conditional.APPLIED) ? 1 : 0);
    recordHitOrMiss(outcome);
    statistics.recordGetTime(start);
    statistics.recordPutTime(start);
    return outcome == Conditional.APPLIED;
  }

  @Override
  public boolean replace(K key, V value) {
    return replaceCounted(key, value, /* isGet= */ false) != null;
  }

  @Override
  public @Nullable V getAndReplace(K key, V value) {
    V old = replaceCounted(key, value, /* isGet= */ true);
    return (old == null) ? null : holders.copyOut(old);
  }

  /**
   * Replaces a live entry's value through the writer, counting a hit and a put or a miss, and the
   * put time (and the get time for {@code getAndReplace}); returns the old value or null if none.
   */
  private @Nullable V replaceCounted(K key, V value, boolean isGet) {
    requireOpen();
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    long start = statistics.startNanos();
    V old = replaceExisting(key, value);
    if (old == null) {
      statistics.recordMisses(1);
    } else {
      statistics.recordHits(1);
      statistics.recordPuts(1);
    }
    if (isGet) {
      statistics.recordGetTime(start);
    }
    statistics.recordPutTime(start);
    return old;
  }

  /** What a conditional operation found: no live entry, another value, or the expected one. */
  private enum Conditional {
    MISSED,
    FOUND_OTHER,
    APPLIED
  }

  /** The write a conditional operation makes when the live value is the expected one. */
  @FunctionalInterface
  private interface OnMatch<K, V> {
    /** Returns the holder to keep for the key, or null to remove it. */
    @Nullable Expirable<V> apply(
        K key, Expirable<V> live, long now, EventDispatcher.Batch<K, V> events);
  }

  /**
   * Runs {@code onMatch} inside the key's compute if the key has a live value equal to {@code
   * expected}; a live entry with another value is accessed instead (the spec's access expiry), and
   * an expired one is removed as expired. Fires the events once the compute has returned.
   */
  private Conditional ifLiveValueEquals(K key, V expected, OnMatch<K, V> onMatch) {
    Conditional[] outcome = {Conditional.MISSED};
    EventDispatcher.Batch<K, V> events = dispatcher.newBatch();
    Expirable<V> result =
        cache
            .asMap()
            .computeIfPresent(
                key,
                (k, present) -> {
                  long now = holders.now();
                  Expirable<V> live = holders.expireIfNeeded(k, present, now, events);
                  if (live == null) {
                    return null;
                  }
                  if (!live.value().equals(expected)) {
                    outcome[0] = Conditional.FOUND_OTHER;
                    access(k, live, now, false);
                    return live;
                  }
                  outcome[0] = Conditional.APPLIED;
                  return onMatch.apply(k, live, now, events);
                });
    events.fire();
    if ((result != null) && (outcome[0] == Conditional.FOUND_OTHER)) {
      syncLarderDeadline(key, result);
    }
    return outcome[0];
  }

  /** Counts a conditional operation's hit (a live entry was found) or miss. */
  private void recordHitOrMiss(Conditional outcome) {
    if (outcome == Conditional.MISSED) {
      statistics.recordMisses(1);
    } else {
      statistics.recordHits(1);
    }
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    requireOpen();
    requireNoNulls(keys, "keys");
    removeAllKeys(new LinkedHashSet<K>(keys));
  }

  @Override
  public void removeAll() {
    requireOpen();
    removeAllKeys(new LinkedHashSet<>(cache.asMap().keySet()));
  }

  private void removeAllKeys(Set<K> keys) {
    long start = statistics.startNanos();
    WriteThrough.Outcome<Set<K>> deleted = writeThrough.deleteAll(keys);
    long removals = 0;
    for (K key : deleted.toApply()) {
      if (removeNoWriter(key)) {
        removals++;
      }
    }
    statistics.recordRemovals(removals);
    statistics.recordRemoveTime(start);
    if (deleted.failure() != null) {
      throw deleted.failure();
    }
  }

  @Override
  public void clear() {
    requireOpen();
    cache.invalidateAll();
  }

  // ----------------------------------------------------------------------------------------------
  // Entry processors

  @Override
  public <T> @Nullable T invoke(
      K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    requireOpen();
    requireNonNull(key, "key");
    requireNonNull(entryProcessor, "entryProcessor");
    requireNonNull(arguments, "arguments");
    return processors.invoke(key, entryProcessor, arguments);
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(
      Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    requireOpen();
    requireNoNulls(keys, "keys");
    requireNonNull(entryProcessor, "entryProcessor");
    requireNonNull(arguments, "arguments");
    return processors.invokeAll(keys, entryProcessor, arguments);
  }

  // ----------------------------------------------------------------------------------------------
  // Lifecycle, configuration, listeners

  @Override
  public String getName() {
    return name;
  }

  @Override
  public LarderCacheManager getCacheManager() {
    return manager;
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    synchronized (configuration) {
      if (clazz.isInstance(configuration)) {
        return clazz.cast(new LarderConfiguration<>(configuration));
      }
    }
    throw new IllegalArgumentException(
        "The configuration of " + name + " is not a " + clazz.getName());
  }

  @Override
  public void registerCacheEntryListener(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    requireOpen();
    requireNonNull(listenerConfiguration, "listenerConfiguration");
    synchronized (configuration) {
      configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
      try {
        dispatcher.register(listenerConfiguration);
      } catch (RuntimeException e) {
        configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
        throw e;
      }
    }
  }

  @Override
  public void deregisterCacheEntryListener(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    requireOpen();
    requireNonNull(listenerConfiguration, "listenerConfiguration");
    synchronized (configuration) {
      configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
      dispatcher.deregister(listenerConfiguration);
    }
  }

  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    requireOpen();
    return new EntryIterator();
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    if (clazz.isInstance(cache)) {
      return clazz.cast(cache);
    }
    throw new IllegalArgumentException("Cannot unwrap " + name + " to " + clazz.getName());
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (configuration) {
      if (closed) {
        return;
      }
      closed = true;
    }
    manager.release(this);
    mxBeans.unregister();
    dispatcher.close();
    readThrough.close();
    writeThrough.close();
    ListenerRegistration.closeQuietly(expiry);
    // Release the entries now: a closed cache is unusable, and its manager no longer holds it.
    cache.invalidateAll();
  }

  /** Enables or disables the configuration MXBean and the configuration's flag. */
  void setManagementEnabled(boolean enabled) {
    synchronized (configuration) {
      configuration.setManagementEnabled(enabled);
      mxBeans.setConfigurationRegistered(enabled);
    }
  }

  /** Enables or disables statistics, their MXBean and the configuration's flag. */
  void setStatisticsEnabled(boolean enabled) {
    synchronized (configuration) {
      configuration.setStatisticsEnabled(enabled);
      statistics.setEnabled(enabled);
      mxBeans.setStatisticsRegistered(enabled);
    }
  }

  /** Returns the key type this cache was configured with. */
  Class<K> keyType() {
    return configuration.getKeyType();
  }

  /** Returns the value type this cache was configured with. */
  Class<V> valueType() {
    return configuration.getValueType();
  }

  /** Returns the JCache statistics of this cache (its statistics MXBean). */
  JCacheStatistics statistics() {
    return statistics;
  }

  // ----------------------------------------------------------------------------------------------
  // Shared steps

  /** The result of a put: whether the value was stored, and the live value it replaced. */
  private static final class PutOutcome<V> {
    boolean written;
    @Nullable V oldValue;
  }

  /** Puts with creation or update expiry and events, calling the writer when asked to. */
  private PutOutcome<V> write(K key, V value, boolean callWriter) {
    PutOutcome<V> outcome = new PutOutcome<>();
    EventDispatcher.Batch<K, V> events = dispatcher.newBatch();
    cache
        .asMap()
        .compute(
            holders.copyIn(key),
            (k, present) -> {
              long now = holders.now();
              if (callWriter) {
                writeThrough.write(k, value);
              }
              Expirable<V> live = holders.expireIfNeeded(k, present, now, events);
              if (live == null) {
                // Expired on creation: neither stored nor counted nor published as created.
                Expirable<V> created = holders.create(k, value, now, events);
                outcome.written = (created != null);
                return created;
              }
              outcome.oldValue = live.value();
              outcome.written = true;
              return holders.update(k, live, value, now, events);
            });
    events.fire();
    return outcome;
  }

  /** Replaces a live entry's value through the writer; returns the old value or null if none. */
  private @Nullable V replaceExisting(K key, V value) {
    @SuppressWarnings("unchecked")
    V[] old = (V[]) new Object[1];
    EventDispatcher.Batch<K, V> events = dispatcher.newBatch();
    cache
        .asMap()
        .computeIfPresent(
            key,
            (k, present) -> {
              long now = holders.now();
              Expirable<V> live = holders.expireIfNeeded(k, present, now, events);
              if (live == null) {
                return null;
              }
              writeThrough.write(k, value);
              old[0] = live.value();
              return holders.update(k, live, value, now, events);
            });
    events.fire();
    return old[0];
  }

  /** Removes a live entry with a removed event, without the writer; returns whether it did. */
  private boolean removeNoWriter(K key) {
    boolean[] removed = {false};
    EventDispatcher.Batch<K, V> events = dispatcher.newBatch();
    cache
        .asMap()
        .computeIfPresent(
            key,
            (k, present) -> {
              Expirable<V> live = holders.expireIfNeeded(k, present, holders.now(), events);
              if (live != null) {
                removed[0] = true;
                events.removed(k, live.value());
              }
              return null;
            });
    events.fire();
    return removed[0];
  }

  /** Stores a loaded value (no writer), keeping a live value unless asked to replace it. */
  private void storeLoaded(K key, V value, boolean replaceExisting) {
    EventDispatcher.Batch<K, V> events = dispatcher.newBatch();
    cache
        .asMap()
        .compute(
            holders.copyIn(key),
            (k, present) -> {
              long now = holders.now();
              Expirable<V> live = holders.expireIfNeeded(k, present, now, events);
              if (live == null) {
                return holders.create(k, value, now, events);
              }
              return replaceExisting ? holders.update(k, live, value, now, events) : live;
            });
    events.fire();
  }

  /** Loads one key through the read-through loader and stores the value; returns it or null. */
  private @Nullable V loadAndStore(K key) {
    V loaded = readThrough.load(key);
    if (loaded == null) {
      return null;
    }
    storeLoaded(key, loaded, false);
    return loaded;
  }

  /**
   * Returns the live holder of the key, or null; an expired holder found is removed, counted as an
   * eviction and published as expired.
   */
  private @Nullable Expirable<V> liveHolder(K key, long now) {
    return liveHolder(key, cache.getIfPresent(key), now);
  }

  /** Returns the holder read for the key if live; otherwise removes it as expired (once). */
  private @Nullable Expirable<V> liveHolder(K key, @Nullable Expirable<V> holder, long now) {
    if ((holder == null) || !holder.isExpired(now)) {
      return holder;
    }
    if (cache.asMap().remove(key, holder)) {
      statistics.recordEvictions(1);
      EventDispatcher.Batch<K, V> events = dispatcher.newBatch();
      events.expired(key, holder.value());
      events.fire();
    }
    return null;
  }

  /**
   * Applies the expiry policy's access duration to a live holder (see {@link EntryHolders#access})
   * and, if asked, moves Larder's drop time of the key to follow it.
   */
  private void access(K key, Expirable<V> holder, long now, boolean syncLarder) {
    if (holders.access(holder, now) && syncLarder) {
      syncLarderDeadline(key, holder);
    }
  }

  /** Moves Larder's drop time of the key to follow the holder's deadline. */
  private void syncLarderDeadline(K key, Expirable<V> holder) {
    DeadlineExpiry.followDeadline(varExpiration, key, holder, holders::now);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("The cache " + name + " is closed");
    }
  }

  private static <T> void requireNoNulls(Collection<T> collection, String what) {
    requireNonNull(collection, what);
    for (T element : collection) {
      requireNonNull(element, () -> "an element of " + what);
    }
  }

  private static <T> T createOrDefault(@Nullable Factory<T> factory) {
    if (factory == null) {
      throw new IllegalArgumentException("the expiry policy factory must not be null");
    }
    return factory.create();
  }

  @Override
  public String toString() {
    return "LarderJCache{" + name + ", " + configuration + "}";
  }

  /** Iterates over the live entries: each one returned counts as a hit and an access. */
  private final class EntryIterator implements Iterator<Cache.Entry<K, V>> {
    private final Iterator<Map.Entry<K, Expirable<V>>> delegate =
        cache.asMap().entrySet().iterator();
    private Cache.@Nullable Entry<K, V> next;
    private @Nullable K lastKey;

    @Override
    public boolean hasNext() {
      long now = holders.now();
      while ((next == null) && delegate.hasNext()) {
        Map.Entry<K, Expirable<V>> entry = delegate.next();
        Expirable<V> holder = entry.getValue();
        if (!holder.isExpired(now)) {
          access(entry.getKey(), holder, now, true);
          statistics.recordHits(1);
          next =
              new JCacheEntry<>(holders.copyOut(entry.getKey()), holders.copyOut(holder.value()));
        }
      }
      return next != null;
    }

    @Override
    public Cache.Entry<K, V> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Cache.Entry<K, V> result = requireNonNull(next);
      next = null;
      lastKey = result.getKey();
      return result;
    }

    @Override
    public void remove() {
      if (lastKey == null) {
        throw new IllegalStateException("next() was not called, or remove() was called twice");
      }
      requireOpen();
      K key = lastKey;
      lastKey = null;
      LarderJCache.this.remove(key);
    }
  }

  /** The completion listener of a {@code loadAll} call that passed none. */
  private enum NoCompletionListener implements CompletionListener {
    INSTANCE;

    @Override
    public void onCompletion() {}

    @Override
    public void onException(Exception e) {}
  }
}
