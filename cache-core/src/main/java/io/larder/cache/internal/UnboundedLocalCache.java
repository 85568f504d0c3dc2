package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Expiry;
import io.larder.cache.Policy;
import io.larder.cache.RemovalCause;
import io.larder.cache.RemovalListener;
import io.larder.cache.Ticker;
import io.larder.cache.stats.StatsCounter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The storage of a cache with no size, weight, memory, time, reference or refresh policy: a {@link
 * ConcurrentHashMap} with statistics and removal notifications.
 *
 * <p>Every write goes through one of the map's per-key atomic operations ({@code compute}, {@code
 * computeIfPresent}, {@code computeIfAbsent}), which captures the value it displaced; the listener
 * is told after the operation has completed, so that it never runs while a bin is locked. A write
 * also discards any reload in flight for its key (see {@link #refreshes()}), so that the value
 * written wins over the reload's result.
 *
 * <p>With {@code isAsync} the values are the futures of an asynchronous cache: conditional
 * operations compare them by identity and replacements are reported once both futures complete (see
 * {@link LocalCache#notifyOnReplace}).
 */
final class UnboundedLocalCache<K, V>
    implements LocalCache<K, V>, MapViewSource<K, V>, ComputationsInProgress, CacheGuards.Holder {
  private static final Logger logger = System.getLogger(UnboundedLocalCache.class.getName());

  final ConcurrentHashMap<K, V> data;
  private final CacheSettings<K, V> settings;
  private final @Nullable RemovalListener<? super K, ? super V> removalListener;
  private final StatsCounter statsCounter;
  private final boolean isRecordingStats;
  private final Ticker statsTicker;
  private final Executor executor;
  private final boolean isAsync;
  private final ConcurrentMap<Object, CompletableFuture<?>> refreshes;
  private final LongAdder computations;
  private final UnboundedPolicy<K, V> policy;
  private final CacheGuards guards;

  private @Nullable Set<K> keySet;
  private @Nullable Collection<V> values;
  private @Nullable Set<Map.Entry<K, V>> entrySet;

  /**
   * Creates the storage for the settings; {@code isAsync} when it holds the futures of an
   * asynchronous cache.
   */
  UnboundedLocalCache(CacheSettings<K, V> settings, boolean isAsync) {
    this.settings = requireNonNull(settings, "settings");
    this.data = new ConcurrentHashMap<>(settings.initialCapacityOrDefault());
    this.removalListener = settings.removalListener();
    this.statsCounter = settings.newStatsCounter();
    this.isRecordingStats = settings.recordsStats();
    this.statsTicker = isRecordingStats ? settings.statsTicker() : Ticker.disabledTicker();
    this.executor = settings.executor();
    this.isAsync = isAsync;
    this.refreshes = new ConcurrentHashMap<>();
    this.computations = new LongAdder();
    this.policy = new UnboundedPolicy<>(this);
    this.guards = CacheGuards.forUnbounded(this);
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
    return statsTicker;
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
    return refreshes;
  }

  @Override
  public long computationsInProgress() {
    return Math.max(0L, computations.sum());
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
          } catch (RuntimeException | Error e) {
            logger.log(Level.WARNING, "Exception thrown by removal listener", e);
          }
        };
    try {
      executor.execute(task);
    } catch (RuntimeException | Error e) {
      // As Caffeine does: the notification is not lost, it runs on the caller's thread instead
      logger.log(Level.ERROR, "Exception thrown when submitting removal listener", e);
      task.run();
    }
  }

  @Override
  public long estimatedSize() {
    return data.mappingCount();
  }

  @Override
  public @Nullable V getIfPresent(Object key, boolean recordStats) {
    V value = data.get(key);
    if (recordStats) {
      if (value == null) {
        statsCounter.recordMisses(1);
      } else {
        statsCounter.recordHits(1);
      }
    }
    return value;
  }

  @Override
  public @Nullable V getIfPresentQuietly(Object key) {
    return data.get(key);
  }

  @Override
  public Map<K, V> getAllPresent(Iterable<? extends K> keys) {
    Map<K, @Nullable V> result = new LinkedHashMap<>();
    for (K key : keys) {
      result.put(key, null);
    }
    int distinctKeys = result.size();
    var iterator = result.entrySet().iterator();
    while (iterator.hasNext()) {
      Map.Entry<K, @Nullable V> entry = iterator.next();
      V value = data.get(entry.getKey());
      if (value == null) {
        iterator.remove();
      } else {
        entry.setValue(value);
      }
    }
    statsCounter.recordHits(result.size());
    statsCounter.recordMisses(distinctKeys - result.size());
    @SuppressWarnings("NullAway") // every remaining value is non-null
    Map<K, V> present = Collections.unmodifiableMap(result);
    return present;
  }

  @Override
  public void cleanUp() {}

  @Override
  public Policy<K, V> policy() {
    return policy;
  }

  /** Forgets the reload in flight for the key, if any, so that its result is discarded. */
  private void discardRefresh(Object key) {
    if (!refreshes.isEmpty()) {
      refreshes.remove(key);
    }
  }

  /** Returns whether a stored value matches the expected one: identity for futures. */
  private boolean matches(V stored, Object expected) {
    return isAsync ? (stored == expected) : Objects.equals(stored, expected);
  }

  /* --------------- Computations --------------- */

  @Override
  public @Nullable V computeIfAbsent(
      K key,
      Function<? super K, ? extends @Nullable V> mappingFunction,
      boolean recordStats,
      boolean recordLoad) {
    requireNonNull(mappingFunction);
    V present = data.get(key);
    if (present != null) {
      if (recordStats) {
        statsCounter.recordHits(1);
      }
      return present;
    }
    Function<? super K, ? extends @Nullable V> function =
        recordStats ? statsAware(mappingFunction, recordLoad) : mappingFunction;
    boolean[] computed = new boolean[1];
    V value =
        data.computeIfAbsent(
            key,
            k -> {
              computed[0] = true;
              computations.increment();
              try {
                V newValue = function.apply(k);
                discardRefresh(k);
                return newValue;
              } finally {
                computations.decrement();
              }
            });
    if (!computed[0] && recordStats) {
      statsCounter.recordHits(1);
    } else if (computed[0] && (value != null)) {
      guards.afterWrite();
    }
    return value;
  }

  @Override
  public @Nullable V compute(
      K key,
      BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> remappingFunction,
      @Nullable Expiry<? super K, ? super V> expiry,
      boolean recordLoad,
      boolean recordLoadFailure) {
    requireNonNull(remappingFunction);
    return remap(key, statsAware(remappingFunction, recordLoad, recordLoadFailure));
  }

  @Override
  public @Nullable V computeIfPresent(
      K key, BiFunction<? super K, ? super V, ? extends @Nullable V> remappingFunction) {
    requireNonNull(remappingFunction);
    if (!data.containsKey(key)) {
      return null;
    }
    BiFunction<? super K, ? super V, ? extends @Nullable V> function =
        statsAware(remappingFunction, /* recordLoad= */ true, /* recordLoadFailure= */ true);
    return remap(key, (k, oldValue) -> (oldValue == null) ? null : function.apply(k, oldValue));
  }

  @Override
  public @Nullable V merge(
      K key, V value, BiFunction<? super V, ? super V, ? extends @Nullable V> remappingFunction) {
    requireNonNull(remappingFunction);
    requireNonNull(value);
    BiFunction<? super V, ? super V, ? extends @Nullable V> function =
        statsAware(remappingFunction, /* recordLoad= */ true, /* recordLoadFailure= */ true);
    return remap(
        key, (k, oldValue) -> (oldValue == null) ? value : function.apply(oldValue, value));
  }

  @Override
  public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
    requireNonNull(function);
    for (K key : data.keySet()) {
      remap(
          key,
          (k, oldValue) -> (oldValue == null) ? null : requireNonNull(function.apply(k, oldValue)));
    }
  }

  /**
   * Computes a new mapping for the key atomically, without statistics of its own, and then tells
   * the listener what the computation displaced: REPLACED for a replaced value, EXPLICIT for a
   * removed one, nothing when the function returned the same instance.
   */
  @Nullable V remap(
      K key, BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> remappingFunction) {
    RemapOutcome<V> outcome = new RemapOutcome<>();
    V newValue =
        data.compute(
            key,
            (k, oldValue) -> {
              computations.increment();
              V computed;
              try {
                computed = remappingFunction.apply(k, oldValue);
              } finally {
                computations.decrement();
              }
              if (oldValue == null && computed == null) {
                return null;
              }
              outcome.added = (oldValue == null);
              if (computed != oldValue) {
                outcome.displaced = oldValue;
              }
              discardRefresh(k);
              return computed;
            });
    V displaced = outcome.displaced;
    if (outcome.added) {
      guards.afterWrite();
    }
    if (displaced != null) {
      if (newValue == null) {
        notifyRemoval(key, displaced, RemovalCause.EXPLICIT);
      } else {
        notifyOnReplace(key, displaced, newValue);
      }
    }
    return newValue;
  }

  /** What a write displaced, captured inside the map's atomic operation. */
  private static final class RemapOutcome<V> {
    @Nullable V displaced;

    /** Whether the computation added a mapping where there was none (the table grew). */
    boolean added;
  }

  /* --------------- ConcurrentMap --------------- */

  @Override
  public boolean isEmpty() {
    return data.isEmpty();
  }

  @Override
  public int size() {
    return data.size();
  }

  @Override
  public void clear() {
    Collection<K> keys = (removalListener == null) ? data.keySet() : new ArrayList<>(data.keySet());
    for (K key : keys) {
      remove(key);
    }
  }

  @Override
  public boolean containsKey(Object key) {
    return data.containsKey(key);
  }

  @Override
  public boolean containsValue(Object value) {
    return data.containsValue(value);
  }

  @Override
  public @Nullable V get(Object key) {
    return data.get(key);
  }

  @Override
  public void forEach(BiConsumer<? super K, ? super V> action) {
    data.forEach(action);
  }

  @Override
  public @Nullable V put(K key, V value) {
    requireNonNull(value);
    RemapOutcome<V> outcome = new RemapOutcome<>();
    data.compute(
        key,
        (k, oldValue) -> {
          discardRefresh(k);
          outcome.displaced = oldValue;
          return value;
        });
    V oldValue = outcome.displaced;
    if (oldValue == null) {
      guards.afterWrite(); // only a new entry can grow the table: a replacement leaves it be
    }
    if (oldValue != null) {
      notifyOnReplace(key, oldValue, value);
    }
    return oldValue;
  }

  @Override
  public @Nullable V putIfAbsent(K key, V value) {
    requireNonNull(value);
    V present = data.get(key);
    if (present != null) {
      return present;
    }
    boolean[] added = new boolean[1];
    V current =
        data.computeIfAbsent(
            key,
            k -> {
              discardRefresh(k);
              added[0] = true;
              return value;
            });
    if (added[0]) {
      guards.afterWrite();
      return null;
    }
    return current;
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    map.forEach(this::put);
  }

  @Override
  public @Nullable V remove(Object key) {
    @SuppressWarnings("unchecked")
    K castKey = (K) key;
    RemapOutcome<V> outcome = new RemapOutcome<>();
    data.computeIfPresent(
        castKey,
        (k, oldValue) -> {
          discardRefresh(k);
          outcome.displaced = oldValue;
          return null;
        });
    V oldValue = outcome.displaced;
    if (oldValue != null) {
      notifyRemoval(castKey, oldValue, RemovalCause.EXPLICIT);
    }
    return oldValue;
  }

  @Override
  public boolean remove(Object key, @Nullable Object value) {
    requireNonNull(key);
    if (value == null) {
      return false;
    }
    @SuppressWarnings("unchecked")
    K castKey = (K) key;
    RemapOutcome<V> outcome = new RemapOutcome<>();
    data.computeIfPresent(
        castKey,
        (k, oldValue) -> {
          if (!matches(oldValue, value)) {
            return oldValue;
          }
          discardRefresh(k);
          outcome.displaced = oldValue;
          return null;
        });
    V oldValue = outcome.displaced;
    if (oldValue == null) {
      return false;
    }
    notifyRemoval(castKey, oldValue, RemovalCause.EXPLICIT);
    return true;
  }

  @Override
  public @Nullable V replace(K key, V value) {
    requireNonNull(value);
    RemapOutcome<V> outcome = new RemapOutcome<>();
    data.computeIfPresent(
        key,
        (k, oldValue) -> {
          discardRefresh(k);
          outcome.displaced = oldValue;
          return value;
        });
    V oldValue = outcome.displaced;
    if (oldValue != null) {
      notifyOnReplace(key, oldValue, value);
    }
    return oldValue;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    return replace(key, oldValue, newValue, /* shouldDiscardRefresh= */ true);
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue, boolean shouldDiscardRefresh) {
    requireNonNull(oldValue);
    requireNonNull(newValue);
    RemapOutcome<V> outcome = new RemapOutcome<>();
    data.computeIfPresent(
        key,
        (k, current) -> {
          if (!matches(current, oldValue)) {
            return current;
          }
          if (shouldDiscardRefresh) {
            discardRefresh(k);
          }
          outcome.displaced = current;
          return newValue;
        });
    V replaced = outcome.displaced;
    if (replaced == null) {
      return false;
    }
    notifyOnReplace(key, replaced, newValue);
    return true;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return (o == this) || data.equals(o);
  }

  @Override
  public int hashCode() {
    return data.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder result = new StringBuilder(50).append('{');
    data.forEach(
        (key, value) -> {
          if (result.length() > 1) {
            result.append(", ");
          }
          result
              .append((key == this) ? "(this Map)" : key)
              .append('=')
              .append((value == this) ? "(this Map)" : value);
        });
    return result.append('}').toString();
  }

  @Override
  public Set<K> keySet() {
    Set<K> view = keySet;
    if (view == null) {
      view = new MapViews.KeySetView<>(this);
      keySet = view;
    }
    return view;
  }

  @Override
  public Collection<V> values() {
    Collection<V> view = values;
    if (view == null) {
      view = new MapViews.ValuesView<>(this);
      values = view;
    }
    return view;
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    Set<Map.Entry<K, V>> view = entrySet;
    if (view == null) {
      view = new MapViews.EntrySetView<>(this);
      entrySet = view;
    }
    return view;
  }

  /* --------------- The map views' source (MapViews): the whole table --------------- */

  @Override
  public boolean containsEntry(Object key, Object value) {
    V present = data.get(key);
    return (present != null) && present.equals(value);
  }

  @Override
  public boolean removeKey(Object key) {
    return remove(key) != null;
  }

  @Override
  public MapViewSource.Cursor<K, V> mappings() {
    return new MapViews.EntryCursor<K, V, V>(data.entrySet().iterator(), value -> value);
  }

  /** Splits as the table's own spliterators do (the same characteristics, splits and estimates). */
  @Override
  public <T> Spliterator<T> spliterator(
      BiFunction<? super K, ? super V, ? extends T> presenter, int characteristics) {
    return MapViews.ViewSpliterator.overEntries(
        data.entrySet().spliterator(), value -> value, presenter, characteristics);
  }
}
