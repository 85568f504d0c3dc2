package io.larder.jcache;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * The entry listeners of one cache and the delivery of its events.
 *
 * <p>An operation collects the events it causes in an {@link Batch} while it runs (often inside the
 * atomic {@code compute} of the underlying cache) and fires the batch once the change is visible,
 * in the calling thread. Synchronous listeners are called then, in that thread, so that the
 * operation returns only after they have seen the change, and a failure of theirs reaches the
 * caller as a {@link CacheEntryListenerException}. Asynchronous listeners receive the event on the
 * executor, in order per key (see {@link ListenerRegistration}).
 */
final class EventDispatcher<K, V> {
  // The cache's logger, under which these warnings were always logged.
  private static final Logger logger = System.getLogger(LarderJCache.class.getName());

  private final Cache<K, V> source;
  private final Executor executor;
  private final List<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();

  EventDispatcher(Cache<K, V> source, Executor executor) {
    this.source = source;
    this.executor = executor;
  }

  /** Registers a listener; its factories are called now. */
  void register(CacheEntryListenerConfiguration<K, V> configuration) {
    registrations.add(new ListenerRegistration<>(configuration));
  }

  /** Removes and closes the listener registered with this configuration, if any. */
  void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    List<ListenerRegistration<K, V>> removed = new ArrayList<>(1);
    registrations.removeIf(
        registration ->
            registration.configuration().equals(configuration) && removed.add(registration));
    removed.forEach(ListenerRegistration::close);
  }

  /** Removes and closes every listener. */
  void close() {
    for (ListenerRegistration<K, V> registration : registrations) {
      registration.close();
    }
    registrations.clear();
  }

  /** Returns a batch for one operation's events; empty and free when no listener is registered. */
  Batch<K, V> newBatch() {
    return registrations.isEmpty() ? Batch.none() : new Batch<>(this);
  }

  /**
   * Publishes the expiry of an entry that the Larder cache dropped, on the executor, if any
   * listener is registered. Larder calls its eviction listener inside the eviction, under the
   * entry's lock, so the listeners run later, as they did when a removal listener told of the
   * expiry; a listener's failure is logged, since no caller is there to receive it.
   */
  void publishExpiryLater(K key, V value) {
    if (registrations.isEmpty()) {
      return;
    }
    executor.execute(
        () -> {
          Batch<K, V> events = newBatch();
          events.expired(key, value);
          try {
            events.fire();
          } catch (RuntimeException e) {
            logger.log(
                Level.WARNING,
                "A cache entry listener failed on an expiry in " + source.getName(),
                e);
          }
        });
  }

  void fire(List<JCacheEntryEvent<K, V>> events) {
    @Nullable RuntimeException failure = null;
    for (JCacheEntryEvent<K, V> event : events) {
      for (ListenerRegistration<K, V> registration : registrations) {
        if (!registration.listensTo(event.getEventType())) {
          continue;
        }
        if (registration.isSynchronous()) {
          try {
            registration.deliver(event);
          } catch (RuntimeException e) {
            if (failure == null) {
              failure = e;
            } else {
              failure.addSuppressed(e);
            }
          }
        } else {
          registration.deliverAsync(event, executor);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The events of one cache operation, fired together once the operation's change is visible. */
  static final class Batch<K, V> {
    private static final Batch<?, ?> NONE = new Batch<>(null);

    private final @Nullable EventDispatcher<K, V> dispatcher;
    private final List<JCacheEntryEvent<K, V>> events;

    private Batch(@Nullable EventDispatcher<K, V> dispatcher) {
      this.dispatcher = dispatcher;
      this.events = (dispatcher == null) ? List.of() : new ArrayList<>(2);
    }

    @SuppressWarnings("unchecked")
    static <K, V> Batch<K, V> none() {
      return (Batch<K, V>) NONE;
    }

    void created(K key, V value) {
      add(EventType.CREATED, key, value, null, false);
    }

    void updated(K key, V oldValue, V value) {
      add(EventType.UPDATED, key, value, oldValue, true);
    }

    void removed(K key, V oldValue) {
      add(EventType.REMOVED, key, oldValue, oldValue, true);
    }

    void expired(K key, V oldValue) {
      add(EventType.EXPIRED, key, oldValue, oldValue, true);
    }

    /** Forgets the events collected so far, for a compute function that is retried or failed. */
    void discard() {
      if (dispatcher != null) {
        events.clear();
      }
    }

    /** Delivers the collected events (see the class comment); synchronous failures propagate. */
    void fire() {
      if ((dispatcher != null) && !events.isEmpty()) {
        List<JCacheEntryEvent<K, V>> toFire = new ArrayList<>(events);
        events.clear();
        dispatcher.fire(toFire);
      }
    }

    private void add(
        EventType type, K key, @Nullable V value, @Nullable V oldValue, boolean oldValueAvailable) {
      if (dispatcher != null) {
        events.add(
            new JCacheEntryEvent<>(
                dispatcher.source, type, key, value, oldValue, oldValueAvailable));
      }
    }
  }
}
