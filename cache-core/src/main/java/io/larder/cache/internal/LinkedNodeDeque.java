package io.larder.cache.internal;

import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * A doubly linked deque of nodes threaded through a pair of the nodes' own links, so that linking,
 * unlinking and moving a node are constant time and allocate nothing. Not thread-safe: the eviction
 * lock guards it. A node is in at most one deque over the same pair of links at a time. Subclasses
 * name the pair: {@link AccessOrderDeque} (the eviction policy's access order) and {@link
 * WriteOrderDeque} (expiration's write order).
 */
abstract class LinkedNodeDeque<K, V> implements Iterable<Node<K, V>> {
  private @Nullable Node<K, V> first;
  private @Nullable Node<K, V> last;
  private int modCount;

  /** Returns the node's previous link in this deque's order. */
  abstract @Nullable Node<K, V> previousOf(Node<K, V> node);

  /** Returns the node's next link in this deque's order. */
  abstract @Nullable Node<K, V> nextOf(Node<K, V> node);

  /** Sets the node's previous link in this deque's order. */
  abstract void setPrevious(Node<K, V> node, @Nullable Node<K, V> prev);

  /** Sets the node's next link in this deque's order. */
  abstract void setNext(Node<K, V> node, @Nullable Node<K, V> next);

  /** Returns whether the deque has no node. */
  boolean isEmpty() {
    return first == null;
  }

  /** Returns whether the node is linked in this deque (assuming it is in no other). */
  boolean contains(Node<K, V> node) {
    return (previousOf(node) != null) || (nextOf(node) != null) || (node == first);
  }

  /** Returns the first node, or {@code null}. */
  @Nullable Node<K, V> peekFirst() {
    return first;
  }

  /** Returns the last node, or {@code null}. */
  @Nullable Node<K, V> peekLast() {
    return last;
  }

  /** Links the node as the first. */
  void offerFirst(Node<K, V> node) {
    Node<K, V> f = first;
    first = node;
    if (f == null) {
      last = node;
    } else {
      setPrevious(f, node);
      setNext(node, f);
    }
    modCount++;
  }

  /** Links the node as the last. */
  void offerLast(Node<K, V> node) {
    Node<K, V> l = last;
    last = node;
    if (l == null) {
      first = node;
    } else {
      setNext(l, node);
      setPrevious(node, l);
    }
    modCount++;
  }

  /** Unlinks and returns the first node, or {@code null}. */
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

  /** Moves a linked node to the last end. */
  void moveToBack(Node<K, V> node) {
    if (node != last) {
      unlink(node);
      offerLast(node);
    }
  }

  /** Moves a linked node to the first end. */
  void moveToFront(Node<K, V> node) {
    if (node != first) {
      unlink(node);
      offerFirst(node);
    }
  }

  private void unlink(Node<K, V> node) {
    Node<K, V> prev = previousOf(node);
    Node<K, V> next = nextOf(node);
    if (prev == null) {
      first = next;
    } else {
      setNext(prev, next);
      setPrevious(node, null);
    }
    if (next == null) {
      last = prev;
    } else {
      setPrevious(next, prev);
      setNext(node, null);
    }
    modCount++;
  }

  /** Returns an iterator from the least to the last node. */
  @Override
  public Iterator<Node<K, V>> iterator() {
    return new NodeIterator(first, /* ascending= */ true);
  }

  /** Returns an iterator from the most to the first node. */
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
      cursor = ascending ? nextOf(node) : previousOf(node);
      return node;
    }
  }
}
