package io.larder.cache.internal;

/**
 * A node with the key and value fields alone (24 bytes with compressed oops), for a cache that
 * neither evicts nor expires: one whose only policy is the collection of weakly or softly held
 * keys or values. See {@link Node} for the layout.
 */
final class PlainNode<K, V> extends Node<K, V> {
  PlainNode(Object key, Object value) {
    super(key, value);
  }
}
