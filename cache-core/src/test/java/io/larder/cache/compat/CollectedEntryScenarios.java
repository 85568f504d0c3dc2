package io.larder.cache.compat;

import io.larder.cache.LoadingCache;
import io.larder.cache.testing.TestBuilder;
import io.larder.cache.testing.TestLoader;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The scenarios of {@link CollectedEntryCompatTest}, run in a JVM of their own ({@code -Xmx64m
 * -XX:SoftRefLRUPolicyMSPerMB=0}, the serial collector, {@code java.lang.ref} opened) so that the
 * collector can be made to clear one entry's weakly or softly held value, or its weakly held key:
 * every operation of the cache, its map view and its loader, applied while the maintenance has
 * not yet removed that entry, against Larder and then against Caffeine.
 *
 * <p>Each scenario fills a cache (a same-thread executor, statistics, removal and eviction
 * listeners recorded in the transcript) with two entries whose keys and values the scenario holds
 * and one whose value (or key) only the cache holds, runs the collector until that part is gone
 * (a deadline, no fixed sleep), applies one operation, then cleans up. An operation on a key uses
 * the entry whose value was collected; the bulk operations (iteration, {@code clear}, {@code
 * replaceAll}, {@code equals}...) also run against an entry whose key was collected. The
 * transcript records the operation's result, every notification (key, value, cause, and whether
 * through the eviction listener) in the order delivered, the size before and after {@code
 * cleanUp()}, the contents and the statistics. The output is one {@code scenario <name>} line,
 * then each library's transcript lines prefixed {@code larder|} or {@code caffeine|}.
 */
public final class CollectedEntryScenarios {
  /** How long the collector may take to clear a value. */
  static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(20);

  private CollectedEntryScenarios() {}

  /** A key compared by identity (so that weak keys find it), named in the transcript. */
  static final class Key {
    private final String name;

    Key(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A value compared by name, so that an operation can name a collected value. */
  static final class Value {
    private final String name;

    Value(String name) {
      this.name = name;
    }

    @Override
    public boolean equals(Object o) {
      return (o instanceof Value) && ((Value) o).name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A configuration whose values (and perhaps keys) are held by reference. */
  enum Configuration {
    WEAK_VALUES(TestBuilder::weakValues),
    SOFT_VALUES(TestBuilder::softValues),
    WEAK_KEYS_AND_WEAK_VALUES(b -> b.weakKeys().weakValues()),
    WEAK_KEYS_AND_SOFT_VALUES(b -> b.weakKeys().softValues()),
    WEAK_VALUES_MAXIMUM_SIZE(b -> b.weakValues().maximumSize(100)),
    SOFT_VALUES_MAXIMUM_WEIGHT(b -> b.softValues().maximumWeight(1_000).weigher((k, v) -> 3)),
    WEAK_VALUES_EXPIRE_AFTER_WRITE(b -> b.weakValues().ticker(() -> 0L)
        .expireAfterWrite(1, TimeUnit.HOURS)),
    WEAK_VALUES_EXPIRE_AFTER_ACCESS_MAXIMUM_SIZE(b -> b.weakValues().ticker(() -> 0L)
        .expireAfterAccess(1, TimeUnit.HOURS).maximumSize(100));

    final UnaryOperator<TestBuilder> configure;

    Configuration(UnaryOperator<TestBuilder> configure) {
      this.configure = configure;
    }
  }

  /** An operation on the key whose value was collected. */
  @FunctionalInterface
  interface Operation {
    void apply(Run run, LoadingCache<Key, Value> cache, Key key);
  }

  /**
   * The operations on the key whose value was collected, by name: reads, writes, computations,
   * loads, and the {@link #bulkOperations}.
   */
  static Map<String, Operation> operations() {
    Map<String, Operation> ops = new java.util.LinkedHashMap<>();
    ops.put("getIfPresent", (run, cache, key) ->
        run.step("getIfPresent", () -> cache.getIfPresent(key)));
    ops.put("asMap.get", (run, cache, key) -> run.step("get", () -> cache.asMap().get(key)));
    ops.put("asMap.containsKey", (run, cache, key) ->
        run.step("containsKey", () -> cache.asMap().containsKey(key)));
    ops.put("getAllPresent", (run, cache, key) ->
        run.step("getAllPresent", () -> cache.getAllPresent(List.of(key))));
    ops.put("get(key, function)", (run, cache, key) ->
        run.step("get", () -> cache.get(key, k -> new Value("computed"))));
    ops.put("get(key, function returning null)", (run, cache, key) ->
        run.step("get", () -> cache.get(key, k -> null)));
    ops.put("get(key, function throwing)", (run, cache, key) ->
        run.step("get", () -> cache.get(key, k -> {
          throw new IllegalStateException("no value");
        })));
    ops.put("asMap.computeIfAbsent", (run, cache, key) -> run.step("computeIfAbsent",
        () -> cache.asMap().computeIfAbsent(key, k -> new Value("computed"))));
    ops.put("LoadingCache.get", (run, cache, key) -> run.step("get", () -> cache.get(key)));
    ops.put("LoadingCache.getAll", (run, cache, key) ->
        run.step("getAll", () -> cache.getAll(List.of(key))));
    ops.put("LoadingCache.refresh", (run, cache, key) ->
        run.step("refresh", () -> cache.refresh(key)));
    ops.put("put", (run, cache, key) -> run.run("put", () -> cache.put(key, new Value("new"))));
    ops.put("asMap.put", (run, cache, key) ->
        run.step("put", () -> cache.asMap().put(key, new Value("new"))));
    ops.put("asMap.putIfAbsent", (run, cache, key) ->
        run.step("putIfAbsent", () -> cache.asMap().putIfAbsent(key, new Value("new"))));
    ops.put("putAll", (run, cache, key) ->
        run.run("putAll", () -> cache.putAll(Map.of(key, new Value("new")))));
    ops.put("asMap.replace", (run, cache, key) ->
        run.step("replace", () -> cache.asMap().replace(key, new Value("new"))));
    ops.put("asMap.replace(key, old, new)", (run, cache, key) -> run.step("replace",
        () -> cache.asMap().replace(key, new Value("collected"), new Value("new"))));
    ops.put("asMap.remove", (run, cache, key) ->
        run.step("remove", () -> cache.asMap().remove(key)));
    ops.put("asMap.remove(key, value)", (run, cache, key) ->
        run.step("remove", () -> cache.asMap().remove(key, new Value("collected"))));
    ops.put("invalidate", (run, cache, key) -> run.run("invalidate", () -> cache.invalidate(key)));
    ops.put("invalidateAll(keys)", (run, cache, key) ->
        run.run("invalidateAll", () -> cache.invalidateAll(List.of(key))));
    ops.put("asMap.compute", (run, cache, key) -> run.step("compute",
        () -> cache.asMap().compute(key, (k, v) -> {
          run.note("  function saw " + k + "=" + v);
          return new Value("computed");
        })));
    ops.put("asMap.compute returning null", (run, cache, key) -> run.step("compute",
        () -> cache.asMap().compute(key, (k, v) -> {
          run.note("  function saw " + k + "=" + v);
          return null;
        })));
    ops.put("asMap.compute throwing", (run, cache, key) -> run.step("compute",
        () -> cache.asMap().compute(key, (k, v) -> {
          run.note("  function saw " + k + "=" + v);
          throw new IllegalStateException("no value");
        })));
    ops.put("asMap.computeIfPresent", (run, cache, key) -> run.step("computeIfPresent",
        () -> cache.asMap().computeIfPresent(key, (k, v) -> {
          run.note("  function saw " + k + "=" + v);
          return new Value("computed");
        })));
    ops.put("asMap.merge", (run, cache, key) -> run.step("merge",
        () -> cache.asMap().merge(key, new Value("merged"), (a, b) -> {
          run.note("  function saw " + a + ", " + b);
          return new Value(a + "+" + b);
        })));
    ops.put("policy.getIfPresentQuietly", (run, cache, key) ->
        run.step("getIfPresentQuietly", () -> cache.policy().getIfPresentQuietly(key)));
    ops.putAll(bulkOperations());
    return ops;
  }

  /**
   * The operations that name no key, which also meet an entry whose key was collected: iteration,
   * the map's identity methods, bulk writes.
   */
  static Map<String, Operation> bulkOperations() {
    Map<String, Operation> ops = new java.util.LinkedHashMap<>();
    ops.put("cleanUp", (run, cache, key) -> run.run("cleanUp first", cache::cleanUp));
    ops.put("invalidateAll", (run, cache, key) -> run.run("invalidateAll", cache::invalidateAll));
    ops.put("asMap.clear", (run, cache, key) -> run.run("clear", () -> cache.asMap().clear()));
    ops.put("asMap.replaceAll", (run, cache, key) -> run.run("replaceAll",
        () -> cache.asMap().replaceAll((k, v) -> new Value(v + "'"))));
    ops.put("asMap.forEach", (run, cache, key) -> run.step("forEach", () -> {
      List<String> seen = new ArrayList<>();
      cache.asMap().forEach((k, v) -> seen.add(k + "=" + v));
      return Run.sorted(seen);
    }));
    ops.put("keySet iteration", (run, cache, key) ->
        run.step("keys", () -> Run.sorted(new ArrayList<>(cache.asMap().keySet()).stream()
            .map(String::valueOf).toList())));
    ops.put("values iteration", (run, cache, key) ->
        run.step("values", () -> Run.sorted(new ArrayList<>(cache.asMap().values()).stream()
            .map(String::valueOf).toList())));
    ops.put("entrySet iteration", (run, cache, key) ->
        run.step("entries", () -> Run.sorted(new ArrayList<>(cache.asMap().entrySet()).stream()
            .map(String::valueOf).toList())));
    ops.put("entrySet.removeIf", (run, cache, key) -> run.step("removeIf",
        () -> cache.asMap().entrySet().removeIf(e -> e.getValue().equals(new Value("h")))));
    ops.put("asMap.equals", (run, cache, key) ->
        run.step("equals", () -> cache.asMap().equals(Map.of())));
    ops.put("asMap.hashCode", (run, cache, key) ->
        run.step("hashCode is 0", () -> cache.asMap().hashCode() == 0));
    ops.put("asMap.toString", (run, cache, key) ->
        run.step("toString is empty", () -> cache.asMap().toString().equals("{}")));
    ops.put("asMap.size", (run, cache, key) -> run.step("size", () -> cache.asMap().size()));
    return ops;
  }

  /** A configuration whose keys are held weakly. */
  enum KeyConfiguration {
    WEAK_KEYS(TestBuilder::weakKeys),
    WEAK_KEYS_AND_WEAK_VALUES(b -> b.weakKeys().weakValues()),
    WEAK_KEYS_MAXIMUM_WEIGHT(b -> b.weakKeys().maximumWeight(1_000).weigher((k, v) -> 3)),
    WEAK_KEYS_EXPIRE_AFTER_ACCESS(b -> b.weakKeys().ticker(() -> 0L)
        .expireAfterAccess(1, TimeUnit.HOURS));

    final UnaryOperator<TestBuilder> configure;

    KeyConfiguration(UnaryOperator<TestBuilder> configure) {
      this.configure = configure;
    }
  }

  /** Runs every configuration with every operation; prints both transcripts of each. */
  public static void main(String[] args) {
    for (Configuration configuration : Configuration.values()) {
      for (Map.Entry<String, Operation> operation : operations().entrySet()) {
        print(configuration + " " + operation.getKey(), Run.transcripts(run ->
            scenario(run, configuration.configure, operation.getValue(), false)));
      }
    }
    for (KeyConfiguration configuration : KeyConfiguration.values()) {
      for (Map.Entry<String, Operation> operation : bulkOperations().entrySet()) {
        print("key collected " + configuration + " " + operation.getKey(),
            Run.transcripts(run ->
                scenario(run, configuration.configure, operation.getValue(), true)));
      }
    }
    System.out.println("done");
  }

  private static void print(String scenario, List<List<String>> both) {
    System.out.println("scenario " + scenario);
    both.get(0).forEach(line -> System.out.println("larder|" + line));
    both.get(1).forEach(line -> System.out.println("caffeine|" + line));
  }

  /**
   * Fills a cache with two held entries and one whose value (or, if {@code keyCollected}, key)
   * nothing else holds, has that part collected, applies the operation and cleans up.
   */
  private static void scenario(Run run, UnaryOperator<TestBuilder> configure,
      Operation operation, boolean keyCollected) {
    LoadingCache<Key, Value> cache = configure.apply(run.builder())
        .recordStats()
        .evictionListener((k, v, cause) -> run.note("  eviction " + k + "=" + v + " " + cause))
        .build(TestLoader.loading(k -> new Value("loaded")));
    Key held = new Key("held");
    Key other = new Key("other");
    Key collected = new Key("collected");
    Value collectedValue = new Value("c");
    List<Object> values = new ArrayList<>(List.of(new Value("h"), new Value("o")));
    cache.put(held, (Value) values.get(0));
    cache.put(other, (Value) values.get(1));
    WeakReference<?> probe = keyCollected
        ? putUnheldKey(cache, collectedValue)
        : putUnheldValue(cache, collected);
    run.step(keyCollected ? "key collected" : "value collected", () -> awaitCollection(probe));

    operation.apply(run, cache, collected);

    run.step("size", cache::estimatedSize);
    run.run("cleanUp", cache::cleanUp);
    run.step("size after cleanUp", cache::estimatedSize);
    run.step("contents", () -> contents(cache.asMap()));
    run.stats("end", cache);
    Reference.reachabilityFence(values);
    Reference.reachabilityFence(held);
    Reference.reachabilityFence(other);
    Reference.reachabilityFence(collected);
    Reference.reachabilityFence(collectedValue);
  }

  /** Maps the key to a value that nothing else holds; returns a probe of that value. */
  private static WeakReference<Value> putUnheldValue(LoadingCache<Key, Value> cache, Key key) {
    Value value = new Value("collected");
    cache.put(key, value);
    return new WeakReference<>(value);
  }

  /** Maps a key that nothing else holds to the value; returns a probe of that key. */
  private static WeakReference<Key> putUnheldKey(LoadingCache<Key, Value> cache, Value value) {
    Key key = new Key("collected");
    cache.put(key, value);
    return new WeakReference<>(key);
  }

  private static String contents(ConcurrentMap<Key, Value> map) {
    return map.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .sorted()
        .collect(Collectors.joining(", ", "{", "}"));
  }

  /**
   * Runs the collector until the probe's referent is gone or the deadline passes, then waits until
   * the JDK's reference handler has enqueued every reference the collector cleared, the cache's
   * included: until then the cache's maintenance may or may not find the cleared reference in its
   * queue, and the two libraries' transcripts would differ by chance. With {@code
   * SoftRefLRUPolicyMSPerMB=0} a full collection clears a soft reference not read since the
   * previous one.
   */
  private static boolean awaitCollection(WeakReference<?> probe) throws Exception {
    long start = System.nanoTime();
    while ((System.nanoTime() - start) < DEADLINE_NANOS) {
      System.gc();
      if (probe.get() == null) {
        awaitReferenceProcessing();
        return true;
      }
      Thread.onSpinWait();
    }
    return probe.get() == null;
  }

  /**
   * Waits until the reference handler has enqueued the references that the last collection cleared
   * ({@code Reference.waitForReferenceProcessing}, which {@code java.nio} uses for the same
   * purpose; the fork opens {@code java.lang.ref} for it). It returns {@code false} once nothing is
   * pending or being processed.
   */
  private static void awaitReferenceProcessing() throws Exception {
    Method wait = Reference.class.getDeclaredMethod("waitForReferenceProcessing");
    wait.setAccessible(true);
    while ((Boolean) wait.invoke(null)) {
      // processed one batch; look again
    }
  }
}
