package io.larder.cache;

import static java.util.Objects.requireNonNull;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Provides a similar behavior to {@link String#intern} for any immutable type: equal instances are
 * replaced by one canonical instance.
 */
@FunctionalInterface
public interface Interner<E> {

  /** Chooses and returns the representative instance for any of a collection of equal instances. */
  E intern(E sample);

  /** Returns a new thread-safe interner which retains a strong reference to each instance. */
  static <E> Interner<E> newStrongInterner() {
    return new StrongInterner<>();
  }

  /**
   * Returns a new thread-safe interner which retains a weak reference to each instance, so that an
   * instance no longer used elsewhere can be garbage-collected.
   */
  static <E> Interner<E> newWeakInterner() {
    return new WeakInterner<>();
  }
}

/** An interner backed by a concurrent map that holds its instances strongly. */
final class StrongInterner<E> implements Interner<E> {
  private final ConcurrentMap<E, E> map = new ConcurrentHashMap<>();

  @Override
  public E intern(E sample) {
    E canonical = map.putIfAbsent(requireNonNull(sample), sample);
    return (canonical == null) ? sample : canonical;
  }
}

/**
 * An interner that holds its instances through weak references, looked up by equality; references
 * cleared by the garbage collector are purged on each call.
 */
final class WeakInterner<E> implements Interner<E> {
  private final ConcurrentMap<Object, WeakElement<E>> map = new ConcurrentHashMap<>();
  private final ReferenceQueue<E> queue = new ReferenceQueue<>();

  @Override
  public E intern(E sample) {
    requireNonNull(sample);
    purge();
    for (; ; ) {
      WeakElement<E> existing = map.get(new Lookup(sample));
      if (existing != null) {
        E canonical = existing.get();
        if (canonical != null) {
          return canonical;
        }
        map.remove(existing, existing);
        continue;
      }
      WeakElement<E> element = new WeakElement<>(sample, queue);
      if (map.putIfAbsent(element, element) == null) {
        return sample;
      }
    }
  }

  private void purge() {
    for (var ref = queue.poll(); ref != null; ref = queue.poll()) {
      map.remove(ref, ref);
    }
  }

  /**
   * A weakly held element that is equal to another element, or to a lookup, of an equal referent.
   */
  static final class WeakElement<E> extends WeakReference<E> {
    private final int hash;

    WeakElement(E referent, ReferenceQueue<E> queue) {
      super(referent, queue);
      this.hash = referent.hashCode();
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (o == this) {
        return true;
      }
      Object mine = get();
      if (mine == null) {
        return false;
      } else if (o instanceof WeakElement<?>) {
        Object theirs = ((WeakElement<?>) o).get();
        return (theirs != null) && mine.equals(theirs);
      } else if (o instanceof Lookup) {
        return mine.equals(((Lookup) o).sample);
      }
      return false;
    }
  }

  /** A transient strong key used to look up an element by equality. */
  static final class Lookup {
    final Object sample;

    Lookup(Object sample) {
      this.sample = sample;
    }

    @Override
    public int hashCode() {
      return sample.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      if (o instanceof WeakElement<?>) {
        Object theirs = ((WeakElement<?>) o).get();
        return (theirs != null) && sample.equals(theirs);
      }
      return (o instanceof Lookup) && sample.equals(((Lookup) o).sample);
    }
  }
}
