package io.larder.cache.internal;

import java.util.Comparator;
import java.util.Iterator;

/**
 * The orders in which a W-TinyLFU policy would give up its entries: the {@code coldest} and {@code
 * hottest} views of {@code Policy.Eviction}.
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
        new MergingIterator<>(policy.window.iterator(), policy.probation.iterator(), colderFirst),
        policy.protectedSegment.iterator());
  }

  /** Returns the policy's nodes from the hottest to the coldest. */
  static <K, V> Iterator<Node<K, V>> hottestFirst(WindowTinyLfuPolicy<K, V> policy) {
    Comparator<Node<K, V>> hotterFirst =
        Comparator.<Node<K, V>>comparingInt(node -> frequencyOf(policy, node)).reversed();
    return new ConcatIterator<>(
        policy.protectedSegment.descendingIterator(),
        new MergingIterator<>(
            policy.probation.descendingIterator(),
            policy.window.descendingIterator(),
            hotterFirst));
  }

  private static <K, V> int frequencyOf(WindowTinyLfuPolicy<K, V> policy, Node<K, V> node) {
    return node.isAlive() ? policy.sketch.frequency(node.getKeyReference()) : 0;
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
