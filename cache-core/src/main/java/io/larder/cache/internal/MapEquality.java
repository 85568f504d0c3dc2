package io.larder.cache.internal;

import java.util.Map;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;

/**
 * {@link Map#equals}, {@link Map#hashCode} and {@link Map#toString} of a cache's map, over the
 * mappings its views show (live, unexpired, completed), as Caffeine defines them: an entry that is
 * counted by {@code size()} but not shown (being removed, collected, expired, in flight) makes the
 * map unequal to any other.
 */
final class MapEquality {
  private MapEquality() {}

  /** The mappings that a cache's views show, in iteration order. */
  @FunctionalInterface
  interface Mappings<K, V> {
    /**
     * Passes each mapping to {@code visitor} until it returns {@code false}; returns whether every
     * mapping was visited.
     */
    boolean forEachWhile(BiPredicate<? super K, ? super V> visitor);
  }

  /** Returns whether {@code o} is a map of the same mappings as the {@code size} shown ones. */
  static boolean equals(Map<?, ?> self, int size, Mappings<?, ?> mappings, @Nullable Object o) {
    if (o == self) {
      return true;
    } else if (!(o instanceof Map<?, ?>)) {
      return false;
    }
    Map<?, ?> map = (Map<?, ?>) o;
    if (map.size() != size) {
      return false;
    }
    int[] count = {0};
    boolean same =
        mappings.forEachWhile(
            (key, value) -> {
              count[0]++;
              Object other = map.get(key);
              return (other != null) && ((other == value) || other.equals(value));
            });
    return same && (count[0] == size);
  }

  /** Returns the sum of the mappings' hash codes ({@code key ^ value}), as {@link Map} defines. */
  static int hashCode(Mappings<?, ?> mappings) {
    int[] hash = {0};
    mappings.forEachWhile(
        (key, value) -> {
          hash[0] += key.hashCode() ^ value.hashCode();
          return true;
        });
    return hash[0];
  }

  /** Returns {@code {k1=v1, k2=v2}}, writing the map itself as {@code (this Map)}. */
  static String toString(Map<?, ?> self, Mappings<?, ?> mappings) {
    StringBuilder result = new StringBuilder(50).append('{');
    mappings.forEachWhile(
        (key, value) -> {
          if (result.length() > 1) {
            result.append(", ");
          }
          result
              .append((key == self) ? "(this Map)" : key)
              .append('=')
              .append((value == self) ? "(this Map)" : value);
          return true;
        });
    return result.append('}').toString();
  }
}
