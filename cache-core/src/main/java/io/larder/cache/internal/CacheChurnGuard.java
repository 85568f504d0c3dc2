package io.larder.cache.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Counts live caches by the place in the code that built them, and warns once per place when one
 * place holds more than a threshold: the signature of a cache built per request or per object,
 * each holding memory and none ever hit twice.
 *
 * <p>Leak safety: a cache is tracked by a {@link WeakReference} that carries only the creation
 * site's string, so the registry never keeps a cache (or its class loader) alive; collected
 * caches are uncounted as their references are polled, on each registration.
 */
final class CacheChurnGuard {
  private static final Logger logger = System.getLogger(CacheChurnGuard.class.getName());

  private final ConcurrentHashMap<String, AtomicInteger> liveBySite = new ConcurrentHashMap<>();
  private final Set<Tracked> tracked = ConcurrentHashMap.newKeySet();
  private final Set<String> warnedSites = ConcurrentHashMap.newKeySet();
  private final ReferenceQueue<Object> queue = new ReferenceQueue<>();

  /** The process-wide guard that the cache factory reports to. */
  public static final CacheChurnGuard INSTANCE = new CacheChurnGuard();

  /** A weak reference to a cache that remembers where it was built. */
  private static final class Tracked extends WeakReference<Object> {
    final String site;

    Tracked(Object cache, String site, ReferenceQueue<Object> queue) {
      super(cache, queue);
      this.site = site;
    }
  }

  /**
   * Counts a new cache built at {@code site}; returns the warning logged if this registration
   * crossed the threshold, else {@code null}.
   */
  public @Nullable String register(Object cache, String site, String name, int threshold) {
    expungeCollected();
    tracked.add(new Tracked(cache, site, queue));
    int live = liveBySite.computeIfAbsent(site, s -> new AtomicInteger()).incrementAndGet();
    if (live > threshold && warnedSites.add(site)) {
      String warning = "Larder: " + live + " live caches were built at " + site
          + " (latest named '" + name + "'), more than the churn threshold of " + threshold
          + ". A cache built per request or per object holds memory and is never hit: build it"
          + " once and share it. (Tune with -Dlarder.guard.churnThreshold, or disable with"
          + " -Dlarder.guard=off.)";
      logger.log(Level.WARNING, warning);
      return warning;
    }
    return null;
  }

  /** Returns the number of live caches counted for {@code site} (after expunging collected ones). */
  public int liveCaches(String site) {
    expungeCollected();
    AtomicInteger count = liveBySite.get(site);
    return (count == null) ? 0 : count.get();
  }

  private void expungeCollected() {
    for (Object ref = queue.poll(); ref != null; ref = queue.poll()) {
      Tracked gone = (Tracked) ref;
      if (tracked.remove(gone)) {
        liveBySite.computeIfPresent(gone.site, (site, count) ->
            (count.decrementAndGet() <= 0) ? null : count);
      }
    }
  }
}
