package io.larder.cache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * The node variants of caches with expiration or refresh: each adds to {@link Node}, {@link
 * SizedNode} or a weighted node the time slots and time-order links that its configurations need
 * (see {@link ExpirationPolicy} for what each slot holds, and {@link NodeFactory} for the choice).
 *
 * <pre>
 *   plain base (no size bound, no access expiration)          bytes  Caffeine
 *     TimeNode                  1 time                          32   PSR 32
 *     TimeLinkedNode            1 time + links                  40   PSW 40, PSWR 40
 *     TwoTimesLinkedNode        2 times + links                 48   PSAR 48 (variable + refresh)
 *   sized base (access-order links and queue type)
 *     SizedTimeNode             1 time                          40   PSA 40, PSAMS 40, PSRMS 40
 *     SizedTwoTimesNode         2 times                         48   PSAR 48, PSARMS 48
 *     SizedTimeLinkedNode       1 time + links                  48   PSWMS 48, PSWRMS 48
 *     SizedTwoTimesLinkedNode   2 times + links                 56   PSAW 56, PSAWMS 56, PSAWRMS 56
 *   weighted (a sized variant plus the two weights)
 *     WeightedTimeNode                                          48   PSAMW 48
 *     WeightedTwoTimesNode                                      56   PSARMW 56
 *     WeightedTimeLinkedNode                                    56   PSWMW 56
 *     WeightedTwoTimesLinkedNode                                64   PSAWMW 64
 * </pre>
 *
 * (64-bit HotSpot, compressed oops; {@code NodeLayoutTest} checks each against Caffeine's.) Time
 * slots are read and written with opaque semantics, as Caffeine's are: a racing reader may see a
 * slightly stale time, never a torn one. Links are guarded by the eviction lock.
 */
final class TimedNodes {
  private TimedNodes() {}

  private static VarHandle handle(Class<?> type, String field) {
    try {
      return MethodHandles.privateLookupIn(type, MethodHandles.lookup())
          .findVarHandle(type, field, long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** One time slot, no links: refresh alone (Caffeine's {@code PSR}). */
  static class TimeNode<K, V> extends KeyedNode<K, V> {
    private static final VarHandle TIME = handle(TimeNode.class, "time");

    @SuppressWarnings("unused") // accessed through TIME
    private long time;

    TimeNode(Object key, Object value) {
      super(key, value);
    }

    @Override
    final long getTime() {
      return (long) TIME.getOpaque(this);
    }

    @Override
    final void setTime(long time) {
      TIME.setOpaque(this, time);
    }

    @Override
    final boolean casTime(long expect, long update) {
      return ((long) TIME.getOpaque(this) == expect) && TIME.compareAndSet(this, expect, update);
    }
  }

  /**
   * One time slot and time-order links: write or variable expiration, with or without refresh
   * ({@code PSW}, {@code PSWR}).
   */
  static class TimeLinkedNode<K, V> extends TimeNode<K, V> {
    private @Nullable Node<K, V> previousInTimeOrder;
    private @Nullable Node<K, V> nextInTimeOrder;

    TimeLinkedNode(Object key, Object value) {
      super(key, value);
    }

    @Override
    final @Nullable Node<K, V> getPreviousInTimeOrder() {
      return previousInTimeOrder;
    }

    @Override
    final void setPreviousInTimeOrder(@Nullable Node<K, V> prev) {
      this.previousInTimeOrder = prev;
    }

    @Override
    final @Nullable Node<K, V> getNextInTimeOrder() {
      return nextInTimeOrder;
    }

    @Override
    final void setNextInTimeOrder(@Nullable Node<K, V> next) {
      this.nextInTimeOrder = next;
    }
  }

  /** Two time slots and time-order links: variable expiration with refresh ({@code PSAR}). */
  static final class TwoTimesLinkedNode<K, V> extends TimeLinkedNode<K, V> {
    private static final VarHandle SECONDTIME = handle(TwoTimesLinkedNode.class, "secondTime");

    @SuppressWarnings("unused") // accessed through SECONDTIME
    private long secondTime;

    TwoTimesLinkedNode(Object key, Object value) {
      super(key, value);
    }

    @Override
    final long getSecondTime() {
      return (long) SECONDTIME.getOpaque(this);
    }

    @Override
    final void setSecondTime(long time) {
      SECONDTIME.setOpaque(this, time);
    }

    @Override
    final boolean casSecondTime(long expect, long update) {
      return ((long) SECONDTIME.getOpaque(this) == expect)
          && SECONDTIME.compareAndSet(this, expect, update);
    }
  }

  /**
   * Access-order links and one time slot: access expiration or refresh, with or without a size
   * bound ({@code PSA}, {@code PSAMS}, {@code PSRMS}).
   */
  static class SizedTimeNode<K, V> extends SizedNode<K, V> {
    private static final VarHandle TIME = handle(SizedTimeNode.class, "time");

    @SuppressWarnings("unused") // accessed through TIME
    private long time;

    SizedTimeNode(Object key, Object value) {
      super(key, value);
    }

    @Override
    final long getTime() {
      return (long) TIME.getOpaque(this);
    }

    @Override
    final void setTime(long time) {
      TIME.setOpaque(this, time);
    }

    @Override
    final boolean casTime(long expect, long update) {
      return ((long) TIME.getOpaque(this) == expect) && TIME.compareAndSet(this, expect, update);
    }
  }

  /**
   * Access-order links and two time slots: access expiration with refresh ({@code PSAR}, {@code
   * PSARMS}).
   */
  static class SizedTwoTimesNode<K, V> extends SizedTimeNode<K, V> {
    private static final VarHandle SECONDTIME = handle(SizedTwoTimesNode.class, "secondTime");

    @SuppressWarnings("unused") // accessed through SECONDTIME
    private long secondTime;

    SizedTwoTimesNode(Object key, Object value) {
      super(key, value);
    }

    @Override
    final long getSecondTime() {
      return (long) SECONDTIME.getOpaque(this);
    }

    @Override
    final void setSecondTime(long time) {
      SECONDTIME.setOpaque(this, time);
    }

    @Override
    final boolean casSecondTime(long expect, long update) {
      return ((long) SECONDTIME.getOpaque(this) == expect)
          && SECONDTIME.compareAndSet(this, expect, update);
    }
  }

  /**
   * Access-order links, one time slot and time-order links: a size bound with write or variable
   * expiration ({@code PSWMS}, {@code PSWRMS}).
   */
  static class SizedTimeLinkedNode<K, V> extends SizedTimeNode<K, V> {
    private @Nullable Node<K, V> previousInTimeOrder;
    private @Nullable Node<K, V> nextInTimeOrder;

    SizedTimeLinkedNode(Object key, Object value) {
      super(key, value);
    }

    @Override
    final @Nullable Node<K, V> getPreviousInTimeOrder() {
      return previousInTimeOrder;
    }

    @Override
    final void setPreviousInTimeOrder(@Nullable Node<K, V> prev) {
      this.previousInTimeOrder = prev;
    }

    @Override
    final @Nullable Node<K, V> getNextInTimeOrder() {
      return nextInTimeOrder;
    }

    @Override
    final void setNextInTimeOrder(@Nullable Node<K, V> next) {
      this.nextInTimeOrder = next;
    }
  }

  /**
   * Access-order links, two time slots and time-order links: access and write expiration, or a size
   * bound with variable expiration and refresh ({@code PSAW}, {@code PSAWMS}, {@code PSAWRMS}).
   */
  static class SizedTwoTimesLinkedNode<K, V> extends SizedTwoTimesNode<K, V> {
    private @Nullable Node<K, V> previousInTimeOrder;
    private @Nullable Node<K, V> nextInTimeOrder;

    SizedTwoTimesLinkedNode(Object key, Object value) {
      super(key, value);
    }

    @Override
    final @Nullable Node<K, V> getPreviousInTimeOrder() {
      return previousInTimeOrder;
    }

    @Override
    final void setPreviousInTimeOrder(@Nullable Node<K, V> prev) {
      this.previousInTimeOrder = prev;
    }

    @Override
    final @Nullable Node<K, V> getNextInTimeOrder() {
      return nextInTimeOrder;
    }

    @Override
    final void setNextInTimeOrder(@Nullable Node<K, V> next) {
      this.nextInTimeOrder = next;
    }
  }

  /** A weighted {@link SizedTimeNode} ({@code PSAMW}, {@code PSRMW}). */
  static final class WeightedTimeNode<K, V> extends SizedTimeNode<K, V> {
    private int weight;
    private int policyWeight;

    WeightedTimeNode(Object key, Object value, int weight) {
      super(key, value);
      this.weight = weight;
    }

    @Override
    int getWeight() {
      return weight;
    }

    @Override
    void setWeight(int weight) {
      this.weight = weight;
    }

    @Override
    int getPolicyWeight() {
      return policyWeight;
    }

    @Override
    void setPolicyWeight(int weight) {
      this.policyWeight = weight;
    }
  }

  /** A weighted {@link SizedTwoTimesNode} ({@code PSARMW}). */
  static final class WeightedTwoTimesNode<K, V> extends SizedTwoTimesNode<K, V> {
    private int weight;
    private int policyWeight;

    WeightedTwoTimesNode(Object key, Object value, int weight) {
      super(key, value);
      this.weight = weight;
    }

    @Override
    int getWeight() {
      return weight;
    }

    @Override
    void setWeight(int weight) {
      this.weight = weight;
    }

    @Override
    int getPolicyWeight() {
      return policyWeight;
    }

    @Override
    void setPolicyWeight(int weight) {
      this.policyWeight = weight;
    }
  }

  /** A weighted {@link SizedTimeLinkedNode} ({@code PSWMW}, {@code PSWRMW}). */
  static final class WeightedTimeLinkedNode<K, V> extends SizedTimeLinkedNode<K, V> {
    private int weight;
    private int policyWeight;

    WeightedTimeLinkedNode(Object key, Object value, int weight) {
      super(key, value);
      this.weight = weight;
    }

    @Override
    int getWeight() {
      return weight;
    }

    @Override
    void setWeight(int weight) {
      this.weight = weight;
    }

    @Override
    int getPolicyWeight() {
      return policyWeight;
    }

    @Override
    void setPolicyWeight(int weight) {
      this.policyWeight = weight;
    }
  }

  /** A weighted {@link SizedTwoTimesLinkedNode} ({@code PSAWMW}, {@code PSAWRMW}). */
  static final class WeightedTwoTimesLinkedNode<K, V> extends SizedTwoTimesLinkedNode<K, V> {
    private int weight;
    private int policyWeight;

    WeightedTwoTimesLinkedNode(Object key, Object value, int weight) {
      super(key, value);
      this.weight = weight;
    }

    @Override
    int getWeight() {
      return weight;
    }

    @Override
    void setWeight(int weight) {
      this.weight = weight;
    }

    @Override
    int getPolicyWeight() {
      return policyWeight;
    }

    @Override
    void setPolicyWeight(int weight) {
      this.policyWeight = weight;
    }
  }
}
