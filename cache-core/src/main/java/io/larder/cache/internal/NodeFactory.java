package io.larder.cache.internal;

import io.larder.cache.internal.TimedNodes.SizedTimeLinkedNode;
import io.larder.cache.internal.TimedNodes.SizedTimeNode;
import io.larder.cache.internal.TimedNodes.SizedTwoTimesLinkedNode;
import io.larder.cache.internal.TimedNodes.SizedTwoTimesNode;
import io.larder.cache.internal.TimedNodes.TimeLinkedNode;
import io.larder.cache.internal.TimedNodes.TimeNode;
import io.larder.cache.internal.TimedNodes.TwoTimesLinkedNode;
import io.larder.cache.internal.TimedNodes.WeightedTimeLinkedNode;
import io.larder.cache.internal.TimedNodes.WeightedTimeNode;
import io.larder.cache.internal.TimedNodes.WeightedTwoTimesLinkedNode;
import io.larder.cache.internal.TimedNodes.WeightedTwoTimesNode;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the node class a cache's configuration needs, once, at construction (see {@link Node} and
 * {@link TimedNodes} for the hierarchy): the base (plain, sized or weighted), the number of time
 * slots and whether the node has time-order links. Reference strength needs no variant: the key and
 * value fields hold the references (see {@link Node}), except that a cache with weak or soft values
 * and neither bound nor expiry drops the key field ({@link ReferenceValueNode}).
 */
enum NodeFactory {
  /**
   * Entries of a cache that neither evicts nor expires and holds its values strongly, only collects
   * weakly held keys: the key and value fields alone.
   */
  PLAIN(PlainNode.class, (k, v) -> new PlainNode<>(k, v), null),

  /**
   * Entries of a cache that neither evicts nor expires and holds its values weakly or softly: the
   * value field alone, whose reference holds the key (the stored key passed in is the one that
   * reference was created with).
   */
  REFERENCE_VALUE(
      ReferenceValueNode.class, (k, v) -> new ReferenceValueNode<>((ValueReference<?>) v), null),

  /** Entries of a cache bounded by count: every entry weighs {@code 1}. */
  SIZED(SizedNode.class, (k, v) -> new SizedNode<>(k, v), null),

  /** Entries of a cache bounded by weight: each node remembers its weight. */
  WEIGHTED(WeightedNode.class, null, WeightedNode::new),

  TIME(TimeNode.class, (k, v) -> new TimeNode<>(k, v), null),
  TIME_LINKED(TimeLinkedNode.class, (k, v) -> new TimeLinkedNode<>(k, v), null),
  TWO_TIMES_LINKED(TwoTimesLinkedNode.class, (k, v) -> new TwoTimesLinkedNode<>(k, v), null),
  SIZED_TIME(SizedTimeNode.class, (k, v) -> new SizedTimeNode<>(k, v), null),
  SIZED_TWO_TIMES(SizedTwoTimesNode.class, (k, v) -> new SizedTwoTimesNode<>(k, v), null),
  SIZED_TIME_LINKED(SizedTimeLinkedNode.class, (k, v) -> new SizedTimeLinkedNode<>(k, v), null),
  SIZED_TWO_TIMES_LINKED(
      SizedTwoTimesLinkedNode.class, (k, v) -> new SizedTwoTimesLinkedNode<>(k, v), null),
  WEIGHTED_TIME(WeightedTimeNode.class, null, WeightedTimeNode::new),
  WEIGHTED_TWO_TIMES(WeightedTwoTimesNode.class, null, WeightedTwoTimesNode::new),
  WEIGHTED_TIME_LINKED(WeightedTimeLinkedNode.class, null, WeightedTimeLinkedNode::new),
  WEIGHTED_TWO_TIMES_LINKED(
      WeightedTwoTimesLinkedNode.class, null, WeightedTwoTimesLinkedNode::new);

  /** The class of the nodes. */
  @SuppressWarnings("rawtypes") // a class literal of a generic type
  private final Class<? extends Node> type;

  /** Creates a node of a variant without a weight of its own. */
  private final @Nullable BiFunction<Object, Object, Node<?, ?>> unweighted;

  /** Creates a node of a weighted variant. */
  private final @Nullable WeightedConstructor weighted;

  NodeFactory(
      @SuppressWarnings("rawtypes") Class<? extends Node> type,
      @Nullable BiFunction<Object, Object, Node<?, ?>> unweighted,
      @Nullable WeightedConstructor weighted) {
    this.type = type;
    this.unweighted = unweighted;
    this.weighted = weighted;
  }

  /** The constructor of a weighted variant. */
  @FunctionalInterface
  private interface WeightedConstructor {
    Node<?, ?> create(Object key, Object value, int weight);
  }

  /** Returns a new, alive node; its policy weight is applied later by the add task. */
  @SuppressWarnings({"unchecked", "NullAway"}) // each constant sets exactly one constructor
  <K, V> Node<K, V> newNode(K key, V value, int weight) {
    return (Node<K, V>)
        ((unweighted == null) ? weighted.create(key, value, weight) : unweighted.apply(key, value));
  }

  /**
   * Returns the factory for the configuration.
   *
   * <p>An asynchronous cache bounded by size or weight always uses weighted nodes, even when
   * bounded by count: its weigher gives an in-flight future a weight of zero, so that a load in
   * progress is never evicted, and the completed value its real weight (as in Caffeine).
   */
  static NodeFactory forSettings(CacheSettings<?, ?> settings, boolean isAsync) {
    long unset = CacheSettings.UNSET;
    boolean access = settings.expireAfterAccessNanos() != unset;
    boolean write = settings.expireAfterWriteNanos() != unset;
    boolean variable = settings.expiry() != null;
    boolean refresh = settings.refreshAfterWriteNanos() != unset;
    boolean weighted = settings.weighted() || (isAsync && settings.evicts());
    if (!access && !write && !variable && !refresh) {
      if (weighted) {
        return WEIGHTED;
      }
      if (settings.evicts()) {
        return SIZED;
      }
      return (settings.valueStrength() == CacheSettings.Strength.STRONG) ? PLAIN : REFERENCE_VALUE;
    }
    // One slot for the access or variable time, one for the write time (write expiration or
    // refresh); links for the write-order deque or the timer wheel.
    int slots = ((access || variable) ? 1 : 0) + ((write || refresh) ? 1 : 0);
    boolean links = write || variable;
    if (weighted) {
      if (slots == 1) {
        return links ? WEIGHTED_TIME_LINKED : WEIGHTED_TIME;
      }
      return links ? WEIGHTED_TWO_TIMES_LINKED : WEIGHTED_TWO_TIMES;
    } else if (settings.evicts() || access) {
      if (slots == 1) {
        return links ? SIZED_TIME_LINKED : SIZED_TIME;
      }
      return links ? SIZED_TWO_TIMES_LINKED : SIZED_TWO_TIMES;
    } else if (slots == 1) {
      return links ? TIME_LINKED : TIME;
    }
    return TWO_TIMES_LINKED; // variable expiration with refresh
  }

  /** Returns the class of the nodes (for the estimate of the cache's own cost per entry). */
  Class<?> nodeType() {
    return type;
  }

  /** Returns whether the nodes are linked in the eviction policy's access-order deques. */
  boolean hasAccessOrder() {
    return (this != PLAIN)
        && (this != REFERENCE_VALUE)
        && (this != TIME)
        && (this != TIME_LINKED)
        && (this != TWO_TIMES_LINKED);
  }
}
