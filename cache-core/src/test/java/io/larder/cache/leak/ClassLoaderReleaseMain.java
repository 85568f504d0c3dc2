package io.larder.cache.leak;

import io.larder.cache.Caffeine;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Run in a JVM of its own by {@link ClassLoaderReleaseTest}: loads cache-core and {@link
 * EveryFeatureDriver} afresh in a child class loader whose parent is the platform loader (as a web
 * application's classes are), uses every feature including {@code Scheduler.systemScheduler()},
 * drops everything, then collects until the loader is gone or {@code args[0]} seconds have passed.
 * Prints how many system-scheduler threads ran after use, and {@code collected after N ms} or
 * {@code not collected}.
 */
public final class ClassLoaderReleaseMain {
  private ClassLoaderReleaseMain() {}

  public static void main(String[] args) throws Exception {
    long limitNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[0]));
    ScheduledExecutorService scheduler = new ScheduledThreadPoolExecutor(1);
    WeakReference<ClassLoader> loader = useInChildLoader(scheduler);
    System.out.println("scheduler threads after use: " + schedulerThreads());
    long start = System.nanoTime();
    while ((loader.get() != null) && ((System.nanoTime() - start) < limitNanos)) {
      System.gc();
      Thread.sleep(20);
    }
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.println(
        (loader.get() == null) ? ("collected after " + elapsedMillis + " ms") : "not collected");
    System.out.println("scheduler threads at the end: " + schedulerThreads());
    scheduler.shutdownNow();
  }

  private static long schedulerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("larder-scheduler"))
        .count();
  }

  /** Loads, uses and drops; returns only a weak reference to the loader. */
  private static WeakReference<ClassLoader> useInChildLoader(ScheduledExecutorService scheduler)
      throws Exception {
    URL coreClasses = Caffeine.class.getProtectionDomain().getCodeSource().getLocation();
    URL testClasses = EveryFeatureDriver.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader child =
        new URLClassLoader(
            "larder-release-test",
            new URL[] {coreClasses, testClasses},
            ClassLoader.getPlatformClassLoader())) {
      Class<?> driverType = child.loadClass(EveryFeatureDriver.class.getName());
      if ((driverType.getClassLoader() != child)
          || (child.loadClass(Caffeine.class.getName()) == Caffeine.class)) {
        throw new AssertionError("the driver and cache-core were not loaded afresh");
      }
      Executor commonPool = java.util.concurrent.ForkJoinPool.commonPool();
      @SuppressWarnings("unchecked")
      Supplier<List<Object>> driver =
          (Supplier<List<Object>>)
              driverType
                  .getConstructor(Executor.class, ScheduledExecutorService.class)
                  .newInstance(commonPool, scheduler);
      List<Object> built = driver.get();
      if (built.isEmpty() || (built.get(0).getClass().getClassLoader() != child)) {
        throw new AssertionError("the caches were not built by the child loader's classes");
      }
      return new WeakReference<>(child);
    }
  }
}
