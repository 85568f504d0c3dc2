package io.larder.cache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A node with a key field of its own: every variant but {@link ReferenceValueNode}. The field holds
 * the key, its {@link WeakKeyReference}, or a sentinel once the node is retired or dead (see {@link
 * Node}); only {@code Node} reads and writes it.
 */
abstract class KeyedNode<K, V> extends Node<K, V> {
  private static final VarHandle KEY;

  static {
    try {
      KEY = MethodHandles.lookup().findVarHandle(KeyedNode.class, "key", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Accessed through the var handle with opaque reads: it only ever changes to a sentinel.
  @SuppressWarnings("unused")
  private Object key;

  /**
   * The table key's hash code at creation (see {@link #recordKeyHash}) in the high 30 bits, and the
   * queue type in the low two (guarded by the eviction lock once the node is published).
   */
  private int keyHashAndQueueType;

  KeyedNode(Object key, Object value) {
    super(value);
    // A plain store: the node is published safely by the hash table.
    this.key = key;
  }

  /** Returns the key field (an opaque read). */
  final Object keyField() {
    return KEY.getOpaque(this);
  }

  /** Sets the key field to a sentinel (a release write); the caller holds the node's monitor. */
  final void setKeyField(Object sentinel) {
    KEY.setRelease(this, sentinel);
  }

  /** Returns the queue type bits (for the nodes that are linked in access order). */
  final byte queueTypeBits() {
    return (byte) (keyHashAndQueueType & QUEUE_TYPE_MASK);
  }

  /** Sets the queue type bits, keeping the recorded key hash (guarded by the eviction lock). */
  final void setQueueTypeBits(byte queueType) {
    keyHashAndQueueType = (keyHashAndQueueType & ~QUEUE_TYPE_MASK) | queueType;
  }

  @Override
  final void recordKeyHash(int hashCode) {
    keyHashAndQueueType = (hashCode & ~QUEUE_TYPE_MASK) | (keyHashAndQueueType & QUEUE_TYPE_MASK);
  }

  @Override
  final int recordedKeyHash(int lowBits) {
    return (keyHashAndQueueType & ~QUEUE_TYPE_MASK) | (lowBits & QUEUE_TYPE_MASK);
  }
}
