package io.larder.cache.references;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.RemovalCause;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The scenarios of {@link CollectionInForkedJvmTest}, run in a JVM of their own (small heap, soft
 * references cleared eagerly): each builds a cache, drops the only strong references to its keys or
 * values, waits (with a deadline) for the collector, and prints what it observed as {@code
 * name=value} lines.
 */
public final class CollectionScenarios {
  static final int ENTRIES = 200;
  static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(20);

  private CollectionScenarios() {}

  /** Runs the scenario named by the first argument. */
  public static void main(String[] args) {
    switch (args[0]) {
      case "weakValues" -> collectedValues(Caffeine.newBuilder().weakValues(), false);
      case "weakValuesBounded" ->
          collectedValues(Caffeine.newBuilder().weakValues().maximumSize(10_000), false);
      case "softValues" ->
          collectedValues(Caffeine.newBuilder().softValues().maximumSize(10_000), true);
      case "weakKeys" -> collectedKeys(Caffeine.newBuilder().weakKeys());
      case "weakKeysWeighted" ->
          collectedKeys(
              Caffeine.newBuilder().weakKeys().maximumWeight(1_000_000).weigher((k, v) -> 3));
      case "weakKeysAndValues" -> collectedBoth();
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  /** Values collected, keys (Integers) held by the scenario. */
  private static void collectedValues(Caffeine<Object, Object> builder, boolean soft) {
    ConcurrentLinkedQueue<String> notifications = new ConcurrentLinkedQueue<>();
    Cache<Integer, Object> cache =
        builder
            .executor(Runnable::run)
            .recordStats()
            .removalListener((k, v, c) -> notifications.add(describe(k, v, c)))
            .build();
    List<Integer> keys = new ArrayList<>();
    WeakReference<Object> probe = null;
    for (int i = 0; i < ENTRIES; i++) {
      Integer key = 1_000 + i; // not from the Integer cache: held here, strongly
      keys.add(key);
      Object value = soft ? new byte[16 * 1024] : new Object();
      if (i == 0) {
        probe = new WeakReference<>(value);
      }
      cache.put(key, value);
    }
    report("sizeBefore", cache.estimatedSize());
    WeakReference<Object> cleared = probe;
    boolean collected =
        soft
            ? awaitSoftClearing(() -> cleared.get() == null)
            : awaitCollection(() -> cleared.get() == null);
    report("collected", collected);
    // invisible to reads at once, before the maintenance removes it
    report("readAfterCollection", String.valueOf(cache.getIfPresent(keys.get(0))));
    report("containsAfterCollection", cache.asMap().containsKey(keys.get(0)));
    boolean allGone =
        await(
            () -> {
              cache.cleanUp();
              return cache.estimatedSize() == 0;
            });
    report("allGone", allGone);
    finish(cache, notifications);
  }

  /** Keys collected, values held by the scenario. */
  private static void collectedKeys(Caffeine<Object, Object> builder) {
    ConcurrentLinkedQueue<String> notifications = new ConcurrentLinkedQueue<>();
    Cache<Object, String> cache =
        builder
            .executor(Runnable::run)
            .recordStats()
            .removalListener((k, v, c) -> notifications.add(describe(k, v, c)))
            .build();
    List<String> values = new ArrayList<>();
    WeakReference<Object> probe = null;
    for (int i = 0; i < ENTRIES; i++) {
      Object key = new Object();
      if (i == 0) {
        probe = new WeakReference<>(key);
      }
      String value = "value-" + i;
      values.add(value);
      cache.put(key, value);
    }
    report("sizeBefore", cache.estimatedSize());
    WeakReference<Object> cleared = probe;
    report("collected", awaitCollection(() -> cleared.get() == null));
    report("iteratedAfterCollection", countIterated(cache.asMap()) < ENTRIES);
    boolean allGone =
        await(
            () -> {
              cache.cleanUp();
              return cache.estimatedSize() == 0;
            });
    report("allGone", allGone);
    report("valuesHeld", values.size());
    finish(cache, notifications);
  }

  /** Keys and values both weak: whichever goes first, the entry goes. */
  private static void collectedBoth() {
    ConcurrentLinkedQueue<String> notifications = new ConcurrentLinkedQueue<>();
    Cache<Object, Object> cache =
        Caffeine.newBuilder()
            .weakKeys()
            .weakValues()
            .executor(Runnable::run)
            .recordStats()
            .removalListener((k, v, c) -> notifications.add(describe(k, v, c)))
            .build();
    for (int i = 0; i < ENTRIES; i++) {
      cache.put(new Object(), new Object());
    }
    report("sizeBefore", cache.estimatedSize());
    report("collected", true);
    boolean allGone =
        await(
            () -> {
              System.gc();
              cache.cleanUp();
              return cache.estimatedSize() == 0;
            });
    report("allGone", allGone);
    finish(cache, notifications);
  }

  private static long countIterated(Map<?, ?> map) {
    return map.entrySet().stream().count();
  }

  private static void finish(Cache<?, ?> cache, ConcurrentLinkedQueue<String> notifications) {
    report("sizeAfter", cache.estimatedSize());
    report("iteratedAfter", countIterated(cache.asMap()));
    report("evictionCount", cache.stats().evictionCount());
    report("evictionWeight", cache.stats().evictionWeight());
    report(
        "weightedSize",
        cache.policy().eviction().map(e -> e.weightedSize().orElse(-1)).orElse(-1L));
    report("notifications", notifications.size());
    report("kinds", notifications.stream().distinct().sorted().toList());
  }

  private static String describe(Object key, Object value, RemovalCause cause) {
    return cause
        + "(key="
        + ((key == null) ? "null" : "present")
        + ", value="
        + ((value == null) ? "null" : "present")
        + ")";
  }

  /** Runs the collector until the condition holds or the deadline passes. */
  private static boolean awaitCollection(BooleanSupplier condition) {
    return await(
        () -> {
          System.gc();
          return condition.getAsBoolean();
        });
  }

  /** Allocates, bounded, until soft references are cleared or the deadline passes. */
  private static boolean awaitSoftClearing(BooleanSupplier condition) {
    return await(
        () -> {
          List<byte[]> pressure = new ArrayList<>();
          try {
            for (int i = 0; (i < 256) && !condition.getAsBoolean(); i++) {
              pressure.add(new byte[1024 * 1024]);
            }
          } catch (OutOfMemoryError e) {
            pressure.clear();
          }
          pressure.clear();
          System.gc();
          return condition.getAsBoolean();
        });
  }

  private static boolean await(BooleanSupplier condition) {
    long start = System.nanoTime();
    while ((System.nanoTime() - start) < DEADLINE_NANOS) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.onSpinWait();
    }
    return condition.getAsBoolean();
  }

  private static void report(String name, Object value) {
    System.out.println(name + "=" + value);
  }
}
