package io.larder.cache.internal;

import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * A doubly linked deque of nodes threaded through the nodes' own access-order links, so that
 * linking, unlinking and moving a node are constant time and allocate nothing. Not thread-safe:
 * the eviction policy guards it with the eviction lock. A node is in at most one such deque at a
 * time (its queue type says which).
 *
 * <p>The first node is the least recently used (the coldest), the last the most recently used.
 */
final class AccessOrderDeque<K, V> implements Iterable<Node<K, V>> {
  private @Nullable Node<K, V> first;
  private @Nullable Node<K, V> last;
  private int modCount;

  /** Returns whether the deque has no node. */
  boolean isEmpty() {
    return first == null;
  }

  /** Returns whether the node is linked in this deque (assuming it is in no other). */
  boolean contains(Node<K, V> node) {
    return (node.getPreviousInAccessOrder() != null)
        || (node.getNextInAccessOrder() != null)
        || (node == first);
  }

  /** Returns the least recently used node, or {@code null}. */
  @Nullable Node<K, V> peekFirst() {
    return first;
  }

  /** Returns the most recently used node, or {@code null}. */
  @Nullable Node<K, V> peekLast() {
    return last;
  }

  /** Links the node as the least recently used. */
  void offerFirst(Node<K, V> node) {
    Node<K, V> f = first;
    first = node;
    if (f == null) {
      last = node;
    } else {
      f.setPreviousInAccessOrder(node);
      node.setNextInAccessOrder(f);
    }
    modCount++;
  }

  /** Links the node as the most recently used. */
  void offerLast(Node<K, V> node) {
    Node<K, V> l = last;
    last = node;
    if (l == null) {
      first = node;
    } else {
      l.setNextInAccessOrder(node);
      node.setPreviousInAccessOrder(l);
    }
    modCount++;
  }

  /** Unlinks and returns the least recently used node, or {@code null}. */
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

  /** Moves a linked node to the most recently used end. */
  void moveToBack(Node<K, V> node) {
    if (node != last) {
      unlink(node);
      offerLast(node);
    }
  }

  /** Moves a linked node to the least recently used end. */
  void moveToFront(Node<K, V> node) {
    if (node != first) {
      unlink(node);
      offerFirst(node);
    }
  }

  private void unlink(Node<K, V> node) {
    Node<K, V> prev = node.getPreviousInAccessOrder();
    Node<K, V> next = node.getNextInAccessOrder();
    if (prev == null) {
      first = next;
    } else {
      prev.setNextInAccessOrder(next);
      node.setPreviousInAccessOrder(null);
    }
    if (next == null) {
      last = prev;
    } else {
      next.setPreviousInAccessOrder(prev);
      node.setNextInAccessOrder(null);
    }
    modCount++;
  }

  /** Returns an iterator from the least to the most recently used node. */
  @Override
  public Iterator<Node<K, V>> iterator() {
    return new NodeIterator(first, /* ascending= */ true);
  }

  /** Returns an iterator from the most to the least recently used node. */
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
      cursor = ascending ? node.getNextInAccessOrder() : node.getPreviousInAccessOrder();
      return node;
    }
  }
}
