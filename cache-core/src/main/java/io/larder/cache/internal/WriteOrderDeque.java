package io.larder.cache.internal;

import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * The write-order deque of a cache that expires entries after write: a doubly linked deque
 * threaded through the nodes' time-order links, oldest write first, so that expiration only looks
 * at the head. Constant-time link, unlink and move; allocation-free. Not thread-safe: guarded by
 * the eviction lock. The same design as {@link AccessOrderDeque}, over the other pair of links.
 */
final class WriteOrderDeque<K, V> implements Iterable<Node<K, V>> {
  private @Nullable Node<K, V> first;
  private @Nullable Node<K, V> last;
  private int modCount;

  /** Returns whether the deque has no node. */
  boolean isEmpty() {
    return first == null;
  }

  /** Returns whether the node is linked in this deque (assuming it is in no other). */
  boolean contains(Node<K, V> node) {
    return (node.getPreviousInTimeOrder() != null)
        || (node.getNextInTimeOrder() != null)
        || (node == first);
  }

  /** Returns the least recently written node, or {@code null}. */
  @Nullable Node<K, V> peekFirst() {
    return first;
  }

  /** Returns the most recently written node, or {@code null}. */
  @Nullable Node<K, V> peekLast() {
    return last;
  }

  /** Links the node as the least recently written. */
  void offerFirst(Node<K, V> node) {
    Node<K, V> f = first;
    first = node;
    if (f == null) {
      last = node;
    } else {
      f.setPreviousInTimeOrder(node);
      node.setNextInTimeOrder(f);
    }
    modCount++;
  }

  /** Links the node as the most recently written. */
  void offerLast(Node<K, V> node) {
    Node<K, V> l = last;
    last = node;
    if (l == null) {
      first = node;
    } else {
      l.setNextInTimeOrder(node);
      node.setPreviousInTimeOrder(l);
    }
    modCount++;
  }

  /** Unlinks and returns the least recently written node, or {@code null}. */
  @Nullable Node<K, V> pollFirst() {
    Node<K, V> f = first;
    if (f != null) {
      unlink(f);
    }
    return f;
  }

  /** Unlinks the node if it is linked here; returns whether it was. */
  boolean remove(Node<K, V> node) {
    if (contains(node)) {
      unlink(node);
      return true;
    }
    return false;
  }

  /** Moves a linked node to the most recently written end. */
  void moveToBack(Node<K, V> node) {
    if (node != last) {
      unlink(node);
      offerLast(node);
    }
  }

  /** Moves a linked node to the least recently written end. */
  void moveToFront(Node<K, V> node) {
    if (node != first) {
      unlink(node);
      offerFirst(node);
    }
  }

  private void unlink(Node<K, V> node) {
    Node<K, V> prev = node.getPreviousInTimeOrder();
    Node<K, V> next = node.getNextInTimeOrder();
    if (prev == null) {
      first = next;
    } else {
      prev.setNextInTimeOrder(next);
      node.setPreviousInTimeOrder(null);
    }
    if (next == null) {
      last = prev;
    } else {
      next.setPreviousInTimeOrder(prev);
      node.setNextInTimeOrder(null);
    }
    modCount++;
  }

  /** Returns an iterator from the least to the most recently written node. */
  @Override
  public Iterator<Node<K, V>> iterator() {
    return new NodeIterator(first, /* ascending= */ true);
  }

  /** Returns an iterator from the most to the least recently written node. */
  Iterator<Node<K, V>> descendingIterator() {
    return new NodeIterator(last, /* ascending= */ false);
  }

  /** Walks the links; fails fast if the deque changes underneath it. */
  private final class NodeIterator implements Iterator<Node<K, V>> {
    private final boolean ascending;
    private final int expectedModCount;
    private @Nullable Node<K, V> cursor;

    NodeIterator(@Nullable Node<K, V> start, boolean ascending) {
      this.cursor = start;
      this.ascending = ascending;
      this.expectedModCount = modCount;
    }

    @Override
    public boolean hasNext() {
      return cursor != null;
    }

    @Override
    public Node<K, V> next() {
      Node<K, V> node = cursor;
      if (node == null) {
        throw new NoSuchElementException();
      } else if (modCount != expectedModCount) {
        throw new ConcurrentModificationException();
      }
      cursor = ascending ? node.getNextInTimeOrder() : node.getPreviousInTimeOrder();
      return node;
    }
  }
}
