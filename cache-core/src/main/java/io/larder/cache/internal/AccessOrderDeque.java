package io.larder.cache.internal;

import org.jspecify.annotations.Nullable;

/**
 * The deque of the eviction policy's access order, threaded through the nodes' access-order links:
 * the first node is the least recently used (the coldest), the last the most recently used.
 */
final class AccessOrderDeque<K, V> extends LinkedNodeDeque<K, V> {

  @Override
  @Nullable Node<K, V> previousOf(Node<K, V> node) {
    return node.getPreviousInAccessOrder();
  }

  @Override
  @Nullable Node<K, V> nextOf(Node<K, V> node) {
    return node.getNextInAccessOrder();
  }

  @Override
  void setPrevious(Node<K, V> node, @Nullable Node<K, V> prev) {
    node.setPreviousInAccessOrder(prev);
  }

  @Override
  void setNext(Node<K, V> node, @Nullable Node<K, V> next) {
    node.setNextInAccessOrder(next);
  }
}
