package io.larder.jcache;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * One registered entry listener: the listener and filter its configuration's factories made, and,
 * for an asynchronous listener, a chain of pending deliveries per key, so that the events of one
 * key reach it in the order they happened while different keys are delivered concurrently.
 */
final class ListenerRegistration<K, V> {
  private static final Logger logger = System.getLogger(ListenerRegistration.class.getName());

  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final @Nullable CacheEntryEventFilter<? super K, ? super V> filter;
  private final ConcurrentHashMap<Object, CompletableFuture<@Nullable Void>> pendingByKey =
      new ConcurrentHashMap<>();

  ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration) {
    this.configuration = configuration;
    Factory<CacheEntryListener<? super K, ? super V>> listenerFactory =
        configuration.getCacheEntryListenerFactory();
    if (listenerFactory == null) {
      throw new IllegalArgumentException("the listener configuration has no listener factory");
    }
    this.listener = listenerFactory.create();
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    this.filter = (filterFactory == null) ? null : filterFactory.create();
  }

  CacheEntryListenerConfiguration<K, V> configuration() {
    return configuration;
  }

  boolean isSynchronous() {
    return configuration.isSynchronous();
  }

  /** Returns whether the listener implements the sub-interface for this kind of event. */
  boolean listensTo(EventType type) {
    switch (type) {
      case CREATED:
        return listener instanceof CacheEntryCreatedListener<?, ?>;
      case UPDATED:
        return listener instanceof CacheEntryUpdatedListener<?, ?>;
      case REMOVED:
        return listener instanceof CacheEntryRemovedListener<?, ?>;
      case EXPIRED:
        return listener instanceof CacheEntryExpiredListener<?, ?>;
      default:
        return false;
    }
  }

  /** Delivers the event in the calling thread; listener and filter failures propagate. */
  void deliver(JCacheEntryEvent<K, V> event) {
    JCacheEntryEvent<K, V> visible =
        configuration.isOldValueRequired() ? event : event.withoutOldValue();
    try {
      if ((filter != null) && !filter.evaluate(visible)) {
        return;
      }
      List<CacheEntryEvent<? extends K, ? extends V>> events = List.of(visible);
      switch (visible.getEventType()) {
        case CREATED:
          castCreated().onCreated(events);
          break;
        case UPDATED:
          castUpdated().onUpdated(events);
          break;
        case REMOVED:
          castRemoved().onRemoved(events);
          break;
        case EXPIRED:
          castExpired().onExpired(events);
          break;
        default:
          throw new IllegalStateException("Unknown event type " + visible.getEventType());
      }
    } catch (CacheEntryListenerException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheEntryListenerException(e);
    }
  }

  /** Queues the event behind the pending deliveries of the same key, on the executor. */
  @SuppressWarnings("FutureReturnValueIgnored") // see the comment at thenRun
  void deliverAsync(JCacheEntryEvent<K, V> event, Executor executor) {
    Object key = event.getKey();
    CompletableFuture<@Nullable Void> delivery =
        pendingByKey.compute(
            key,
            (k, previous) -> {
              CompletableFuture<@Nullable Void> base =
                  (previous == null) ? CompletableFuture.completedFuture(null) : previous;
              return base.handleAsync(
                  (ignored, error) -> {
                    try {
                      deliver(event);
                    } catch (RuntimeException e) {
                      logger.log(
                          Level.WARNING,
                          "An asynchronous cache entry listener failed on " + event,
                          e);
                    }
                    return null;
                  },
                  executor);
            });
    // Forget the chain once its last delivery is done, unless a newer one was queued behind it.
    // The delivery catches its own failures, so the returned stage has nothing to report.
    delivery.thenRun(() -> pendingByKey.remove(key, delivery));
  }

  /** Closes the listener and the filter when they hold resources. */
  void close() {
    closeQuietly(listener);
    closeQuietly(filter);
  }

  static void closeQuietly(@Nullable Object resource) {
    if (resource instanceof Closeable) {
      try {
        ((Closeable) resource).close();
      } catch (IOException | RuntimeException e) {
        logger.log(Level.WARNING, "Failed to close " + resource, e);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private CacheEntryCreatedListener<K, V> castCreated() {
    return (CacheEntryCreatedListener<K, V>) listener;
  }

  @SuppressWarnings("unchecked")
  private CacheEntryUpdatedListener<K, V> castUpdated() {
    return (CacheEntryUpdatedListener<K, V>) listener;
  }

  @SuppressWarnings("unchecked")
  private CacheEntryRemovedListener<K, V> castRemoved() {
    return (CacheEntryRemovedListener<K, V>) listener;
  }

  @SuppressWarnings("unchecked")
  private CacheEntryExpiredListener<K, V> castExpired() {
    return (CacheEntryExpiredListener<K, V>) listener;
  }
}
