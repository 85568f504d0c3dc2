package io.larder.cache.internal;

import org.jspecify.annotations.Nullable;

/**
 * An entry that a {@link TimerWheel} can schedule: its expiration time and its links in a bucket's
 * circular list. Only the maintenance thread (holding the eviction lock) touches the links.
 *
 * @param <N> the node type itself
 */
interface TimerNode<N extends TimerNode<N>> {

  /** Returns the ticker time at which the entry expires. */
  long getVariableTime();

  /** Sets the ticker time at which the entry expires. */
  void setVariableTime(long time);

  /** Returns the previous node in the bucket, or {@code null} when not scheduled. */
  @Nullable N getPreviousInVariableOrder();

  /** Sets the previous node in the bucket. */
  void setPreviousInVariableOrder(@Nullable N prev);

  /** Returns the next node in the bucket, or {@code null} when not scheduled. */
  @Nullable N getNextInVariableOrder();

  /** Sets the next node in the bucket. */
  void setNextInVariableOrder(@Nullable N next);
}
