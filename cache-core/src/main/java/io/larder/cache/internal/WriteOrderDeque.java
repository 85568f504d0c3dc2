package io.larder.cache.internal;

import org.jspecify.annotations.Nullable;

/**
 * The write-order deque of a cache that expires entries after write, threaded through the nodes'
 * time-order links, oldest write first, so that expiration only looks at the head.
 */
final class WriteOrderDeque<K, V> extends LinkedNodeDeque<K, V> {

  @Override
  @Nullable Node<K, V> previousOf(Node<K, V> node) {
    return node.getPreviousInTimeOrder();
  }

  @Override
  @Nullable Node<K, V> nextOf(Node<K, V> node) {
    return node.getNextInTimeOrder();
  }

  @Override
  void setPrevious(Node<K, V> node, @Nullable Node<K, V> prev) {
    node.setPreviousInTimeOrder(prev);
  }

  @Override
  void setNext(Node<K, V> node, @Nullable Node<K, V> next) {
    node.setNextInTimeOrder(next);
  }
}
