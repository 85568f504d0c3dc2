package io.larder.test;

import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;

/**
 * The JUnit 5 extension behind {@link CacheLeakCheck}: observes the caches built during each test
 * method and fails the test, after it ran, with one line per cache and rule broken. Registered by
 * the annotation, by {@code @ExtendWith(CacheLeakExtension.class)}, or by auto-detection ({@code
 * junit.jupiter.extensions.autodetection.enabled=true}), where an unannotated test gets the
 * annotation's defaults.
 *
 * <p>Observation starts before the test instance is constructed (with JUnit's default per-method
 * lifecycle), so caches that the test class builds in its fields or constructor, as a service under
 * test does, are checked too; with {@code @TestInstance(PER_CLASS)} it starts before each method.
 */
public final class CacheLeakExtension
    implements TestInstancePreConstructCallback, BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CacheLeakExtension.class);
  private static final String OBSERVATIONS = "observations";

  /** Creates the extension (JUnit does, through the annotation or auto-detection). */
  public CacheLeakExtension() {}

  /** Asks for the method's context when the test instance is made per method. */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(
      ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  @Override
  public void preConstructTestInstance(
      TestInstanceFactoryContext factoryContext, ExtensionContext context) {
    if (context.getTestMethod().isPresent()) {
      context.getStore(NAMESPACE).put(OBSERVATIONS, CacheObservations.open());
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    if (store.get(OBSERVATIONS, CacheObservations.class) == null) {
      store.put(OBSERVATIONS, CacheObservations.open());
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    CacheObservations observations =
        context.getStore(NAMESPACE).remove(OBSERVATIONS, CacheObservations.class);
    if (observations == null) {
      return;
    }
    try {
      List<String> failures = observations.failures(rules(context));
      if (!failures.isEmpty()) {
        throw new AssertionError(
            LeakRules.message("Larder @CacheLeakCheck", "caches built during this test", failures));
      }
    } finally {
      observations.close();
    }
  }

  /** The settings of the method's annotation, else its class's, else the defaults. */
  static LeakRules rules(ExtensionContext context) {
    return LeakRules.settings(context, CacheLeakCheck.class)
        .map(LeakRules::of)
        .orElse(LeakRules.DEFAULTS);
  }
}
