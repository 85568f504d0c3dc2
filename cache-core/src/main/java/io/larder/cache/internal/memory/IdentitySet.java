package io.larder.cache.internal.memory;

/**
 * A set of objects compared by identity, for one estimate: open addressing with linear probing in a
 * power-of-two table kept at most half full.
 *
 * <p>Cheaper than {@code Collections.newSetFromMap(new IdentityHashMap<>())}: one array, no entry
 * objects, no boxing. Not thread-safe: each estimate owns its set.
 */
final class IdentitySet {
  private static final int INITIAL_CAPACITY = 32;

  private Object[] table = new Object[INITIAL_CAPACITY];
  private int size;

  /**
   * Adds an object if it is not already present.
   *
   * @return true if it was added, false if it was already present
   */
  boolean add(Object o) {
    Object[] t = table;
    int mask = t.length - 1;
    int i = mix(System.identityHashCode(o)) & mask;
    for (Object present = t[i]; present != null; present = t[i]) {
      if (present == o) {
        return false;
      }
      i = (i + 1) & mask;
    }
    t[i] = o;
    if (++size > t.length >>> 1) {
      grow();
    }
    return true;
  }

  int size() {
    return size;
  }

  private void grow() {
    Object[] old = table;
    Object[] t = new Object[old.length << 1];
    int mask = t.length - 1;
    for (Object o : old) {
      if (o != null) {
        int i = mix(System.identityHashCode(o)) & mask;
        while (t[i] != null) {
          i = (i + 1) & mask;
        }
        t[i] = o;
      }
    }
    table = t;
  }

  /**
   * Spreads the identity hash, whose low bits alone cluster, over the table (Murmur3 finalizer).
   */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h;
  }
}
