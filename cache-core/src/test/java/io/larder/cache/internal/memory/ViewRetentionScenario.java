package io.larder.cache.internal.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The scenario of {@link ViewRetentionTest}, run in a forked JVM (with or without {@code
 * --add-opens java.base/java.util=ALL-UNNAMED}): for each JDK view, prints {@code VIEW
 * name|estimate|jol}, the estimator's figure and JOL's deep size (which follows the view's fields
 * to the collection behind it).
 */
public final class ViewRetentionScenario {
  private ViewRetentionScenario() {}

  /** The views measured, by name; each retains a collection of 1,000 entries or elements. */
  static Map<String, Supplier<Object>> views() {
    Map<String, Supplier<Object>> views = new LinkedHashMap<>();
    views.put("ArrayList.subList (10 of 1,000)", () -> strings().subList(0, 10));
    views.put("HashMap.keySet (1,000)", () -> map(new HashMap<>()).keySet());
    views.put("HashMap.values (1,000)", () -> map(new HashMap<>()).values());
    views.put(
        "TreeMap.headMap (first half of 1,000)",
        () -> {
          TreeMap<String, String> map = map(new TreeMap<>());
          return map.headMap("key 5");
        });
    return views;
  }

  private static List<String> strings() {
    List<String> list = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      list.add("element " + i);
    }
    return list;
  }

  private static <M extends Map<String, String>> M map(M map) {
    for (int i = 0; i < 1_000; i++) {
      map.put("key " + i, "value of key " + i);
    }
    return map;
  }

  /** Prints one line per view. */
  public static void main(String[] args) {
    SizeEstimator estimator = SizeEstimator.forCurrentJvm();
    views()
        .forEach(
            (name, view) -> {
              Object value = view.get();
              System.out.println(
                  "VIEW " + name + "|" + estimator.estimate(value) + "|" + Jol.deepSize(value));
            });
    System.out.flush();
  }
}
