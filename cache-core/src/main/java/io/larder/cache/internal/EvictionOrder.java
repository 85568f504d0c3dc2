package io.larder.cache.internal;

import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * The orders in which a W-TinyLFU policy would give up its entries: the {@code coldest} and
 * {@code hottest} views of {@code Policy.Eviction}.
 *
 * <p>The policy evicts from the window and probation by comparing popularity (see {@link
 * TinyLfuAdmission}), and from the protected segment last. So the coldest entries are the window
 * and probation merged by ascending estimated frequency (the window first on a tie), then the
 * protected segment from its least recent end; the hottest are the reverse walk, merged by
 * descending frequency (probation first on a tie). Both iterate the segments in place, without a
 * copy: a view that takes a few entries touches a few nodes. Guarded: iterate while holding the
 * cache's eviction lock.
 */
final class EvictionOrder {
  private EvictionOrder() {}

  /** Returns the policy's nodes from the coldest (the next to be evicted) to the hottest. */
  static <K, V> Iterator<Node<K, V>> coldestFirst(WindowTinyLfuPolicy<K, V> policy) {
    Comparator<Node<K, V>> colderFirst = Comparator.comparingInt(node -> frequencyOf(policy, node));
    return new ConcatIterator<>(
        new MergeIterator<>(policy.window.iterator(), policy.probation.iterator(), colderFirst),
        policy.protectedSegment.iterator());
  }

  /** Returns the policy's nodes from the hottest to the coldest. */
  static <K, V> Iterator<Node<K, V>> hottestFirst(WindowTinyLfuPolicy<K, V> policy) {
    Comparator<Node<K, V>> hotterFirst =
        Comparator.<Node<K, V>>comparingInt(node -> frequencyOf(policy, node)).reversed();
    return new ConcatIterator<>(
        policy.protectedSegment.descendingIterator(),
        new MergeIterator<>(
            policy.probation.descendingIterator(), policy.window.descendingIterator(),
            hotterFirst));
  }

  private static <K, V> int frequencyOf(WindowTinyLfuPolicy<K, V> policy, Node<K, V> node) {
    return node.isAlive() ? policy.sketch.frequency(node.getKeyReference()) : 0;
  }

  /** Merges two iterators, taking the lesser head by the comparator (the first on a tie). */
  private static final class MergeIterator<E> implements Iterator<E> {
    private final Iterator<E> first;
    private final Iterator<E> second;
    private final Comparator<E> comparator;
    private @Nullable E firstHead;
    private @Nullable E secondHead;

    MergeIterator(Iterator<E> first, Iterator<E> second, Comparator<E> comparator) {
      this.first = first;
      this.second = second;
      this.comparator = comparator;
    }

    @Override
    public boolean hasNext() {
      return (firstHead != null) || (secondHead != null) || first.hasNext() || second.hasNext();
    }

    @Override
    public E next() {
      if ((firstHead == null) && first.hasNext()) {
        firstHead = first.next();
      }
      if ((secondHead == null) && second.hasNext()) {
        secondHead = second.next();
      }
      E a = firstHead;
      E b = secondHead;
      if (a == null) {
        if (b == null) {
          throw new NoSuchElementException();
        }
        secondHead = null;
        return b;
      } else if ((b == null) || (comparator.compare(a, b) <= 0)) {
        firstHead = null;
        return a;
      }
      secondHead = null;
      return b;
    }
  }

  /** Iterates one iterator, then another. */
  private static final class ConcatIterator<E> implements Iterator<E> {
    private final Iterator<E> first;
    private final Iterator<E> second;

    ConcatIterator(Iterator<E> first, Iterator<E> second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public boolean hasNext() {
      return first.hasNext() || second.hasNext();
    }

    @Override
    public E next() {
      return first.hasNext() ? first.next() : second.next();
    }
  }
}
