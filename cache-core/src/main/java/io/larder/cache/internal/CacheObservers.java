package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.CacheObserver;
import io.larder.cache.CacheObserver.GuardWarning;
import io.larder.cache.CacheObserver.Registration;
import io.larder.cache.CacheObserver.Rule;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The registered {@link CacheObserver}s, held weakly in a copy-on-write array: registering and
 * closing copy it under a lock, and telling the observers reads it once, so that with none
 * registered a cache's build costs one volatile read of an empty array. Guard warnings are rare and
 * builds are not on a hot path; no read or write of a cache looks here.
 */
public final class CacheObservers {
  private static final Logger logger = System.getLogger(CacheObservers.class.getName());

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final WeakReference<CacheObserver>[] NONE = new WeakReference[0];

  private static final Object lock = new Object();
  private static volatile WeakReference<CacheObserver>[] observers = NONE;

  private CacheObservers() {}

  /** Registers {@code observer}, held weakly; the registration holds it strongly. */
  public static Registration register(CacheObserver observer) {
    requireNonNull(observer);
    WeakReference<CacheObserver> reference = new WeakReference<>(observer);
    synchronized (lock) {
      List<WeakReference<CacheObserver>> live = liveReferences();
      live.add(reference);
      observers = live.toArray(NONE);
    }
    return new ObserverRegistration(observer, reference);
  }

  /** Tells the observers that {@code cache} was built; returns the cache. */
  static <C> C cacheBuilt(C cache) {
    WeakReference<CacheObserver>[] current = observers;
    if (current.length != 0) {
      tell(current, observer -> observer.cacheBuilt(cache));
    }
    return cache;
  }

  /** Tells the observers of a guard warning about the cache named {@code cacheName}. */
  static void guardWarning(String cacheName, String creationSite, Rule rule, String message) {
    WeakReference<CacheObserver>[] current = observers;
    if (current.length != 0) {
      GuardWarning warning = new GuardWarning(cacheName, creationSite, rule, message);
      tell(current, observer -> observer.guardWarning(warning));
    }
  }

  /** Calls each reachable observer; one that throws is logged and the others still told. */
  private static void tell(WeakReference<CacheObserver>[] current, Consumer<CacheObserver> call) {
    for (WeakReference<CacheObserver> reference : current) {
      CacheObserver observer = reference.get();
      if (observer != null) {
        try {
          call.accept(observer);
        } catch (RuntimeException e) {
          logger.log(Level.WARNING, "Exception thrown by a cache observer", e);
        }
      }
    }
  }

  /** Returns the references whose observer is still reachable. Guarded by the lock. */
  private static List<WeakReference<CacheObserver>> liveReferences() {
    List<WeakReference<CacheObserver>> live = new ArrayList<>(observers.length + 1);
    for (WeakReference<CacheObserver> reference : observers) {
      if (!reference.refersTo(null)) {
        live.add(reference);
      }
    }
    return live;
  }

  private static void unregister(WeakReference<CacheObserver> reference) {
    synchronized (lock) {
      List<WeakReference<CacheObserver>> live = liveReferences();
      live.remove(reference);
      observers = live.toArray(NONE);
    }
  }

  /** Holds the observer strongly until closed. */
  private static final class ObserverRegistration implements Registration {
    private final WeakReference<CacheObserver> reference;

    @SuppressWarnings({"unused", "FieldCanBeLocal"}) // keeps the weakly registered observer alive
    private final CacheObserver observer;

    private volatile boolean closed;

    ObserverRegistration(CacheObserver observer, WeakReference<CacheObserver> reference) {
      this.observer = observer;
      this.reference = reference;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        unregister(reference);
        reference.clear();
      }
    }
  }
}
