package io.larder.cache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import org.jspecify.annotations.Nullable;

/**
 * An entry of a {@link BoundedLocalCache}: the key, the value and whatever per-entry metadata the
 * cache's configuration needs.
 *
 * <h2>Design</h2>
 *
 * <p>Caffeine generates one node class per combination of features (key and value strength, size or
 * weight, access, write and variable times, refresh), a few hundred classes loaded by name. Larder
 * uses a small hand-written hierarchy instead, chosen once per cache by {@link NodeFactory}, so
 * that a configuration pays only for the fields it uses:
 *
 * <pre>
 *   Node                  value                          12 + 4            = 16 bytes
 *   ├ ReferenceValueNode  (the key is in the value's reference)              16 bytes
 *   └ KeyedNode           + key, key hash + queue type   + 4 + 4           = 24 bytes
 *     ├ PlainNode                                                            24 bytes
 *     └ SizedNode         + access-order links           + 4 + 4           = 32 bytes
 *       └ WeightedNode    + weight, policy weight        + 4 + 4           = 40 bytes
 * </pre>
 *
 * (sizes with compressed oops and a 12-byte header, the common 64-bit HotSpot layout; Caffeine's
 * {@code PW}, {@code PD} and {@code FW} are 16 bytes, {@code FS} 24, {@code PSMS} 32 and {@code
 * PSMW} 40, and {@code NodeLayoutTest} checks the comparison on the running JVM.) An asynchronous
 * cache uses {@code WeightedNode} even when bounded by count, so that a future in flight can weigh
 * zero, as Caffeine does.
 *
 * <p><b>Key hash.</b> {@link KeyedNode} keeps, in one {@code int}, the hash code the table key had
 * when the node was created (recorded only while the leak guard is on) with its two low bits
 * replaced by the policy's queue type (window, probation, protected). The int fills the alignment
 * gap after the header and the two references, so no layout of JDK 17 grows (with {@code
 * -XX:+UseCompactObjectHeaders} the nodes without access-order links grow by 8 bytes). The recorded
 * hash lets the {@link MutatedKeyGuard} find and remove a table entry whose key's {@code hashCode}
 * changed after insertion. {@link ReferenceValueNode} has no room for it and records nothing.
 *
 * <p><b>Time fields.</b> Expiration and refresh use the variants of {@link TimedNodes}: one or two
 * {@code long} <i>time slots</i> and, for the write-order deque or the timer wheel, two
 * <i>time-order links</i>. What a slot holds (an access, write or expiration time) depends on the
 * cache's configuration and is decided by {@link ExpirationPolicy}, so that one variant serves
 * several configurations and no configuration pays for a field it does not use.
 *
 * <p><b>References.</b> Weak and soft references keep the same fields and the same classes: the key
 * field then holds a {@link WeakKeyReference} and the value field a {@link ValueReference} (see
 * {@link EntryReferences}), and {@link #getKey()} and {@link #getValue()} unwrap them. Nothing else
 * in the cache reads the fields directly. Caffeine generates a class per key and value strength on
 * top of its other features; here the referent is recognised by its type when read: a stored key is
 * a reference exactly when it is a {@code WeakKeyReference} (a final class, one klass compare), and
 * a stored value exactly when it is a {@link Reference} that is a {@code ValueReference} (a user's
 * value can be a {@code Reference}, never one of ours). A strong cache pays one failed type check
 * per read and no field; a weak or soft one pays the reference object, as in Caffeine, and the
 * number of node classes does not multiply by four.
 *
 * <p><b>The key slot.</b> What the life cycle below calls the key field is a <i>slot</i>: a {@link
 * KeyedNode}'s key field, or, in a {@link ReferenceValueNode} (weak or soft values without bound or
 * expiry), the key reference that the value's {@code ValueReference} holds anyway, so that such a
 * node is one field, as Caffeine's {@code PW} is. A replaced value's new reference takes the slot
 * over (under the node's monitor); retiring or killing the node writes the sentinel into the
 * current reference. The node's class is tested, not called virtually: {@code ReferenceValueNode}
 * is final, so the test is one klass compare.
 *
 * <h2>Life cycle</h2>
 *
 * <p>A node is <i>alive</i> while it is in the hash table; it is <i>retired</i> (its key field
 * holds {@link #RETIRED_KEY}) once a writer removed it from the table but the policy has not yet
 * unlinked it, and <i>dead</i> ({@link #DEAD_KEY}) once the policy unlinked it and took its weight
 * off the totals. A dead node drops its key and value so that a stale reference in a read buffer
 * retains neither. The transitions happen while holding the node's monitor, which also guards the
 * value and the weight against concurrent writers.
 */
abstract class Node<K, V> implements TimerNode<Node<K, V>> {
  /** Marks a node that was removed from the table but is still linked in the policy. */
  static final Object RETIRED_KEY = new Object();

  /** Marks a node that was unlinked from the policy. */
  static final Object DEAD_KEY = new Object();

  /** The node is in the admission window. */
  static final byte WINDOW = 0;

  /** The node is in the main space's probation segment. */
  static final byte PROBATION = 1;

  /** The node is in the main space's protected segment. */
  static final byte PROTECTED = 2;

  /** The low bits of a recorded key hash that {@link KeyedNode} gives to the queue type. */
  static final int QUEUE_TYPE_MASK = 3;

  private static final VarHandle VALUE;

  static {
    try {
      VALUE = MethodHandles.lookup().findVarHandle(Node.class, "value", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Accessed through the var handle, with acquire/release so that a reader sees a fully
  // constructed value.
  @SuppressWarnings("unused")
  private @Nullable Object value;

  Node(Object value) {
    // A plain store: the node is published safely by the hash table.
    this.value = value;
  }

  /**
   * Returns what the key slot holds (an opaque read): the key, its {@link WeakKeyReference}, or a
   * sentinel (see the class comment).
   */
  private Object keySlot() {
    if (this instanceof ReferenceValueNode<?, ?>) {
      return ((ValueReference<?>) currentValueReference()).keyReference();
    }
    return ((KeyedNode<?, ?>) this).keyField();
  }

  /** Writes a sentinel into the key slot (a release write); the caller holds the monitor. */
  private void setKeySlot(Object sentinel) {
    if (this instanceof ReferenceValueNode<?, ?>) {
      ((ValueReference<?>) currentValueReference()).setKeyReference(sentinel);
    } else {
      ((KeyedNode<?, ?>) this).setKeyField(sentinel);
    }
  }

  /** Returns the value field of a node whose value is always a {@link ValueReference}. */
  @SuppressWarnings("NullAway") // a ReferenceValueNode's value field is never null
  private Object currentValueReference() {
    return VALUE.getAcquire(this);
  }

  /**
   * Returns the key, or a sentinel once the node is retired or dead, or {@code null} once a weakly
   * held key was collected.
   */
  @SuppressWarnings({"unchecked", "NullAway"}) // null only for a collected weak key
  K getKey() {
    Object key = keySlot();
    return (K) ((key instanceof WeakKeyReference<?>) ? ((WeakKeyReference<?>) key).get() : key);
  }

  /** Returns what the hash table is keyed by: the key itself, or its {@link WeakKeyReference}. */
  final Object getKeyReference() {
    return keySlot();
  }

  /**
   * Returns the value, or {@code null} once the node is dead or a held value was collected.
   *
   * <p>A replacement installs a new reference and then clears the old one, so a reader that finds
   * its reference cleared reads the field again: only a reference that is still installed and
   * cleared means a collected value (found by JCStress's {@code ReferenceValueNeverNullTest}).
   */
  @SuppressWarnings("unchecked")
  @Nullable V getValue() {
    Object value = VALUE.getAcquire(this);
    for (; ; ) {
      if (!((value instanceof Reference<?>) && (value instanceof ValueReference<?>))) {
        return (V) value;
      }
      V referent = ((ValueReference<V>) value).get();
      if (referent != null) {
        return referent;
      }
      Object current = VALUE.getAcquire(this);
      if (current == value) {
        return null;
      }
      value = current;
    }
  }

  /** Returns what the value field holds: the value itself, or its {@link ValueReference}. */
  final @Nullable Object getValueReference() {
    return VALUE.getAcquire(this);
  }

  /**
   * Sets the value, held as the current one is (a weakly or softly held value gets a new reference
   * registered with {@code queue}, and the old one is cleared); the caller holds the monitor.
   */
  @SuppressWarnings("unchecked")
  final void setValue(V value, @Nullable ReferenceQueue<Object> queue) {
    Object current = VALUE.getAcquire(this);
    if ((current instanceof Reference<?>) && (current instanceof ValueReference<?>)) {
      ValueReference<V> reference = (ValueReference<V>) current;
      VALUE.setRelease(this, reference.renew(value, queue));
      reference.clear();
    } else {
      VALUE.setRelease(this, value);
    }
  }

  /** Returns whether the value is {@code other}, by identity or equality. */
  final boolean containsValue(Object other) {
    Object current = getValue();
    return (current == other) || ((current != null) && current.equals(other));
  }

  /** Returns whether the node is in the hash table. */
  final boolean isAlive() {
    Object k = keySlot();
    return (k != RETIRED_KEY) && (k != DEAD_KEY);
  }

  /** Returns whether the node was removed from the table but is still linked in the policy. */
  final boolean isRetired() {
    return keySlot() == RETIRED_KEY;
  }

  /** Returns whether the node was unlinked from the policy. */
  final boolean isDead() {
    return keySlot() == DEAD_KEY;
  }

  /** Marks the node as removed from the table; the caller holds the node's monitor. */
  final void retire() {
    setKeySlot(RETIRED_KEY);
  }

  /**
   * Marks the node as unlinked and drops its key and value; the caller holds the monitor. A {@link
   * ReferenceValueNode} keeps its cleared value reference, which then holds the sentinel.
   */
  final void die() {
    Object value = VALUE.getAcquire(this);
    if ((value instanceof Reference<?>) && (value instanceof ValueReference<?>)) {
      ((ValueReference<?>) value).clear();
    }
    if (!(this instanceof ReferenceValueNode<?, ?>)) {
      VALUE.setRelease(this, null);
    }
    setKeySlot(DEAD_KEY);
  }

  /** Returns the weight set by the last write; the caller holds the monitor for a fresh read. */
  int getWeight() {
    return 1;
  }

  /** Sets the weight of the current value; the caller holds the node's monitor. */
  void setWeight(int weight) {}

  /** Returns the weight as the eviction policy accounted for it (guarded by the eviction lock). */
  int getPolicyWeight() {
    return 1;
  }

  /** Sets the weight as the eviction policy accounts for it (guarded by the eviction lock). */
  void setPolicyWeight(int weight) {}

  /** Returns the segment of the eviction policy the node is in (guarded by the eviction lock). */
  byte getQueueType() {
    return WINDOW;
  }

  /** Sets the segment of the eviction policy the node is in (guarded by the eviction lock). */
  void setQueueType(byte queueType) {
    throw new UnsupportedOperationException();
  }

  /**
   * Records the hash code of the table key, before the node is published, in the variants that keep
   * it ({@link KeyedNode}); the others ignore it.
   */
  void recordKeyHash(int hashCode) {}

  /**
   * Returns the recorded hash code of the table key with its two low bits set to {@code lowBits} (0
   * to 3): one of the four values the key's hash code had when the node was created. A variant that
   * records nothing returns {@code lowBits}, which finds no mutated entry.
   */
  int recordedKeyHash(int lowBits) {
    return lowBits & QUEUE_TYPE_MASK;
  }

  /** Returns the previous node in access order (guarded by the eviction lock). */
  @Nullable Node<K, V> getPreviousInAccessOrder() {
    throw new UnsupportedOperationException();
  }

  /** Sets the previous node in access order (guarded by the eviction lock). */
  void setPreviousInAccessOrder(@Nullable Node<K, V> prev) {
    throw new UnsupportedOperationException();
  }

  /** Returns the next node in access order (guarded by the eviction lock). */
  @Nullable Node<K, V> getNextInAccessOrder() {
    throw new UnsupportedOperationException();
  }

  /** Sets the next node in access order (guarded by the eviction lock). */
  void setNextInAccessOrder(@Nullable Node<K, V> next) {
    throw new UnsupportedOperationException();
  }

  /* --------------- Time slots (see TimedNodes and ExpirationPolicy) --------------- */

  /** Returns the first time slot (opaque read); {@code 0} for a node without time slots. */
  long getTime() {
    return 0L;
  }

  /** Sets the first time slot (opaque write). */
  void setTime(long time) {}

  /** Sets the first time slot to {@code update} if it still holds {@code expect}. */
  boolean casTime(long expect, long update) {
    return false;
  }

  /** Returns the second time slot (opaque read); {@code 0} for a node without one. */
  long getSecondTime() {
    return 0L;
  }

  /** Sets the second time slot (opaque write). */
  void setSecondTime(long time) {}

  /** Sets the second time slot to {@code update} if it still holds {@code expect}. */
  boolean casSecondTime(long expect, long update) {
    return false;
  }

  /** Returns the previous node in time order (guarded by the eviction lock). */
  @Nullable Node<K, V> getPreviousInTimeOrder() {
    throw new UnsupportedOperationException();
  }

  /** Sets the previous node in time order (guarded by the eviction lock). */
  void setPreviousInTimeOrder(@Nullable Node<K, V> prev) {
    throw new UnsupportedOperationException();
  }

  /** Returns the next node in time order (guarded by the eviction lock). */
  @Nullable Node<K, V> getNextInTimeOrder() {
    throw new UnsupportedOperationException();
  }

  /** Sets the next node in time order (guarded by the eviction lock). */
  void setNextInTimeOrder(@Nullable Node<K, V> next) {
    throw new UnsupportedOperationException();
  }

  // The timer wheel's view: the variable expiration time is the first slot and the bucket links
  // are the time-order links (a cache with variable expiry has no write-order deque).

  @Override
  public final long getVariableTime() {
    return getTime();
  }

  @Override
  public final void setVariableTime(long time) {
    setTime(time);
  }

  @Override
  public final @Nullable Node<K, V> getPreviousInVariableOrder() {
    return getPreviousInTimeOrder();
  }

  @Override
  public final void setPreviousInVariableOrder(@Nullable Node<K, V> prev) {
    setPreviousInTimeOrder(prev);
  }

  @Override
  public final @Nullable Node<K, V> getNextInVariableOrder() {
    return getNextInTimeOrder();
  }

  @Override
  public final void setNextInVariableOrder(@Nullable Node<K, V> next) {
    setNextInTimeOrder(next);
  }

  @Override
  public final String toString() {
    Object k = keySlot();
    String state = (k == RETIRED_KEY) ? "retired" : (k == DEAD_KEY) ? "dead" : "alive";
    return getClass().getSimpleName()
        + "["
        + state
        + ", queue="
        + getQueueType()
        + ", weight="
        + getWeight()
        + ", policyWeight="
        + getPolicyWeight()
        + "]";
  }
}
