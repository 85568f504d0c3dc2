package io.larder.cache.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The warnings of doubtful reference settings, logged once per cache through {@link
 * System.Logger} (logger {@code io.larder.cache.internal.ReferenceWarnings}), naming the cache
 * and where it was built:
 *
 * <ul>
 *   <li>weak keys on a key type with its own {@code equals} (strings, boxed numbers, records,
 *       Spring's {@code SimpleKey}, any class that overrides {@code Object.equals}): weak keys
 *       match by identity, so a lookup with an equal but distinct key misses, and such keys are
 *       usually built afresh for each call;
 *   <li>soft values on a cache without a size, weight or memory bound: soft references are
 *       cleared only under heap pressure, when the damage (long pauses, an {@code
 *       OutOfMemoryError} elsewhere) is already done.
 * </ul>
 */
final class ReferenceWarnings {
  /** The name of the logger the warnings go to. */
  static final String LOGGER_NAME = ReferenceWarnings.class.getName();

  private static final Logger logger = System.getLogger(LOGGER_NAME);

  private static final String SPRING_SIMPLE_KEY =
      "org.springframework.cache.interceptor.SimpleKey";

  private ReferenceWarnings() {}

  /** Warns if the first key written to a weak-keyed cache has a type with its own equality. */
  static void checkWeakKeyType(CacheSettings<?, ?> settings, Object key) {
    Class<?> type = key.getClass();
    if (hasValueEquality(type)) {
      logger.log(Level.WARNING, () -> String.format(
          "Cache '%s' (built at %s) holds weak keys of type %s, which defines its own equals: "
              + "weak keys are matched by identity (==), so a lookup with an equal but distinct "
              + "key misses. Use strong keys, or keys that are canonical instances.",
          settings.name(), settings.creationSite(), type.getName()));
    }
  }

  /** Warns that soft values bound nothing until the heap is nearly exhausted. */
  static void softValuesWithoutBound(CacheSettings<?, ?> settings) {
    logger.log(Level.WARNING, () -> String.format(
        "Cache '%s' (built at %s) holds soft values without maximumSize, maximumWeight or a "
            + "memory bound: soft references are cleared only under heap pressure, after long "
            + "collections or an OutOfMemoryError elsewhere. Prefer a size or memory bound.",
        settings.name(), settings.creationSite()));
  }

  /** Returns whether instances of the type are compared by value rather than identity. */
  static boolean hasValueEquality(Class<?> type) {
    if ((type == String.class) || Number.class.isAssignableFrom(type) || type.isRecord()
        || isSpringSimpleKey(type)) {
      return true;
    }
    try {
      // Enum.equals is final and compares identity
      Class<?> declaring = type.getMethod("equals", Object.class).getDeclaringClass();
      return (declaring != Object.class) && (declaring != Enum.class);
    } catch (NoSuchMethodException | SecurityException e) {
      return false;
    }
  }

  private static boolean isSpringSimpleKey(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(SPRING_SIMPLE_KEY)) {
        return true;
      }
    }
    return false;
  }
}
