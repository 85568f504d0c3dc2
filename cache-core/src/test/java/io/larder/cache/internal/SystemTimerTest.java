package io.larder.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The system scheduler's timer: tasks are handed to their executor in time order, cancelled ones
 * never, the tasks of collected caches are dropped, and the thread ends once nothing is left to
 * serve, then starts again for the next task. Waits are polls with a deadline, never sleeps.
 */
class SystemTimerTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @Test
  void handsDueTasksToTheirExecutorInTimeOrder() throws Exception {
    SystemTimer timer = new SystemTimer("timer-order");
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(3);
    timer.schedule(
        Runnable::run,
        () -> {
          ran.add("late");
          done.countDown();
        },
        60,
        TimeUnit.MILLISECONDS);
    timer.schedule(
        Runnable::run,
        () -> {
          ran.add("early");
          done.countDown();
        },
        20,
        TimeUnit.MILLISECONDS);
    Future<?> now =
        timer.schedule(
            Runnable::run,
            () -> {
              ran.add("now");
              done.countDown();
            },
            0,
            TimeUnit.MILLISECONDS);
    assertThat(done.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(ran).containsExactly("now", "early", "late");
    assertThat(now.get(1, TimeUnit.SECONDS)).isNull();
    assertThat(now.isDone()).isTrue();
    assertThat(now.isCancelled()).isFalse();
  }

  @Test
  void aCancelledTaskNeverRunsAndLeavesTheQueue() throws Exception {
    SystemTimer timer = new SystemTimer("timer-cancel");
    AtomicBoolean ran = new AtomicBoolean();
    // Due in a second, so that the cancel below always comes first, even on a loaded host (at
    // 20 ms a preempted test thread let the task come due before it was cancelled).
    Future<?> future = timer.schedule(Runnable::run, () -> ran.set(true), 1, TimeUnit.SECONDS);
    assertThat(timer.queued()).isEqualTo(1);
    assertThat(future.cancel(false)).isTrue();
    assertThat(timer.queued()).isZero();
    CountDownLatch later = new CountDownLatch(1);
    timer.schedule(Runnable::run, later::countDown, 1200, TimeUnit.MILLISECONDS);
    assertThat(later.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(ran).isFalse();
  }

  @Test
  void getWaitsForTheHandOffAndACancelledFutureThrows() throws Exception {
    SystemTimer timer = new SystemTimer("timer-get");
    Future<?> pending = timer.schedule(Runnable::run, () -> {}, 1, TimeUnit.HOURS);
    assertThatThrownBy(() -> pending.get(10, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(pending.cancel(false)).isTrue();
    assertThat(pending.cancel(false)).isFalse();
    assertThat(pending.isCancelled()).isTrue();
    assertThat(pending.isDone()).isTrue();
    assertThat(timer.queued()).isZero();
    assertThatThrownBy(pending::get).isInstanceOf(CancellationException.class);
  }

  @Test
  void theThreadEndsWhenOnlyReclaimableTasksRemainAndStartsAgainLater() {
    SystemTimer timer = new SystemTimer("timer-reclaim", TimeUnit.MILLISECONDS.toNanos(100));
    AtomicBoolean collected = new AtomicBoolean();
    AtomicBoolean ran = new AtomicBoolean();
    timer.schedule(Runnable::run, new ReclaimableTask(collected, ran), 1, TimeUnit.HOURS);
    assertThat(timer.isRunning()).isTrue();
    assertThat(timer.threadsStarted()).isEqualTo(1);

    collected.set(true); // the cache the task would maintain is gone
    await().atMost(DEADLINE).until(() -> !timer.isRunning());
    assertThat(timer.queued()).isZero();
    assertThat(ran).isFalse();

    CountDownLatch again = new CountDownLatch(1);
    timer.schedule(Runnable::run, again::countDown, 0, TimeUnit.MILLISECONDS);
    await().atMost(DEADLINE).until(() -> again.getCount() == 0);
    assertThat(timer.threadsStarted()).isEqualTo(2);
    await().atMost(DEADLINE).until(() -> !timer.isRunning());
  }

  @Test
  void aLiveTaskKeepsTheThreadUntilItRuns() throws Exception {
    SystemTimer timer = new SystemTimer("timer-live", TimeUnit.MILLISECONDS.toNanos(50));
    CountDownLatch ran = new CountDownLatch(1);
    AtomicBoolean collected = new AtomicBoolean();
    timer.schedule(
        Runnable::run,
        new ReclaimableTask(collected, new AtomicBoolean()) {
          @Override
          public void run() {
            ran.countDown();
          }
        },
        300,
        TimeUnit.MILLISECONDS);
    assertThat(ran.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(timer.threadsStarted()).isEqualTo(1);
  }

  @Test
  void theThreadIsADaemonWithoutAContextClassLoader() throws Exception {
    SystemTimer timer = new SystemTimer("timer-thread");
    AtomicReference<Thread> thread = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    timer.schedule(
        Runnable::run,
        () -> {
          thread.set(Thread.currentThread());
          done.countDown();
        },
        0,
        TimeUnit.MILLISECONDS);
    assertThat(done.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(thread.get().getName()).isEqualTo("timer-thread");
    assertThat(thread.get().isDaemon()).isTrue();
    assertThat(thread.get().getContextClassLoader()).isNull();
  }

  @Test
  void anExecutorThatThrowsDoesNotStopTheTimer() throws Exception {
    SystemTimer timer = new SystemTimer("timer-throws");
    timer.schedule(
        command -> {
          throw new IllegalStateException("rejected");
        },
        () -> {},
        0,
        TimeUnit.MILLISECONDS);
    CountDownLatch after = new CountDownLatch(1);
    timer.schedule(Runnable::run, after::countDown, 10, TimeUnit.MILLISECONDS);
    assertThat(after.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  /** A task whose cache is "collected" when the flag says so. */
  private static class ReclaimableTask implements Runnable, SystemTimer.Reclaimable {
    private final AtomicBoolean collected;
    private final AtomicBoolean ran;

    ReclaimableTask(AtomicBoolean collected, AtomicBoolean ran) {
      this.collected = collected;
      this.ran = ran;
    }

    @Override
    public boolean isReclaimable() {
      return collected.get();
    }

    @Override
    public void run() {
      ran.set(true);
    }
  }
}
