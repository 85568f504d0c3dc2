package io.larder.cache.internal;

import org.jspecify.annotations.Nullable;

/**
 * A node of a size-bounded cache: links in the eviction policy's access-order deques and the
 * segment it is in (window, probation or protected, kept in the low bits of {@link Node}'s key hash
 * field). Every entry weighs {@code 1}. See {@link Node} for the layout.
 */
class SizedNode<K, V> extends KeyedNode<K, V> {
  private @Nullable Node<K, V> previousInAccessOrder;
  private @Nullable Node<K, V> nextInAccessOrder;

  SizedNode(Object key, Object value) {
    super(key, value);
  }

  @Override
  final byte getQueueType() {
    return queueTypeBits();
  }

  @Override
  final void setQueueType(byte queueType) {
    setQueueTypeBits(queueType);
  }

  @Override
  final @Nullable Node<K, V> getPreviousInAccessOrder() {
    return previousInAccessOrder;
  }

  @Override
  final void setPreviousInAccessOrder(@Nullable Node<K, V> prev) {
    this.previousInAccessOrder = prev;
  }

  @Override
  final @Nullable Node<K, V> getNextInAccessOrder() {
    return nextInAccessOrder;
  }

  @Override
  final void setNextInAccessOrder(@Nullable Node<K, V> next) {
    this.nextInAccessOrder = next;
  }
}
