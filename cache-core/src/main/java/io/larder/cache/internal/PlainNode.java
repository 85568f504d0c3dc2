package io.larder.cache.internal;

/**
 * A node with the key and value fields alone (24 bytes with compressed oops, as Caffeine's {@code
 * FS}), for a cache that neither evicts nor expires and holds its values strongly: one whose only
 * policy is the collection of weakly held keys. (Weak or soft values without a bound or expiry use
 * {@link ReferenceValueNode}.) See {@link Node} for the layout.
 */
final class PlainNode<K, V> extends KeyedNode<K, V> {
  PlainNode(Object key, Object value) {
    super(key, value);
  }
}
