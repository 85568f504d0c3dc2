package io.larder.benchmarks.adapter;

import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The operations the benchmarks call, over one cache or map of any library.
 *
 * <p>Each library's adapter is a thin final class, so that within one JMH fork the call site sees a
 * single receiver type and the JIT inlines through it; the adapter costs the same for every
 * contender.
 */
public interface BenchCache<K, V> {

  /** Returns the value mapped to the key, or null, recording an access as a read would. */
  @Nullable V getIfPresent(K key);

  /** Maps the key to the value, replacing any previous mapping. */
  void put(K key, V value);

  /** Returns the present value, or computes, stores and returns one (the loading idiom). */
  V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction);

  /** Recomputes the mapping of the key atomically. */
  @Nullable V compute(
      K key, BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> remappingFunction);

  /** Performs any pending maintenance; a no-op for plain maps. */
  void cleanUp();

  /** Returns the number of entries, as the library reports it. */
  long size();

  /** Returns the library's own object, for measuring its footprint with JOL. */
  Object unwrap();
}
