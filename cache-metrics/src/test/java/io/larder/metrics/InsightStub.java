package io.larder.metrics;

import io.larder.cache.CacheInsight;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Wraps a real Larder cache in a proxy of the same interface whose {@link CacheInsight} is a stub:
 * for the meters of Larder features that the cache being tested cannot yet be built with (byte
 * budgets, while {@code maximumMemory} and the size estimator are wired in on main). Every cache
 * method goes to the real cache; only {@code insight()} is replaced.
 */
final class InsightStub {
  private InsightStub() {}

  @SuppressWarnings("unchecked") // the proxy implements type, a supertype of C's interfaces
  static <C> C wrap(C cache, Class<? super C> type, CacheInsight insight) {
    Object proxy =
        Proxy.newProxyInstance(
            InsightStub.class.getClassLoader(),
            new Class<?>[] {type, CacheInsight.InsightSource.class},
            (self, method, args) -> {
              if (method.getDeclaringClass() == CacheInsight.InsightSource.class) {
                return insight;
              } else if (method.getName().equals("equals") && method.getParameterCount() == 1) {
                return self == args[0];
              } else if (method.getName().equals("hashCode") && method.getParameterCount() == 0) {
                return System.identityHashCode(self);
              }
              try {
                return method.invoke(cache, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
    return (C) proxy;
  }
}
