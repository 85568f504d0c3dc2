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
 * {@code put} publishes its value safely to {@code getIfPresent} on another thread.
 *
 * <p>The value is a {@link Box} with a plain, non-final field written in its constructor. Only the
 * happens-before edge that the cache must create between the writer's {@code put} and the reader's
 * {@code getIfPresent} makes that field visible: a reader that finds the box must see 42 in it. A
 * reader that finds the box with 0 in it saw a half-constructed object, which a racy (plain-field)
 * publication in the storage would allow.
 */
public final class PutGetIfPresentVisibilityTest {
  private PutGetIfPresentVisibilityTest() {}

  /** A value whose only field is not final, so its visibility depends on safe publication. */
  static final class Box {
    int value;

    Box(int value) {
      this.value = value;
    }
  }

  static int read(@Nullable Box box) {
    return (box == null) ? -1 : box.value;
  }

  /** Against the unbounded storage. */
  @JCStressTest
  @Outcome(id = "-1", expect = ACCEPTABLE, desc = "The read ran before the put: absent.")
  @Outcome(id = "42", expect = ACCEPTABLE, desc = "The read saw the value, fully constructed.")
  @Outcome(
      id = "0",
      expect = FORBIDDEN,
      desc = "The read saw the value but not its field: the put published it unsafely.")
  @Outcome(expect = FORBIDDEN, desc = "No other value was ever written.")
  @State
  public static class Unbounded {
    final Cache<Integer, Box> cache = Caches.unbounded().build();

    @Actor
    public void writer() {
      cache.put(Caches.KEY, new Box(42));
    }

    @Actor
    public void reader(I_Result r) {
      r.r1 = read(cache.getIfPresent(Caches.KEY));
    }
  }

  /** Against the bounded storage, whose entries are nodes with their own value fields. */
  @JCStressTest
  @Outcome(id = "-1", expect = ACCEPTABLE, desc = "The read ran before the put: absent.")
  @Outcome(id = "42", expect = ACCEPTABLE, desc = "The read saw the value, fully constructed.")
  @Outcome(
      id = "0",
      expect = FORBIDDEN,
      desc = "The read saw the value but not its field: the put published it unsafely.")
  @Outcome(expect = FORBIDDEN, desc = "No other value was ever written.")
  @State
  public static class Bounded {
    final Cache<Integer, Box> cache = Caches.bounded().build();

    @Actor
    public void writer() {
      cache.put(Caches.KEY, new Box(42));
    }

    @Actor
    public void reader(I_Result r) {
      r.r1 = read(cache.getIfPresent(Caches.KEY));
    }
  }

  /**
   * Against the bounded storage when the key is already present: {@code put} then replaces the
   * value of an existing node in place, a different write path from inserting a new node.
   */
  @JCStressTest
  @Outcome(id = "7", expect = ACCEPTABLE, desc = "The read ran before the put: the old value.")
  @Outcome(id = "42", expect = ACCEPTABLE, desc = "The read saw the new value, fully constructed.")
  @Outcome(
      id = "0",
      expect = FORBIDDEN,
      desc = "The read saw the new value but not its field: the update published it unsafely.")
  @Outcome(
      id = "-1",
      expect = FORBIDDEN,
      desc = "The key was present throughout, yet the read found nothing.")
  @Outcome(expect = FORBIDDEN, desc = "No other value was ever written.")
  @State
  public static class BoundedUpdate {
    final Cache<Integer, Box> cache = Caches.bounded().build();

    public BoundedUpdate() {
      cache.put(Caches.KEY, new Box(7));
    }

    @Actor
    public void writer() {
      cache.put(Caches.KEY, new Box(42));
    }

    @Actor
    public void reader(I_Result r) {
      r.r1 = read(cache.getIfPresent(Caches.KEY));
    }
  }
}
