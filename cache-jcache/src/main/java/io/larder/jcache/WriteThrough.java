package io.larder.jcache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import org.jspecify.annotations.Nullable;

/**
 * A cache's {@link CacheWriter}, as its operations call it: none unless the cache is write-through
 * with a writer factory. A writer's failure reaches the caller as a {@link CacheWriterException}
 * (wrapping any other exception). The single-key calls are made inside the key's {@code compute},
 * so that a failing writer leaves the entry unchanged; the batch calls report which entries the
 * writer handled, since the specification lets it handle some and fail on the rest.
 */
final class WriteThrough<K, V> {
  private final @Nullable CacheWriter<K, V> writer;

  /**
   * What a batch call of the writer did: the entries or keys to apply to the cache (those the
   * writer handled, or all of them without a writer), and the writer's failure, if any, to throw
   * once they are applied.
   */
  record Outcome<T>(T toApply, @Nullable CacheWriterException failure) {}

  WriteThrough(LarderConfiguration<K, V> configuration) {
    Factory<CacheWriter<? super K, ? super V>> factory = configuration.getCacheWriterFactory();
    this.writer =
        (configuration.isWriteThrough() && (factory != null)) ? narrow(factory.create()) : null;
  }

  /** Writes one entry through, if the cache is write-through. */
  void write(K key, V value) {
    if (writer != null) {
      try {
        writer.write(new JCacheEntry<>(key, value));
      } catch (Exception e) {
        throw asWriterException(e);
      }
    }
  }

  /** Deletes one key through, if the cache is write-through. */
  void delete(K key) {
    if (writer != null) {
      try {
        writer.delete(key);
      } catch (Exception e) {
        throw asWriterException(e);
      }
    }
  }

  /** Writes the entries through; the outcome holds the entries to store (see {@link Outcome}). */
  Outcome<Map<? extends K, ? extends V>> writeAll(Map<? extends K, ? extends V> map) {
    if (writer == null) {
      return new Outcome<>(map, null);
    }
    List<Cache.Entry<? extends K, ? extends V>> entries = new ArrayList<>(map.size());
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      entries.add(new JCacheEntry<>(entry.getKey(), entry.getValue()));
    }
    @Nullable CacheWriterException failure = null;
    try {
      writer.writeAll(entries);
    } catch (Exception e) {
      failure = asWriterException(e);
    }
    // The writer removes from the collection the entries it wrote; the rest were not written.
    Map<K, V> written = new LinkedHashMap<>(map);
    for (Cache.Entry<? extends K, ? extends V> unwritten : entries) {
      written.remove(unwritten.getKey());
    }
    return new Outcome<>(written, failure);
  }

  /** Deletes the keys through; the outcome holds the keys to remove (see {@link Outcome}). */
  Outcome<Set<K>> deleteAll(Set<K> keys) {
    if ((writer == null) || keys.isEmpty()) {
      return new Outcome<>(keys, null);
    }
    Collection<Object> pending = new ArrayList<>(keys);
    @Nullable CacheWriterException failure = null;
    try {
      writer.deleteAll(pending);
    } catch (Exception e) {
      failure = asWriterException(e);
    }
    // The writer removes from the collection the keys it deleted; the rest are kept.
    Set<K> deleted = new LinkedHashSet<>(keys);
    deleted.removeAll(pending);
    return new Outcome<>(deleted, failure);
  }

  /** Closes the writer if it is {@link java.io.Closeable}, logging a failure. */
  void close() {
    ListenerRegistration.closeQuietly(writer);
  }

  private static CacheWriterException asWriterException(Exception e) {
    return (e instanceof CacheWriterException)
        ? (CacheWriterException) e
        : new CacheWriterException(e);
  }

  /** Views a writer of supertypes as a writer of this cache's types, which it accepts. */
  @SuppressWarnings("unchecked")
  private static <K, V> CacheWriter<K, V> narrow(CacheWriter<? super K, ? super V> writer) {
    return (CacheWriter<K, V>) writer;
  }
}
