package io.larder.cache.compat;

import static io.larder.cache.compat.Run.assertSameAsCaffeine;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Interner;
import io.larder.cache.Scheduler;
import io.larder.cache.Ticker;
import io.larder.cache.testing.CaffeineConversions;
import io.larder.cache.testing.Library;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Interner}, {@link Ticker} and {@link Scheduler} factories, compared with Caffeine's. */
class UtilitiesCompatTest {

  /** The interner factories of one library. */
  private static Interner<String> interner(Library impl, boolean weak) {
    if (impl == Library.LARDER) {
      return weak ? Interner.newWeakInterner() : Interner.newStrongInterner();
    }
    com.github.benmanes.caffeine.cache.Interner<String> theirs = weak
        ? com.github.benmanes.caffeine.cache.Interner.newWeakInterner()
        : com.github.benmanes.caffeine.cache.Interner.newStrongInterner();
    return theirs::intern;
  }

  private static void internerScenario(Run run, boolean weak) {
    Interner<String> interner = interner(run.impl, weak);
    String first = new String("a");
    String second = new String("a");
    run.step("first is canonical", () -> interner.intern(first) == first);
    run.step("equal returns first", () -> interner.intern(second) == first);
    run.step("other value", () -> interner.intern(new String("b")));
    run.step("again", () -> interner.intern("a") == first);
    run.step("null", () -> interner.intern(null));
    Interner<String> other = interner(run.impl, weak);
    run.step("interners are independent", () -> other.intern(second) == second);
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      many.add(interner.intern(Integer.toString(i % 100)));
    }
    run.step("canonical instances", () -> many.stream().distinct().count());
    run.step("identity", () -> many.get(5) == many.get(105));
  }

  @Test
  void strongInternerCanonicalizesAsCaffeine() {
    assertSameAsCaffeine(run -> internerScenario(run, false));
  }

  @Test
  void weakInternerCanonicalizesAsCaffeine() {
    assertSameAsCaffeine(run -> internerScenario(run, true));
  }

  @Test
  void weakInternerKeepsACanonicalInstanceWhileItIsReachable() {
    Interner<List<Integer>> interner = Interner.newWeakInterner();
    List<Integer> canonical = new ArrayList<>(List.of(1, 2));
    assertThat(interner.intern(canonical)).isSameAs(canonical);
    for (int i = 0; i < 10_000; i++) {
      interner.intern(new ArrayList<>(List.of(i, -i)));
    }
    assertThat(interner.intern(new ArrayList<>(List.of(1, 2)))).isSameAs(canonical);
  }

  @Test
  void tickersMatchCaffeine() {
    assertSameAsCaffeine(run -> {
      Ticker system = (run.impl == Library.LARDER)
          ? Ticker.systemTicker()
          : com.github.benmanes.caffeine.cache.Ticker.systemTicker()::read;
      Ticker disabled = (run.impl == Library.LARDER)
          ? Ticker.disabledTicker()
          : com.github.benmanes.caffeine.cache.Ticker.disabledTicker()::read;
      run.step("disabled reads zero", disabled::read);
      run.step("system is monotonic", () -> {
        long before = system.read();
        long after = system.read();
        return after - before >= 0;
      });
      run.step("system is nanoTime", () -> {
        long before = System.nanoTime();
        long read = system.read();
        return read - before >= 0 && System.nanoTime() - read >= 0;
      });
    });
    assertThat(Ticker.systemTicker()).isSameAs(Ticker.systemTicker());
    assertThat(Ticker.disabledTicker()).isSameAs(Ticker.disabledTicker());
  }

  /** The scheduler factories of one library, presented as Larder's. */
  private static Scheduler disabled(Library impl) {
    return (impl == Library.LARDER)
        ? Scheduler.disabledScheduler()
        : com.github.benmanes.caffeine.cache.Scheduler.disabledScheduler()::schedule;
  }

  private static Scheduler forService(Library impl, ScheduledExecutorService service) {
    return (impl == Library.LARDER)
        ? Scheduler.forScheduledExecutorService(service)
        : com.github.benmanes.caffeine.cache.Scheduler.forScheduledExecutorService(service)
            ::schedule;
  }

  private static Scheduler guarded(Library impl, Scheduler delegate) {
    return (impl == Library.LARDER)
        ? Scheduler.guardedScheduler(delegate)
        : com.github.benmanes.caffeine.cache.Scheduler.guardedScheduler(
            CaffeineConversions.toCaffeine(delegate))::schedule;
  }

  private static String describe(Future<?> future) throws Exception {
    return "done=" + future.isDone() + " cancelled=" + future.isCancelled()
        + (future.isDone() ? " value=" + future.get() : "");
  }

  @Test
  void disabledSchedulerNeverRunsTheTask() {
    assertSameAsCaffeine(run -> {
      Scheduler scheduler = disabled(run.impl);
      List<String> ran = new ArrayList<>();
      Executor direct = Runnable::run;
      run.step("schedule", () -> describe(
          scheduler.schedule(direct, () -> ran.add("ran"), 1, TimeUnit.SECONDS)));
      run.step("ran", () -> ran);
      run.step("cancel", () -> scheduler.schedule(direct, () -> {}, 1, TimeUnit.SECONDS)
          .cancel(true));
      run.step("timed get", () -> scheduler.schedule(direct, () -> {}, 1, TimeUnit.SECONDS)
          .get(1, TimeUnit.SECONDS));
      run.step("null executor", () -> scheduler.schedule(null, () -> {}, 1, TimeUnit.SECONDS));
      run.step("null task", () -> scheduler.schedule(direct, null, 1, TimeUnit.SECONDS));
      run.step("null unit", () -> scheduler.schedule(direct, () -> {}, 1, null));
    });
  }

  @Test
  void executorServiceSchedulerSubmitsTheTaskToTheExecutorWhenDue() {
    assertSameAsCaffeine(run -> {
      ManualScheduledExecutor service = new ManualScheduledExecutor();
      Scheduler scheduler = forService(run.impl, service);
      List<String> ran = new ArrayList<>();
      List<String> executorCalls = new ArrayList<>();
      Executor executor = task -> {
        executorCalls.add("execute");
        task.run();
      };
      run.step("schedule", () -> describe(
          scheduler.schedule(executor, () -> ran.add("ran"), 5, TimeUnit.SECONDS)));
      run.step("delay", () -> service.delays);
      run.step("not yet", () -> ran);
      run.run("time passes", service::runDue);
      run.step("ran", () -> ran);
      run.step("executor", () -> executorCalls);
      run.step("rejecting executor", () -> {
        scheduler.schedule(task -> {
          throw new IllegalStateException("rejected");
        }, () -> {}, 1, TimeUnit.SECONDS);
        service.runDue();
        return "swallowed by the service";
      });
      run.step("null executor", () -> scheduler.schedule(null, () -> {}, 1, TimeUnit.SECONDS));
      run.step("null task", () -> scheduler.schedule(executor, null, 1, TimeUnit.SECONDS));
      run.step("null unit", () -> scheduler.schedule(executor, () -> {}, 1, null));
      service.shutdown();
      run.step("after shutdown", () -> describe(
          scheduler.schedule(executor, () -> ran.add("late"), 1, TimeUnit.SECONDS)));
      run.step("scheduled after shutdown", () -> service.delays.size());
    });
  }

  @Test
  void executorServiceSchedulerRequiresAService() {
    assertSameAsCaffeine(run -> run.step("null service", () -> forService(run.impl, null)));
  }

  @Test
  void executorServiceSchedulerWorksWithARealScheduledExecutor() throws Exception {
    ScheduledThreadPoolExecutor service = new ScheduledThreadPoolExecutor(1);
    try {
      List<String> ran = new ArrayList<>();
      Future<?> future = Scheduler.forScheduledExecutorService(service)
          .schedule(Runnable::run, () -> ran.add("ran"), 0, TimeUnit.NANOSECONDS);
      future.get(30, TimeUnit.SECONDS);
      assertThat(ran).containsExactly("ran");
    } finally {
      service.shutdownNow();
    }
  }

  @Test
  void guardedSchedulerSwallowsFailuresAndNullFutures() {
    assertSameAsCaffeine(run -> {
      Executor direct = Runnable::run;
      Scheduler throwing = guarded(run.impl, (executor, command, delay, unit) -> {
        throw new IllegalStateException("scheduler down");
      });
      Scheduler returnsNull = guarded(run.impl, (executor, command, delay, unit) -> null);
      List<String> seen = new ArrayList<>();
      Scheduler working = guarded(run.impl, (executor, command, delay, unit) -> {
        seen.add(delay + " " + unit);
        return disabled(run.impl).schedule(executor, command, delay, unit);
      });
      run.step("throwing", () -> describe(throwing.schedule(direct, () -> {}, 1,
          TimeUnit.SECONDS)));
      run.step("null future", () -> describe(returnsNull.schedule(direct, () -> {}, 1,
          TimeUnit.SECONDS)));
      run.step("working", () -> describe(working.schedule(direct, () -> {}, 3,
          TimeUnit.MINUTES)));
      run.step("seen", () -> seen);
      run.step("null delegate", () -> guarded(run.impl, null));
    });
    Scheduler guarded = Scheduler.guardedScheduler(Scheduler.disabledScheduler());
    assertThat(Scheduler.guardedScheduler(guarded)).isSameAs(guarded);
    assertThat(Scheduler.disabledScheduler()).isSameAs(Scheduler.disabledScheduler());
  }

  /** A scheduled executor whose time only passes when the test says so. */
  static final class ManualScheduledExecutor extends ScheduledThreadPoolExecutor {
    final List<String> delays = new ArrayList<>();
    private final List<Callable<?>> due = new ArrayList<>();

    ManualScheduledExecutor() {
      super(0);
      // shutdown() then cancels the placeholder tasks, so that no worker thread outlives the test
      setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      delays.add(delay + " " + unit);
      due.add(() -> {
        command.run();
        return null;
      });
      return super.schedule(() -> {}, 365, TimeUnit.DAYS);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      delays.add(delay + " " + unit);
      due.add(callable);
      return super.schedule(() -> null, 365, TimeUnit.DAYS);
    }

    void runDue() {
      List<Callable<?>> tasks = new ArrayList<>(due);
      due.clear();
      for (Callable<?> task : tasks) {
        try {
          task.call();
        } catch (Exception e) {
          // a real executor would record it in the task's future
        }
      }
    }
  }
}
