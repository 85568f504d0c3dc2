package io.larder.cache.compat;

/** Throws a checked exception from code that does not declare it, as some callers do. */
final class Sneaky {
  private Sneaky() {}

  static <T> T raise(Throwable t) {
    return Sneaky.<T, RuntimeException>raiseAs(t);
  }

  @SuppressWarnings("unchecked")
  private static <T, E extends Throwable> T raiseAs(Throwable t) throws E {
    throw (E) t;
  }
}
