package io.larder.jcache;

/**
 * Copies keys and values into and out of a cache that stores by value. The store-by-reference
 * copier returns its argument.
 */
interface Copier {
  /** The copier of a store-by-reference cache: no copy. */
  Copier IDENTITY =
      new Copier() {
        @Override
        public <T> T copy(T object, ClassLoader classLoader) {
          return object;
        }
      };

  /**
   * Returns a copy of {@code object} that shares no mutable state with it, resolving classes
   * through {@code classLoader}.
   */
  <T> T copy(T object, ClassLoader classLoader);
}
