package io.larder.cache.redis;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Local invalidation counters that stop a read racing an invalidation from installing a stale value
 * in L1.
 *
 * <p>A read that misses L1 takes a stamp (the key's stripe counter and the all-keys counter) before
 * it asks Redis, and installs what Redis (or the loader) returned only if the stamp is still
 * current, inside the L1's per-key {@code compute}. Every invalidation (received from another
 * instance, or made here) first bumps the counter, then removes the key from L1. Either the bump
 * happens before the reader's check, and the reader does not install, or after it, and the removal
 * (serialized with the reader's {@code compute} on the same key) removes what was installed. A
 * whole-cache invalidation iterates L1 instead, so the reader checks its stamp again after the
 * install and removes its value if a bump came in meanwhile. Keys share stripes, so an invalidation
 * of one key can make a read of another skip its L1 install: a wasted install, never a stale one.
 */
final class KeyStamps {

  /** A reader's view of the counters when it started. */
  record Stamp(int stripe, long keyVersion, long allVersion) {}

  private final AtomicLongArray stripes;
  private final int mask;
  private final AtomicLong all = new AtomicLong();

  KeyStamps(int stripeCount) {
    if (Integer.bitCount(stripeCount) != 1) {
      throw new IllegalArgumentException("stripeCount must be a power of two: " + stripeCount);
    }
    this.stripes = new AtomicLongArray(stripeCount);
    this.mask = stripeCount - 1;
  }

  Stamp read(Object key) {
    int stripe = stripeOf(key);
    long allVersion = all.get();
    return new Stamp(stripe, stripes.get(stripe), allVersion);
  }

  boolean isCurrent(Stamp stamp) {
    return stripes.get(stamp.stripe()) == stamp.keyVersion() && all.get() == stamp.allVersion();
  }

  void bump(Object key) {
    stripes.incrementAndGet(stripeOf(key));
  }

  void bumpAll() {
    all.incrementAndGet();
  }

  private int stripeOf(Object key) {
    int h = key.hashCode();
    h ^= h >>> 16;
    h *= 0x45d9f3b;
    h ^= h >>> 16;
    return h & mask;
  }
}
