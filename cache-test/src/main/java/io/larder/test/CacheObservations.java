package io.larder.test;

import io.larder.cache.CacheInsight;
import io.larder.cache.CacheObserver;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What was seen from the moment it is opened until it is closed: every Larder cache built (held
 * weakly, so that observing keeps nothing alive), how many were built at each site, and every guard
 * warning. Thread-safe: caches may be built on any thread (a web server's, an executor's).
 */
final class CacheObservations implements CacheObserver, AutoCloseable {
  private final List<WeakReference<Object>> caches = new ArrayList<>();
  private final Map<String, Integer> buildsBySite = new LinkedHashMap<>();
  private final List<GuardWarning> warnings = new ArrayList<>();
  private final Registration registration;

  private CacheObservations() {
    this.registration = CacheObserver.register(this);
  }

  /** Starts observing. */
  static CacheObservations open() {
    return new CacheObservations();
  }

  @Override
  public synchronized void cacheBuilt(Object cache) {
    caches.add(new WeakReference<>(cache));
    CacheInsight.of(cache)
        .ifPresent(insight -> buildsBySite.merge(insight.creationSite(), 1, Integer::sum));
  }

  @Override
  public synchronized void guardWarning(GuardWarning warning) {
    warnings.add(warning);
  }

  /** Returns the caches built so far that are still reachable. */
  synchronized List<Object> liveCaches() {
    List<Object> live = new ArrayList<>();
    for (WeakReference<Object> reference : caches) {
      Object cache = reference.get();
      if (cache != null) {
        live.add(cache);
      }
    }
    return live;
  }

  /** Returns how many caches were built at each site. */
  synchronized Map<String, Integer> buildsBySite() {
    return new LinkedHashMap<>(buildsBySite);
  }

  /** Returns the guard warnings raised so far. */
  synchronized List<GuardWarning> warnings() {
    return List.copyOf(warnings);
  }

  /**
   * Returns the failures of everything observed against the rules: each live cache's, each site
   * that built too many caches, each guard warning.
   */
  List<String> failures(LeakRules rules) {
    List<String> failures = new ArrayList<>();
    for (Object cache : liveCaches()) {
      failures.addAll(rules.check(cache));
    }
    buildsBySite()
        .forEach(
            (site, builds) -> {
              if (builds > rules.maximumBuildsPerSite) {
                failures.add(
                    builds
                        + " caches were built at "
                        + site
                        + ", more than "
                        + rules.maximumBuildsPerSite
                        + " (maximumBuildsPerSite): a cache built per request"
                        + " or per object is never hit and holds memory; build it once and share it.");
              }
            });
    if (rules.failOnGuardWarnings) {
      for (GuardWarning warning : warnings()) {
        failures.add(
            LeakRules.label(warning.cacheName(), warning.creationSite())
                + " raised a "
                + warning.rule()
                + " guard warning: "
                + warning.message());
      }
    }
    return failures;
  }

  /** Stops observing. */
  @Override
  public void close() {
    registration.close();
  }
}
