package io.larder.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.larder.cache.Cache;
import org.jspecify.annotations.Nullable;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * In a weak- or soft-valued cache, a value that the application holds strongly is never read as
 * absent, even while it is being replaced.
 *
 * <p>The key starts mapped to {@code first}; one actor replaces it with {@code second} while the
 * other reads it. Both values stay strongly reachable from the test's state, so no collector may
 * clear them: the read must return one or the other. A null means the reader caught the entry
 * between two steps of the update (for example, a reference object swapped for a new one, read
 * after the old one was cleared by the writer, or before the new one was published), the
 * intermittent-null race that Caffeine once had in the same place.
 *
 * <p>Result: 1 for {@code first}, 2 for {@code second}, -1 for null, 0 for any other object.
 */
public final class ReferenceValueNeverNullTest {
  private ReferenceValueNeverNullTest() {}

  static int identify(@Nullable Object value, Object first, Object second) {
    if (value == null) {
      return -1;
    }
    return (value == first) ? 1 : (value == second) ? 2 : 0;
  }

  /** Weak values. */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "Read before the replacement.")
  @Outcome(id = "2", expect = ACCEPTABLE, desc = "Read after the replacement.")
  @Outcome(id = "-1", expect = FORBIDDEN, desc = "A strongly held value read as absent.")
  @Outcome(expect = FORBIDDEN, desc = "An object that was never written.")
  @State
  public static class WeakValues {
    final Object first = new Object();
    final Object second = new Object();
    final Cache<Integer, Object> cache = Caches.unbounded().weakValues().build();

    public WeakValues() {
      cache.put(Caches.KEY, first);
    }

    @Actor
    public void writer() {
      cache.put(Caches.KEY, second);
    }

    @Actor
    public void reader(I_Result r) {
      r.r1 = identify(cache.getIfPresent(Caches.KEY), first, second);
    }
  }

  /** Soft values. */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "Read before the replacement.")
  @Outcome(id = "2", expect = ACCEPTABLE, desc = "Read after the replacement.")
  @Outcome(id = "-1", expect = FORBIDDEN, desc = "A strongly held value read as absent.")
  @Outcome(expect = FORBIDDEN, desc = "An object that was never written.")
  @State
  public static class SoftValues {
    final Object first = new Object();
    final Object second = new Object();
    final Cache<Integer, Object> cache = Caches.unbounded().softValues().build();

    public SoftValues() {
      cache.put(Caches.KEY, first);
    }

    @Actor
    public void writer() {
      cache.put(Caches.KEY, second);
    }

    @Actor
    public void reader(I_Result r) {
      r.r1 = identify(cache.getIfPresent(Caches.KEY), first, second);
    }
  }

  /** Weak values in a size-bounded cache, whose nodes are updated under the eviction policy. */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "Read before the replacement.")
  @Outcome(id = "2", expect = ACCEPTABLE, desc = "Read after the replacement.")
  @Outcome(id = "-1", expect = FORBIDDEN, desc = "A strongly held value read as absent.")
  @Outcome(expect = FORBIDDEN, desc = "An object that was never written.")
  @State
  public static class WeakValuesBounded {
    final Object first = new Object();
    final Object second = new Object();
    final Cache<Integer, Object> cache = Caches.bounded().weakValues().build();

    public WeakValuesBounded() {
      cache.put(Caches.KEY, first);
    }

    @Actor
    public void writer() {
      cache.put(Caches.KEY, second);
    }

    @Actor
    public void reader(I_Result r) {
      r.r1 = identify(cache.getIfPresent(Caches.KEY), first, second);
    }
  }
}
