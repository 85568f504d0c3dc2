package io.larder.test;

import io.larder.cache.CacheInsight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The extension behind {@link SpringCacheLeakCheck}: after each test, checks every cache of every
 * {@code CacheManager} bean of the test's application context.
 */
public final class SpringCacheLeakExtension implements AfterEachCallback {

  /** Creates the extension (JUnit does, through the annotation). */
  public SpringCacheLeakExtension() {}

  @Override
  public void afterEach(ExtensionContext context) {
    SpringCacheLeakCheck check =
        LeakRules.settings(context, SpringCacheLeakCheck.class).orElseThrow();
    ApplicationContext application = SpringExtension.getApplicationContext(context);
    List<String> failures = failures(application, check);
    if (!failures.isEmpty()) {
      throw new AssertionError(
          LeakRules.message(
              "Larder @SpringCacheLeakCheck", "the application context's caches", failures));
    }
  }

  /** Returns the failures of every cache of every cache manager of the context. */
  static List<String> failures(ApplicationContext application, SpringCacheLeakCheck check) {
    LeakRules rules =
        new LeakRules(
            Set.copyOf(Arrays.asList(check.allowUnbounded())),
            check.maximumBytes(),
            Integer.MAX_VALUE,
            check.failOnGuardWarnings());
    List<String> failures = new ArrayList<>();
    application
        .getBeansOfType(CacheManager.class)
        .forEach(
            (managerName, manager) -> {
              for (String cacheName : manager.getCacheNames()) {
                Cache cache = manager.getCache(cacheName);
                if (cache == null) {
                  continue;
                }
                Object nativeCache = cache.getNativeCache();
                if (CacheInsight.of(nativeCache).isPresent()) {
                  for (String failure : rules.check(nativeCache)) {
                    failures.add("[" + managerName + " / " + cacheName + "] " + failure);
                  }
                  long warnings = CacheInsight.of(nativeCache).orElseThrow().guardWarnings();
                  if (check.failOnGuardWarnings() && (warnings > 0)) {
                    failures.add(
                        "["
                            + managerName
                            + " / "
                            + cacheName
                            + "] raised "
                            + warnings
                            + " leak-guard warning(s); the log has their text.");
                  }
                } else if (!rules.allowsUnbounded(cacheName)) {
                  failures.add(
                      "["
                          + managerName
                          + " / "
                          + cacheName
                          + "] is a "
                          + cache.getClass().getName()
                          + " over a "
                          + nativeCache.getClass().getName()
                          + ", which nothing bounds: every new key stays until the heap is full. Use"
                          + " Larder's cache manager (io.larder:cache-spring) with a bound, or allow it with"
                          + " @SpringCacheLeakCheck(allowUnbounded = \""
                          + cacheName
                          + "\").");
                }
              }
            });
    return failures;
  }
}
