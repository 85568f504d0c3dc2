package io.larder.cache.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which warnings a process has already logged, so that a warning repeated by every cache built at
 * one place (a cache built per request, per tenant or per test) is logged once, not once per cache.
 * Keys are strings (a build site and what is wrong there), never classes, so that remembering them
 * cannot pin a class loader; at most {@code capacity} are kept, and once that many have been logged
 * the rest are suppressed, after one notice that says so.
 */
final class LoggedOnce {
  /** What to log for a key. */
  enum Admission {
    /** The first time this key is seen: log the warning. */
    FIRST,
    /** Logged before (or suppressed): log nothing. */
    REPEAT,
    /** A new key after {@code capacity} were logged: log, once, that the rest are suppressed. */
    LIMIT_REACHED
  }

  private final Set<String> logged = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean limitReported = new AtomicBoolean();
  private final int capacity;

  LoggedOnce(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  /** Records the key and returns what to log for it. */
  Admission admit(String key) {
    if (logged.contains(key)) {
      return Admission.REPEAT;
    }
    // Racing first sightings of distinct keys may overshoot the capacity by the number of racers
    if (logged.size() >= capacity) {
      return limitReported.compareAndSet(false, true) ? Admission.LIMIT_REACHED : Admission.REPEAT;
    }
    return logged.add(key) ? Admission.FIRST : Admission.REPEAT;
  }
}
