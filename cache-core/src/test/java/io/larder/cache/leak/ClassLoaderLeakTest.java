package io.larder.cache.leak;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Caffeine;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The class-loader leak test: cache-core's classes and the {@link LeakDriver} are loaded afresh in
 * a child {@link URLClassLoader} whose parent is the platform loader (as a web application's are),
 * the driver uses every feature, everything is dropped, and the loader must be collected. A {@code
 * ThreadLocal}, a thread started by the library, a static registry holding caches, or a JDK-side
 * cache keyed by a Larder class would pin it.
 */
class ClassLoaderLeakTest {

  @Test
  void cacheCoreLoadedInItsOwnClassLoaderIsCollectedAfterUse() throws Exception {
    ScheduledExecutorService scheduler = new ScheduledThreadPoolExecutor(1);
    try {
      WeakReference<ClassLoader> loader = useInChildLoader(scheduler);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while ((loader.get() != null) && (System.nanoTime() < deadline)) {
        System.gc();
        Thread.sleep(20);
      }
      assertThat(loader.get()).as("the child class loader was collected").isNull();
    } finally {
      scheduler.shutdownNow();
    }
  }

  /** Loads, uses and drops; returns only a weak reference to the loader. */
  private static WeakReference<ClassLoader> useInChildLoader(ScheduledExecutorService scheduler)
      throws Exception {
    URL coreClasses = Caffeine.class.getProtectionDomain().getCodeSource().getLocation();
    URL testClasses = LeakDriver.class.getProtectionDomain().getCodeSource().getLocation();
    URLClassLoader child =
        new URLClassLoader(
            "larder-leak-test",
            new URL[] {coreClasses, testClasses},
            ClassLoader.getPlatformClassLoader());
    try {
      Class<?> driverType = child.loadClass(LeakDriver.class.getName());
      assertThat(driverType.getClassLoader()).isSameAs(child);
      assertThat(child.loadClass(Caffeine.class.getName())).isNotSameAs(Caffeine.class);
      Executor sameThread = Runnable::run;
      @SuppressWarnings("unchecked")
      Supplier<List<Object>> driver =
          (Supplier<List<Object>>)
              driverType
                  .getConstructor(Executor.class, ScheduledExecutorService.class)
                  .newInstance(sameThread, scheduler);
      List<Object> built = driver.get();
      assertThat(built).isNotEmpty();
      assertThat(built.get(0).getClass().getClassLoader()).isSameAs(child);
    } finally {
      child.close();
    }
    return new WeakReference<>(child);
  }
}
