package io.larder.benchmarks.adapter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An access-ordered {@link LinkedHashMap} behind one lock, evicting its eldest entry past the
 * maximum size: the classic hand-written LRU cache. Meaningful single-threaded only.
 */
public final class LinkedHashMapLibrary implements CacheLibrary {

  @Override
  public String name() {
    return "LinkedHashMap";
  }

  @Override
  public <K, V> BenchCache<K, V> build(CacheSpec spec) {
    if (spec.maximumWeight() >= 0
        || spec.maximumMemory() >= 0
        || !spec.withMaximumSize(-1).isPlainMap()) {
      throw new UnsupportedConfigurationException(
          "an LRU LinkedHashMap supports a maximum size only");
    }
    return new Adapter<>(spec.maximumSize() < 0 ? Long.MAX_VALUE : spec.maximumSize());
  }

  private static final class Adapter<K, V> implements BenchCache<K, V> {
    private final Map<K, V> map;

    Adapter(long maximumSize) {
      this.map =
          new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
              return size() > maximumSize;
            }
          };
    }

    @Override
    public synchronized @Nullable V getIfPresent(K key) {
      return map.get(key);
    }

    @Override
    public synchronized void put(K key, V value) {
      map.put(key, value);
    }

    @Override
    public synchronized V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
      return map.computeIfAbsent(key, mappingFunction);
    }

    @Override
    public synchronized @Nullable V compute(
        K key, BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> remapping) {
      return map.compute(key, remapping);
    }

    @Override
    public void cleanUp() {}

    @Override
    public synchronized long size() {
      return map.size();
    }

    @Override
    public Object unwrap() {
      return map;
    }
  }
}
