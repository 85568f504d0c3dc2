package io.larder.cache.testing;

import io.larder.cache.CacheLoader;
import org.jspecify.annotations.Nullable;

/**
 * A scenario's rule for loading and reloading: {@code oldValue} is {@code null} for a load and the
 * current value for a reload. It may return {@code null} or throw, as a loader may.
 */
@FunctionalInterface
public interface LoadFunction<K, V> {
  @Nullable V load(K key, @Nullable V oldValue) throws Exception;

  /** Returns a loader whose {@code load} and {@code reload} (and nothing else) follow this rule. */
  default CacheLoader<K, V> toCacheLoader() {
    LoadFunction<K, V> rule = this;
    return new CacheLoader<>() {
      @Override
      public @Nullable V load(K key) throws Exception {
        return rule.load(key, null);
      }

      @Override
      public @Nullable V reload(K key, V oldValue) throws Exception {
        return rule.load(key, oldValue);
      }
    };
  }
}
