package io.larder.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimerWheelTest {

  static final class Timer implements TimerNode<Timer> {
    final String name;
    long time;
    @Nullable Timer prev;
    @Nullable Timer next;

    Timer(String name, long time) {
      this.name = name;
      this.time = time;
    }

    @Override
    public long getVariableTime() {
      return time;
    }

    @Override
    public void setVariableTime(long time) {
      this.time = time;
    }

    @Override
    public @Nullable Timer getPreviousInVariableOrder() {
      return prev;
    }

    @Override
    public void setPreviousInVariableOrder(@Nullable Timer prev) {
      this.prev = prev;
    }

    @Override
    public @Nullable Timer getNextInVariableOrder() {
      return next;
    }

    @Override
    public void setNextInVariableOrder(@Nullable Timer next) {
      this.next = next;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static TimerWheel<Timer> wheel(long now) {
    return new TimerWheel<>(() -> new Timer("sentinel", 0), now);
  }

  /** Origins: zero, two days before zero (crossing it), and thirty days before overflow. */
  @ParameterizedTest
  @ValueSource(longs = {0L, -172_800_000_000_000L, Long.MAX_VALUE - 2_592_000_000_000_000L})
  void expiresEachTimerOnceAndNotBeforeItsTime(long origin) {
    TimerWheel<Timer> wheel = wheel(origin);
    Random random = new Random(42);
    List<Timer> timers = new ArrayList<>();
    long[] horizons = {
      TimeUnit.MILLISECONDS.toNanos(900), TimeUnit.SECONDS.toNanos(70),
      TimeUnit.MINUTES.toNanos(90), TimeUnit.HOURS.toNanos(30), TimeUnit.DAYS.toNanos(10)
    };
    for (int i = 0; i < 2_000; i++) {
      long horizon = horizons[i % horizons.length];
      Timer timer = new Timer("t" + i, origin + 1 + (long) (random.nextDouble() * horizon));
      timers.add(timer);
      wheel.schedule(timer);
    }
    Set<Timer> expired = new HashSet<>();
    long now = origin;
    long step = TimeUnit.SECONDS.toNanos(13);
    while (expired.size() < timers.size()) {
      now += step;
      step = Math.min(step * 2, TimeUnit.HOURS.toNanos(3));
      long at = now;
      wheel.advance(now, (timer, time) -> {
        assertThat(timer.time - at).as("expired early: %s", timer).isLessThanOrEqualTo(0);
        assertThat(expired.add(timer)).as("expired twice: %s", timer).isTrue();
        return true;
      });
      assertThat(now - origin).as("all timers expire within the horizon")
          .isLessThan(TimeUnit.DAYS.toNanos(20));
    }
    assertThat(wheel.getExpirationDelay()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void descheduledTimerNeverExpires() {
    TimerWheel<Timer> wheel = wheel(0);
    Timer kept = new Timer("kept", TimeUnit.SECONDS.toNanos(5));
    Timer cancelled = new Timer("cancelled", TimeUnit.SECONDS.toNanos(5));
    wheel.schedule(kept);
    wheel.schedule(cancelled);
    wheel.deschedule(cancelled);
    List<Timer> expired = new ArrayList<>();
    wheel.advance(TimeUnit.SECONDS.toNanos(10), (timer, now) -> expired.add(timer));
    assertThat(expired).containsExactly(kept);
    assertThat(TimerWheel.isScheduled(cancelled)).isFalse();
  }

  @Test
  void rescheduleMovesTimerToItsNewTime() {
    TimerWheel<Timer> wheel = wheel(0);
    Timer timer = new Timer("t", TimeUnit.SECONDS.toNanos(5));
    wheel.schedule(timer);
    timer.time = TimeUnit.MINUTES.toNanos(5);
    wheel.reschedule(timer);
    List<Timer> expired = new ArrayList<>();
    wheel.advance(TimeUnit.MINUTES.toNanos(1), (t, now) -> expired.add(t));
    assertThat(expired).isEmpty();
    wheel.advance(TimeUnit.MINUTES.toNanos(6), (t, now) -> expired.add(t));
    assertThat(expired).containsExactly(timer);
  }

  @Test
  void timerNotRemovedByExpirerIsScheduledAgain() {
    TimerWheel<Timer> wheel = wheel(0);
    Timer timer = new Timer("t", TimeUnit.SECONDS.toNanos(2));
    wheel.schedule(timer);
    wheel.advance(TimeUnit.SECONDS.toNanos(3), (t, now) -> false);
    assertThat(TimerWheel.isScheduled(timer)).isTrue();
  }

  @Test
  void failingExpirerLosesNoTimer() {
    TimerWheel<Timer> wheel = wheel(0);
    List<Timer> timers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Timer timer = new Timer("t" + i, TimeUnit.MILLISECONDS.toNanos(100 + i));
      timers.add(timer);
      wheel.schedule(timer);
    }
    assertThatThrownBy(() -> wheel.advance(TimeUnit.SECONDS.toNanos(2), (t, now) -> {
      throw new IllegalStateException("boom");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(timers).allMatch(TimerWheel::isScheduled);
    assertThat(wheel.currentTime()).isZero();
    List<Timer> expired = new ArrayList<>();
    wheel.advance(TimeUnit.SECONDS.toNanos(2), (t, now) -> expired.add(t));
    assertThat(expired).containsExactlyInAnyOrderElementsOf(timers);
  }

  @Test
  void expirationDelayPointsAtTheNextOccupiedBucket() {
    TimerWheel<Timer> wheel = wheel(0);
    assertThat(wheel.getExpirationDelay()).isEqualTo(Long.MAX_VALUE);
    Timer timer = new Timer("t", TimeUnit.SECONDS.toNanos(30));
    wheel.schedule(timer);
    long delay = wheel.getExpirationDelay();
    assertThat(delay).isPositive().isLessThanOrEqualTo(TimeUnit.SECONDS.toNanos(31));
    List<Timer> expired = new ArrayList<>();
    long now = 0;
    while (expired.isEmpty()) {
      now += wheel.getExpirationDelay();
      wheel.advance(now, (t, at) -> expired.add(t));
      assertThat(now).isLessThan(TimeUnit.SECONDS.toNanos(40));
    }
    assertThat(now).isGreaterThanOrEqualTo(timer.time);
  }

  @Test
  void expirationOrderIsByExpirationTime() {
    TimerWheel<Timer> wheel = wheel(0);
    Timer soon = new Timer("soon", TimeUnit.SECONDS.toNanos(1));
    Timer later = new Timer("later", TimeUnit.HOURS.toNanos(1));
    Timer latest = new Timer("latest", TimeUnit.DAYS.toNanos(9));
    wheel.schedule(later);
    wheel.schedule(latest);
    wheel.schedule(soon);
    assertThat(first(wheel.expirationOrder(true), 10)).containsExactly(soon, later, latest);
    assertThat(first(wheel.expirationOrder(false), 2)).containsExactly(latest, later);
  }

  /**
   * The lazy merge gives the order a full sort gives, at every prefix, in both directions: timers
   * over every wheel, overdue ones left in place (the expirer refuses some), and clocks crossing
   * zero and near overflow.
   */
  @ParameterizedTest
  @ValueSource(longs = {0L, -172_800_000_000_000L, Long.MAX_VALUE - 2_592_000_000_000_000L})
  void expirationOrderMatchesAFullSortOfTheScheduledTimers(long origin) {
    TimerWheel<Timer> wheel = wheel(origin);
    Random random = new Random(7);
    List<Timer> scheduled = new ArrayList<>();
    long[] horizons = {
      TimeUnit.MILLISECONDS.toNanos(900), TimeUnit.SECONDS.toNanos(70),
      TimeUnit.MINUTES.toNanos(90), TimeUnit.HOURS.toNanos(30), TimeUnit.DAYS.toNanos(10)
    };
    for (int i = 0; i < 3_000; i++) {
      long horizon = horizons[i % horizons.length];
      // Every tenth timer repeats its predecessor's time: ties across and within buckets.
      long time = ((i % 10) == 9)
          ? scheduled.get(i - 1).time
          : origin + 1 + (long) (random.nextDouble() * horizon);
      Timer timer = new Timer("t" + i, time);
      scheduled.add(timer);
      wheel.schedule(timer);
    }
    // Half an hour on: due timers whose expiry is refused stay scheduled, overdue.
    long now = origin + TimeUnit.MINUTES.toNanos(30);
    List<Timer> expired = new ArrayList<>();
    wheel.advance(now, (timer, at) -> (timer.time % 3 != 0) && expired.add(timer));
    scheduled.removeAll(expired);
    assertThat(expired).isNotEmpty();
    assertThat(scheduled).anyMatch(timer -> timer.time - now < 0);

    Comparator<Timer> soonestFirst = Comparator.comparingLong(timer -> timer.time - now);
    List<Long> ascending = scheduled.stream().sorted(soonestFirst).map(t -> t.time).toList();
    List<Long> descending =
        scheduled.stream().sorted(soonestFirst.reversed()).map(t -> t.time).toList();
    for (int limit : new int[] {1, 10, 500, Integer.MAX_VALUE}) {
      List<Timer> oldest = first(wheel.expirationOrder(true), limit);
      List<Timer> youngest = first(wheel.expirationOrder(false), limit);
      int expected = Math.min(limit, scheduled.size());
      assertThat(oldest).extracting(t -> t.time).containsExactlyElementsOf(
          ascending.subList(0, expected));
      assertThat(youngest).extracting(t -> t.time).containsExactlyElementsOf(
          descending.subList(0, expected));
      assertThat(new HashSet<>(oldest)).hasSize(expected);
      assertThat(scheduled).containsAll(oldest).containsAll(youngest);
    }
  }

  @Test
  void equalTimesKeepTheirOrderInTheBucketInBothDirections() {
    TimerWheel<Timer> wheel = wheel(0);
    long time = TimeUnit.SECONDS.toNanos(5);
    Timer a = new Timer("a", time);
    Timer b = new Timer("b", time);
    Timer c = new Timer("c", time);
    Timer soon = new Timer("soon", TimeUnit.SECONDS.toNanos(1));
    wheel.schedule(a);
    wheel.schedule(b);
    wheel.schedule(soon);
    wheel.schedule(c);
    assertThat(first(wheel.expirationOrder(true), 10)).containsExactly(soon, a, b, c);
    assertThat(first(wheel.expirationOrder(false), 10)).containsExactly(a, b, c, soon);
  }

  @Test
  void expirationOrderIsASnapshotThatLaterChangesDoNotDisturb() {
    TimerWheel<Timer> wheel = wheel(0);
    List<Timer> timers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Timer timer = new Timer("t" + i, TimeUnit.SECONDS.toNanos(1 + (i * 37) % 100));
      timers.add(timer);
      wheel.schedule(timer);
    }
    Iterator<Timer> order = wheel.expirationOrder(true);
    Timer soonest = order.next();
    // Descheduling unlinks nodes and advancing expires them, while the iteration goes on.
    for (Timer timer : timers) {
      wheel.deschedule(timer);
    }
    wheel.advance(TimeUnit.SECONDS.toNanos(200), (timer, now) -> true);
    List<Timer> rest = first(order, Integer.MAX_VALUE);
    assertThat(soonest.time).isEqualTo(TimeUnit.SECONDS.toNanos(1));
    assertThat(rest).hasSize(99);
    assertThat(rest).extracting(t -> t.time).isSorted();
    assertThatThrownBy(order::next).isInstanceOf(NoSuchElementException.class);
  }

  /** Takes up to {@code limit} elements of the iterator. */
  private static List<Timer> first(Iterator<Timer> iterator, int limit) {
    List<Timer> taken = new ArrayList<>();
    while ((taken.size() < limit) && iterator.hasNext()) {
      taken.add(iterator.next());
    }
    return taken;
  }
}
