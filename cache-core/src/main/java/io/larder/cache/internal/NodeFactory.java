package io.larder.cache.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the node class a cache's configuration needs, once, at construction (see {@link Node}
 * for the hierarchy). Expiration and reference strength will add constants here.
 */
enum NodeFactory {
  /** Entries of a cache bounded by count: every entry weighs {@code 1}. */
  SIZED {
    @Override
    <K, V> Node<K, V> newNode(K key, V value, int weight) {
      return new SizedNode<>(key, value);
    }
  },

  /** Entries of a cache bounded by weight: each node remembers its weight. */
  WEIGHTED {
    @Override
    <K, V> Node<K, V> newNode(K key, V value, int weight) {
      return new WeightedNode<>(key, value, weight);
    }
  };

  /** Returns a new, alive node; its policy weight is applied later by the add task. */
  abstract <K, V> Node<K, V> newNode(K key, V value, int weight);

  /**
   * Returns the factory for the configuration; a setting the bounded cache does not support yet
   * (expiration, refresh, weak or soft references, a memory bound) is an {@link
   * UnsupportedOperationException} naming it as {@code setting=value}, as the unbounded side does.
   *
   * <p>An asynchronous cache always uses weighted nodes, even when bounded by count: its weigher
   * gives an in-flight future a weight of zero, so that a load in progress is never evicted, and
   * the completed value its real weight (as in Caffeine).
   */
  static NodeFactory forSettings(CacheSettings<?, ?> settings, boolean isAsync) {
    String unsupported = unsupportedFeature(settings);
    if (unsupported != null) {
      throw new UnsupportedOperationException(unsupported + " is not supported yet");
    }
    return (settings.weighted() || isAsync) ? WEIGHTED : SIZED;
  }

  private static @Nullable String unsupportedFeature(CacheSettings<?, ?> settings) {
    long unset = CacheSettings.UNSET;
    if (settings.expireAfterWriteNanos() != unset) {
      return "expireAfterWrite=" + Duration.ofNanos(settings.expireAfterWriteNanos());
    } else if (settings.expireAfterAccessNanos() != unset) {
      return "expireAfterAccess=" + Duration.ofNanos(settings.expireAfterAccessNanos());
    } else if (settings.expiry() != null) {
      return "expireAfter=" + settings.expiry();
    } else if (settings.refreshAfterWriteNanos() != unset) {
      return "refreshAfterWrite=" + Duration.ofNanos(settings.refreshAfterWriteNanos());
    } else if (settings.weakKeys()) {
      return "weakKeys=true";
    } else if (settings.valueStrength() == CacheSettings.Strength.WEAK) {
      return "weakValues=true";
    } else if (settings.valueStrength() == CacheSettings.Strength.SOFT) {
      return "softValues=true";
    } else if (settings.maximumMemoryBytes() != unset) {
      return "maximumMemory=" + settings.maximumMemoryBytes() + " bytes";
    }
    return null;
  }
}
