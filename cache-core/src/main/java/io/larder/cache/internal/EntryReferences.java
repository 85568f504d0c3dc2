package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.RemovalCause;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * How a bounded cache holds its keys and values: strongly, or through weak keys ({@code
 * weakKeys()}) and weak or soft values ({@code weakValues()}, {@code softValues()}), with the two
 * reference queues and their draining.
 *
 * <h2>Design</h2>
 *
 * <p>As in Caffeine, the hash table of a weak-keyed cache is keyed by {@link WeakKeyReference}s,
 * whose equality is the identity of the referent; reads wrap the caller's key in a {@link
 * LookupKeyReference}, writes in a new {@code WeakKeyReference} that becomes both the table's key
 * and the node's key field. A weakly or softly held value is a {@link ValueReference} in the node's
 * value field that names the key reference. Both kinds of reference are registered with a queue of
 * this cache (one for keys, one for values), created only when the strength needs it.
 *
 * <p>A node whose key or value was collected reads as absent at once ({@link Node#getKey()} or
 * {@link Node#getValue()} is {@code null}). It leaves the table during maintenance: {@link #drain}
 * polls at most {@value #DRAIN_BATCH} references per queue per cycle, finds each node through its
 * key reference and evicts it with the cause {@link RemovalCause#COLLECTED}; the eviction checks
 * again, under the node's lock, that a part is really gone (a value reference that was replaced
 * meanwhile is stale and ignored).
 */
final class EntryReferences<K, V> {
  /** The most references polled from each queue in one maintenance cycle. */
  static final int DRAIN_BATCH = 1024;

  private static final VarHandle KEY_TYPE_CHECKED;

  static {
    try {
      KEY_TYPE_CHECKED =
          MethodHandles.lookup()
              .findVarHandle(EntryReferences.class, "keyTypeChecked", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Evicts a node for a cause, holding the eviction lock ({@code BoundedRemovals.evictEntry}). */
  @FunctionalInterface
  interface Evictor<K, V> {
    void evict(Node<K, V> node, RemovalCause cause);
  }

  private final boolean weakKeys;
  private final CacheSettings.Strength valueStrength;
  private final @Nullable ReferenceQueue<Object> keyQueue;
  private final @Nullable ReferenceQueue<Object> valueQueue;
  private final CacheSettings<K, V> settings;

  /** Whether the first written key's type was checked for the identity warning. */
  @SuppressWarnings("unused") // accessed through KEY_TYPE_CHECKED
  private volatile boolean keyTypeChecked;

  /** Whether the last drain stopped at its batch limit with references left in a queue. */
  private volatile boolean backlog;

  EntryReferences(CacheSettings<K, V> settings) {
    this.settings = settings;
    this.weakKeys = settings.weakKeys();
    this.valueStrength = settings.valueStrength();
    this.keyQueue = weakKeys ? new ReferenceQueue<>() : null;
    this.valueQueue =
        (valueStrength == CacheSettings.Strength.STRONG) ? null : new ReferenceQueue<>();
    if ((valueStrength == CacheSettings.Strength.SOFT) && !settings.evicts()) {
      ReferenceWarnings.softValuesWithoutBound(settings);
    }
  }

  /** Returns whether any part of an entry is held by reference. */
  boolean collects() {
    return weakKeys || (valueQueue != null);
  }

  /** Returns the value queue, or {@code null} when values are held strongly. */
  @Nullable ReferenceQueue<Object> valueQueue() {
    return valueQueue;
  }

  /**
   * Returns the form of a key to look the table up with: a {@link LookupKeyReference} for a
   * caller's key of a weak-keyed cache, the key itself otherwise (and for a key reference the cache
   * passes back to itself, as {@code clear()} does).
   */
  Object lookupKey(Object key) {
    if (weakKeys) {
      // A null key is refused here, as the hash table refuses it for strong keys
      return (requireNonNull(key) instanceof KeyReference) ? key : new LookupKeyReference(key);
    }
    return key;
  }

  /** Returns whether keys are held weakly (compared by identity, collected when unreachable). */
  boolean weakKeys() {
    return weakKeys;
  }

  /**
   * Returns the form of a key to store in the table and in a new node: a new weak reference for
   * weak keys (warning once if the key's type has its own equality).
   */
  Object storedKey(K key) {
    if (!weakKeys) {
      return key;
    }
    if (!keyTypeChecked && KEY_TYPE_CHECKED.compareAndSet(this, false, true)) {
      ReferenceWarnings.checkWeakKeyType(settings, key);
    }
    return new WeakKeyReference<>(key, keyQueue);
  }

  /** Returns the form of a value to store in a new node whose stored key is {@code keyRef}. */
  Object storedValue(Object keyRef, V value) {
    return switch (valueStrength) {
      case STRONG -> value;
      case WEAK -> new WeakValueReference<>(keyRef, value, valueQueue);
      case SOFT -> new SoftValueReference<>(keyRef, value, valueQueue);
    };
  }

  /**
   * Evicts the entries whose key or value was collected, at most {@value #DRAIN_BATCH} per queue;
   * the caller holds the eviction lock.
   */
  void drain(ConcurrentHashMap<Object, Node<K, V>> data, Evictor<K, V> evictor) {
    boolean more = false;
    ReferenceQueue<Object> keys = keyQueue;
    if (keys != null) {
      more = drainKeys(keys, data, evictor);
    }
    ReferenceQueue<Object> values = valueQueue;
    if (values != null) {
      more |= drainValues(values, data, evictor);
    }
    backlog = more;
  }

  /** Returns whether the last drain left references in a queue (cleanUp runs another cycle). */
  boolean hasBacklog() {
    return backlog;
  }

  private static <K, V> boolean drainKeys(
      ReferenceQueue<Object> queue,
      ConcurrentHashMap<Object, Node<K, V>> data,
      Evictor<K, V> evictor) {
    for (int i = 0; i < DRAIN_BATCH; i++) {
      Reference<?> keyRef = queue.poll();
      if (keyRef == null) {
        return false;
      }
      Node<K, V> node = data.get(keyRef);
      if (node != null) {
        evictor.evict(node, RemovalCause.COLLECTED);
      }
    }
    return true;
  }

  private static <K, V> boolean drainValues(
      ReferenceQueue<Object> queue,
      ConcurrentHashMap<Object, Node<K, V>> data,
      Evictor<K, V> evictor) {
    for (int i = 0; i < DRAIN_BATCH; i++) {
      Reference<?> valueRef = queue.poll();
      if (valueRef == null) {
        return false;
      }
      Node<K, V> node = data.get(((ValueReference<?>) valueRef).keyReference());
      if ((node != null) && (node.getValueReference() == valueRef)) {
        evictor.evict(node, RemovalCause.COLLECTED);
      }
    }
    return true;
  }
}
