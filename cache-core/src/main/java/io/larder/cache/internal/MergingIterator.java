package io.larder.cache.internal;

import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * Merges two ordered iterators, taking the lesser head by the comparator (the first on a tie): the
 * policy's segments merged into one order, by frequency ({@link EvictionOrder}) or by access time
 * ({@link FixedExpirationView}).
 */
final class MergingIterator<E> implements Iterator<E> {
  private final Iterator<E> first;
  private final Iterator<E> second;
  private final Comparator<E> comparator;
  private @Nullable E firstHead;
  private @Nullable E secondHead;

  MergingIterator(Iterator<E> first, Iterator<E> second, Comparator<E> comparator) {
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
