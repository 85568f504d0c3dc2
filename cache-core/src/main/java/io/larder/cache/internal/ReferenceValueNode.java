package io.larder.cache.internal;

/**
 * A node of a cache that holds its values weakly or softly and neither evicts nor expires: the
 * value field alone (16 bytes with compressed oops, as Caffeine's {@code PW}, {@code PD} and {@code
 * FW}). The key, or its {@link WeakKeyReference}, lives in the value's {@link ValueReference},
 * which names it anyway so that the maintenance can find a collected value's entry; see {@link
 * Node} for how the key slot is read and retired.
 */
final class ReferenceValueNode<K, V> extends Node<K, V> {
  /** Creates a node whose value field holds {@code valueReference} (which holds the key). */
  ReferenceValueNode(ValueReference<?> valueReference) {
    super(valueReference);
  }
}
