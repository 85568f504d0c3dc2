package io.larder.benchmarks.adapter;

import java.util.List;
import java.util.Locale;

/** The libraries under comparison, by the names used in JMH parameters and tables. */
public final class Libraries {
  private Libraries() {}

  /** Returns every library, Larder first. */
  public static List<CacheLibrary> all() {
    return List.of(
        new LarderLibrary(),
        new CaffeineLibrary(),
        new GuavaLibrary(),
        new ConcurrentHashMapLibrary(),
        new LinkedHashMapLibrary());
  }

  /** Returns the library of that name, ignoring case. */
  public static CacheLibrary byName(String name) {
    for (CacheLibrary library : all()) {
      if (library.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return library;
      }
    }
    throw new IllegalArgumentException("no library named " + name);
  }
}
