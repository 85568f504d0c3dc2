package io.larder.benchmarks.memory;

import io.larder.benchmarks.adapter.BenchCache;
import io.larder.benchmarks.adapter.CacheLibrary;
import io.larder.benchmarks.adapter.CacheSpec;
import io.larder.benchmarks.adapter.UnsupportedConfigurationException;
import java.io.PrintStream;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Measures each cache's own memory per entry with JOL.
 *
 * <p>The cache is filled with {@code n} {@code Integer} to {@code Integer} entries (keys and values
 * are distinct objects outside the JDK's small-integer cache) and cleaned up; JOL then walks the
 * object graph from the cache. The bytes of all {@code Integer}s in that graph, the keys' and the
 * values' own, are subtracted, and the rest is divided by {@code n}. Caffeine and Larder run
 * maintenance on the calling thread ({@code executor(Runnable::run)}), so that the graph does not
 * wander into the common fork-join pool; the executor does not change the per-entry layout.
 */
public final class MemoryFootprint {
  private static final Duration LIFETIME = Duration.ofHours(1);

  /** The memory bound per entry of the maximumMemory configuration: far more than an entry uses. */
  private static final long BYTES_PER_ENTRY_BOUND = 1024;

  private final int entries;

  /** Creates a measurement of caches holding {@code entries} entries. */
  public MemoryFootprint(int entries) {
    this.entries = entries;
  }

  /**
   * A named cache configuration.
   *
   * @param name the name shown in tables and charts
   * @param spec the configuration
   */
  public record Configuration(String name, CacheSpec spec) {}

  /**
   * Returns the configurations measured. Bounds are a quarter above {@code entries}, so that no
   * entry is evicted even where the bound is enforced per segment (Guava); for Caffeine and Larder
   * this does not change the frequency sketch, which is sized to a power of two.
   */
  public static List<Configuration> configurations(int entries) {
    CacheSpec none = CacheSpec.unbounded();
    long bound = entries + entries / 4L;
    List<Configuration> list = new ArrayList<>();
    list.add(new Configuration("unbounded", none));
    list.add(new Configuration("maximumSize", none.withMaximumSize(bound)));
    list.add(new Configuration("maximumWeight", none.withMaximumWeight(bound)));
    list.add(new Configuration("expireAfterAccess", none.withExpireAfterAccess(LIFETIME)));
    list.add(new Configuration("expireAfterWrite", none.withExpireAfterWrite(LIFETIME)));
    list.add(new Configuration("expireAfter(Expiry)", none.withVariableExpiry(LIFETIME)));
    list.add(new Configuration("refreshAfterWrite", none.withRefreshAfterWrite(LIFETIME)));
    list.add(new Configuration("weakKeys", none.withWeakKeys()));
    list.add(new Configuration("weakValues", none.withWeakValues()));
    list.add(new Configuration("softValues", none.withSoftValues()));
    list.add(
        new Configuration(
            "maximumSize + expireAfterWrite",
            none.withMaximumSize(bound).withExpireAfterWrite(LIFETIME)));
    list.add(
        new Configuration(
            "maximumSize + expireAfterAccess + recordStats",
            none.withMaximumSize(bound).withExpireAfterAccess(LIFETIME).withRecordStats()));
    list.add(new Configuration("weakKeys + weakValues", none.withWeakKeys().withWeakValues()));
    list.add(
        new Configuration(
            "maximumMemory (Larder)", none.withMaximumMemory(bound * BYTES_PER_ENTRY_BOUND)));
    return list;
  }

  /** Measures every library in every configuration, printing one line per measurement. */
  public List<MemoryResult> run(
      List<CacheLibrary> libraries, List<Configuration> configurations, PrintStream progress) {
    List<MemoryResult> results = new ArrayList<>();
    for (Configuration configuration : configurations) {
      for (CacheLibrary library : libraries) {
        MemoryResult result = measure(library, configuration);
        results.add(result);
        progress.println(
            String.format(
                Locale.ROOT,
                "  %-46s %-18s %s",
                configuration.name(),
                library.name(),
                result.bytesPerEntry() == null
                    ? "n/a: " + result.reason()
                    : String.format(Locale.ROOT, "%.1f bytes/entry", result.bytesPerEntry())));
      }
    }
    return results;
  }

  /** Measures one library in one configuration. */
  public MemoryResult measure(CacheLibrary library, Configuration configuration) {
    Integer[] keys = new Integer[entries];
    Integer[] values = new Integer[entries];
    for (int i = 0; i < entries; i++) {
      keys[i] = 1_000_000 + i;
      values[i] = -1_000_000 - i;
    }
    BenchCache<Integer, Integer> cache;
    long emptyBytes;
    try {
      cache = library.build(configuration.spec().withSameThreadExecutor());
      cache.cleanUp();
      emptyBytes = GraphLayout.parseInstance(cache.unwrap()).totalSize();
      for (int i = 0; i < entries; i++) {
        cache.put(keys[i], values[i]);
      }
      cache.cleanUp();
    } catch (UnsupportedConfigurationException e) {
      return MemoryResult.notApplicable(
          library.name(), configuration.name(), entries, e.getMessage());
    } catch (UnsupportedOperationException e) {
      return MemoryResult.notApplicable(
          library.name(),
          configuration.name(),
          entries,
          library.name() + " does not support it yet: " + e);
    }
    if (cache.size() != entries) {
      return MemoryResult.notApplicable(
          library.name(),
          configuration.name(),
          entries,
          "held " + cache.size() + " of " + entries + " entries after cleanUp()");
    }
    GraphLayout layout = GraphLayout.parseInstance(cache.unwrap());
    long keysAndValues = layout.getClassSizes().count(Integer.class);
    double perEntry = (double) (layout.totalSize() - keysAndValues) / entries;
    // The keys and values stay strongly reachable until measured, so that weak and soft
    // references are not cleared by a collection in the middle of the walk.
    Reference.reachabilityFence(keys);
    Reference.reachabilityFence(values);
    return MemoryResult.measured(
        library.name(), configuration.name(), entries, perEntry, emptyBytes);
  }
}
