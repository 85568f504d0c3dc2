package io.larder.cache.internal;

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

  /** Returns the factory for the configuration. */
  static NodeFactory forSettings(CacheSettings<?, ?> settings) {
    if (settings.expires()) {
      throw new UnsupportedOperationException(unsupportedExpiration(settings));
    } else if (settings.refreshAfterWriteNanos() != CacheSettings.UNSET) {
      throw new UnsupportedOperationException("refreshAfterWrite is not supported yet");
    } else if (settings.weakKeys()) {
      throw new UnsupportedOperationException("weakKeys is not supported yet");
    } else if (settings.valueStrength() == CacheSettings.Strength.WEAK) {
      throw new UnsupportedOperationException("weakValues is not supported yet");
    } else if (settings.valueStrength() == CacheSettings.Strength.SOFT) {
      throw new UnsupportedOperationException("softValues is not supported yet");
    } else if (settings.maximumMemoryBytes() != CacheSettings.UNSET) {
      throw new UnsupportedOperationException("maximumMemory is not supported yet");
    }
    return settings.weighted() ? WEIGHTED : SIZED;
  }

  private static String unsupportedExpiration(CacheSettings<?, ?> settings) {
    if (settings.expireAfterWriteNanos() != CacheSettings.UNSET) {
      return "expireAfterWrite is not supported yet";
    } else if (settings.expireAfterAccessNanos() != CacheSettings.UNSET) {
      return "expireAfterAccess is not supported yet";
    }
    return "expireAfter(Expiry) is not supported yet";
  }
}
