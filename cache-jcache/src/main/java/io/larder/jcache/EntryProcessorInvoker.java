package io.larder.jcache;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Policy.VarExpiration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.cache.integration.CacheWriterException;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.jspecify.annotations.Nullable;

/**
 * Runs a cache's entry processors ({@code invoke} and {@code invokeAll}). The processor works on a
 * {@link ProcessorEntry} inside the key's {@code compute} on the Larder cache, so that it sees and
 * changes the entry atomically; what it did (read, load, create, update or delete) is then applied
 * in the same {@code compute}, with the writer call, statistics, expiry and events that the same
 * change made by the cache's other operations would have. A processor's failure, or the writer's,
 * reaches the caller as an {@link EntryProcessorException} and leaves the entry unchanged.
 */
final class EntryProcessorInvoker<K, V> {
  private final io.larder.cache.Cache<K, Expirable<V>> cache;
  private final Optional<VarExpiration<K, Expirable<V>>> varExpiration;
  private final EntryHolders<K, V> holders;
  private final EventDispatcher<K, V> dispatcher;
  private final JCacheStatistics statistics;
  private final ReadThrough<K, V> readThrough;
  private final WriteThrough<K, V> writeThrough;

  EntryProcessorInvoker(
      io.larder.cache.Cache<K, Expirable<V>> cache,
      EntryHolders<K, V> holders,
      EventDispatcher<K, V> dispatcher,
      JCacheStatistics statistics,
      ReadThrough<K, V> readThrough,
      WriteThrough<K, V> writeThrough) {
    this.cache = cache;
    this.varExpiration = cache.policy().expireVariably();
    this.holders = holders;
    this.dispatcher = dispatcher;
    this.statistics = statistics;
    this.readThrough = readThrough;
    this.writeThrough = writeThrough;
  }

  /** Runs the processor on the key's entry (see the class comment); returns its result. */
  <T> @Nullable T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    Object[] result = new Object[1];
    boolean[] read = {false};
    EventDispatcher.Batch<K, V> events = dispatcher.newBatch();
    Expirable<V> after;
    try {
      after =
          cache
              .asMap()
              .compute(
                  holders.copyIn(key),
                  (k, present) -> {
                    long now = holders.now();
                    Expirable<V> live = holders.expireIfNeeded(k, present, now, events);
                    if (live == null) {
                      statistics.recordMisses(1);
                    } else {
                      statistics.recordHits(1);
                    }
                    ProcessorEntry<K, V> entry =
                        new ProcessorEntry<>(
                            k,
                            (live == null) ? null : holders.copyOut(live.value()),
                            readThrough.forEntryProcessors());
                    try {
                      result[0] = entryProcessor.process(entry, arguments);
                    } catch (EntryProcessorException e) {
                      throw e;
                    } catch (Exception e) {
                      throw new EntryProcessorException(e);
                    }
                    read[0] = (entry.action() == ProcessorEntry.Action.READ);
                    return applyProcessed(k, live, entry, now, events);
                  });
    } catch (CacheWriterException e) {
      throw new EntryProcessorException(e);
    }
    events.fire();
    if (read[0] && (after != null)) {
      DeadlineExpiry.followDeadline(varExpiration, key, after, holders::now);
    }
    @SuppressWarnings("unchecked")
    T typed = (T) result[0];
    return typed;
  }

  /**
   * Runs the processor on each key; the results hold each non-null result and each failure (as a
   * result that throws it).
   */
  <T> Map<K, EntryProcessorResult<T>> invokeAll(
      Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T value = invoke(key, entryProcessor, arguments);
        if (value != null) {
          results.put(key, () -> value);
        }
      } catch (EntryProcessorException e) {
        results.put(
            key,
            () -> {
              throw e;
            });
      }
    }
    return results;
  }

  private @Nullable Expirable<V> applyProcessed(
      K key,
      @Nullable Expirable<V> live,
      ProcessorEntry<K, V> entry,
      long now,
      EventDispatcher.Batch<K, V> events) {
    switch (entry.action()) {
      case NONE:
        return live;
      case READ:
        holders.access(requireNonNull(live), now);
        return live;
      case CREATED:
      case LOADED:
        {
          V value = requireNonNull(entry.getValue());
          if (entry.action() == ProcessorEntry.Action.CREATED) {
            writeThrough.write(key, value);
          }
          statistics.recordPuts(1);
          return holders.create(key, value, now, events);
        }
      case UPDATED:
        {
          V value = requireNonNull(entry.getValue());
          writeThrough.write(key, value);
          statistics.recordPuts(1);
          return holders.update(key, requireNonNull(live), value, now, events);
        }
      case DELETED:
        writeThrough.delete(key);
        statistics.recordRemovals(1);
        if (live != null) {
          events.removed(key, live.value());
        }
        return null;
      default:
        throw new IllegalStateException("Unknown entry processor action " + entry.action());
    }
  }
}
