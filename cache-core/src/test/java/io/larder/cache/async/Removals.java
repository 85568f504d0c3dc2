package io.larder.cache.async;

import io.larder.cache.RemovalCause;
import io.larder.cache.RemovalListener;
import java.util.ArrayList;
import java.util.List;

/**
 * A removal listener that records each notification as {@code "key=value CAUSE"}, and can be told
 * to throw after recording, to show that a listener's failure never reaches the caller.
 */
final class Removals<K, V> implements RemovalListener<K, V> {
  private final List<String> notifications = new ArrayList<>();
  private volatile boolean failing;

  @Override
  public synchronized void onRemoval(K key, V value, RemovalCause cause) {
    notifications.add(key + "=" + value + " " + cause);
    if (failing) {
      throw new IllegalStateException("listener failure (expected by the test)");
    }
  }

  /** Makes every later notification throw after it is recorded. */
  void failing() {
    failing = true;
  }

  /** Returns the notifications so far, oldest first. */
  synchronized List<String> list() {
    return List.copyOf(notifications);
  }
}
