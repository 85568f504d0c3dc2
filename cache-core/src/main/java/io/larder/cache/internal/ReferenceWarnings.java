package io.larder.cache.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * The warnings of doubtful reference settings, logged through {@link System.Logger} (logger {@code
 * io.larder.cache.internal.ReferenceWarnings}), naming the cache and where it was built:
 *
 * <ul>
 *   <li>weak keys on a key type with its own {@code equals} (strings, boxed numbers, records,
 *       Spring's {@code SimpleKey}, any class that overrides {@code Object.equals}): weak keys
 *       match by identity, so a lookup with an equal but distinct key misses, and such keys are
 *       usually built afresh for each call;
 *   <li>soft values on a cache without a size, weight or memory bound: soft references are cleared
 *       only under heap pressure, when the damage (long pauses, an {@code OutOfMemoryError}
 *       elsewhere) is already done.
 * </ul>
 *
 * <p>Each is logged once per build site (and, for weak keys, key type), not per cache: an
 * application that builds such a cache for every request would otherwise log it for every request.
 * At most {@value #SITES_LOGGED} distinct warnings are remembered; after them one notice says the
 * rest are suppressed.
 */
final class ReferenceWarnings {
  /** The name of the logger the warnings go to. */
  static final String LOGGER_NAME = ReferenceWarnings.class.getName();

  /** The number of distinct warnings logged before the rest are suppressed. */
  static final int SITES_LOGGED = 1024;

  private static final Logger logger = System.getLogger(LOGGER_NAME);
  private static final LoggedOnce logged = new LoggedOnce(SITES_LOGGED);

  private static final String SPRING_SIMPLE_KEY = "org.springframework.cache.interceptor.SimpleKey";

  private ReferenceWarnings() {}

  /** Warns if the first key written to a weak-keyed cache has a type with its own equality. */
  static void checkWeakKeyType(CacheSettings<?, ?> settings, Object key) {
    Class<?> type = key.getClass();
    if (hasValueEquality(type)) {
      String warning = "weak keys " + type.getName() + " at " + settings.creationSite();
      warnOnce(
          warning,
          () ->
              String.format(
                  "Cache '%s' (built at %s) holds weak keys of type %s, which defines its own equals: "
                      + "weak keys are matched by identity (==), so a lookup with an equal but distinct "
                      + "key misses. Use strong keys, or keys that are canonical instances. (Logged once "
                      + "for this build site and key type.)",
                  settings.name(), settings.creationSite(), type.getName()));
    }
  }

  /** Warns that soft values bound nothing until the heap is nearly exhausted. */
  static void softValuesWithoutBound(CacheSettings<?, ?> settings) {
    warnOnce(
        "soft values at " + settings.creationSite(),
        () ->
            String.format(
                "Cache '%s' (built at %s) holds soft values without maximumSize, maximumWeight or a "
                    + "memory bound: soft references are cleared only under heap pressure, after long "
                    + "collections or an OutOfMemoryError elsewhere. Prefer a size or memory bound. "
                    + "(Logged once for this build site.)",
                settings.name(), settings.creationSite()));
  }

  private static void warnOnce(String key, Supplier<String> message) {
    switch (logged.admit(key)) {
      case FIRST -> logger.log(Level.WARNING, message);
      case LIMIT_REACHED ->
          logger.log(
              Level.WARNING,
              () ->
                  "Larder has logged "
                      + SITES_LOGGED
                      + " distinct reference warnings; further ones are not logged.");
      case REPEAT -> {}
    }
  }

  /** Returns whether instances of the type are compared by value rather than identity. */
  static boolean hasValueEquality(Class<?> type) {
    if ((type == String.class)
        || Number.class.isAssignableFrom(type)
        || type.isRecord()
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
