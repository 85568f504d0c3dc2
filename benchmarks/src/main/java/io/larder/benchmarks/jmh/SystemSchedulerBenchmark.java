package io.larder.benchmarks.jmh;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.Scheduler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the system scheduler's short-lived thread costs a cache: the first write to a cache whose
 * entries expire seconds later schedules its expiration on {@code Scheduler.systemScheduler()}.
 * With {@code timer=stopped} the scheduler's thread has ended (nothing else was scheduled for more
 * than its one-second keep-alive), so that write starts it again; with {@code timer=running} a
 * long-lived cache keeps the thread busy, so the write only queues its task. The difference of the
 * two is the cost of a restart. One write per iteration (single shot), a fresh cache each time.
 *
 * <p>Run: {@code java -cp benchmarks/target/larder-benchmarks.jar org.openjdk.jmh.Main
 * SystemSchedulerBenchmark -f 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
public class SystemSchedulerBenchmark {
  private static final String THREAD_NAME = "larder-scheduler";

  @Param({"stopped", "running"})
  String timer;

  private Cache<Integer, Integer> keepsTimerBusy;
  private Cache<Integer, Integer> cache;

  /** For {@code running}, a cache whose expiration an hour away keeps the thread alive. */
  @Setup(Level.Trial)
  public void setUpTrial() {
    if (timer.equals("running")) {
      keepsTimerBusy = newCache(Duration.ofHours(1));
      keepsTimerBusy.put(0, 0);
    }
  }

  /** A fresh cache; for {@code stopped}, waits until the scheduler's thread has ended. */
  @Setup(Level.Iteration)
  public void setUpIteration() {
    cache = newCache(Duration.ofSeconds(5));
    if (timer.equals("stopped")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (timerThreadAlive()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the system scheduler's thread did not end in 30 s");
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    } else if (!timerThreadAlive()) {
      throw new IllegalStateException("the system scheduler's thread is not running");
    }
  }

  /** Drops the iteration's cache, whose task the timer then drops once it is collected. */
  @TearDown(Level.Iteration)
  public void tearDownIteration() {
    cache.invalidateAll();
    cache.cleanUp();
    cache = null;
  }

  /** The first write of an expiring cache: schedules its next expiration. */
  @Benchmark
  public Integer firstWrite() {
    return cache.asMap().put(1, 1);
  }

  private static Cache<Integer, Integer> newCache(Duration lifetime) {
    return Caffeine.newBuilder()
        .expireAfterWrite(lifetime)
        .scheduler(Scheduler.systemScheduler())
        .executor(Runnable::run)
        .build();
  }

  private static boolean timerThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(thread -> thread.getName().equals(THREAD_NAME) && thread.isAlive());
  }
}
