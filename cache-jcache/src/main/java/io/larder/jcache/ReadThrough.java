package io.larder.jcache;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Set;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.jspecify.annotations.Nullable;

/**
 * A cache's {@link CacheLoader}, as its operations call it. {@code get}, {@code getAll} and entry
 * processors load only when the cache is read-through; {@code loadAll} uses the loader whenever
 * there is one, as the specification says; Larder's {@code refreshAfterWrite}, which requires a
 * read-through cache, reloads through it ({@link #refresher}). A loader's failure reaches the
 * caller as a {@link CacheLoaderException} (wrapping any other exception).
 */
final class ReadThrough<K, V> {
  // The cache's logger, under which these warnings were always logged.
  private static final Logger logger = System.getLogger(LarderJCache.class.getName());

  private final @Nullable CacheLoader<K, V> loader;
  private final boolean readThrough;

  ReadThrough(LarderConfiguration<K, V> configuration) {
    Factory<CacheLoader<K, V>> factory = configuration.getCacheLoaderFactory();
    this.loader = (factory == null) ? null : factory.create();
    this.readThrough = configuration.isReadThrough();
  }

  /** Returns whether reads load what they miss: a loader and a read-through cache. */
  boolean loadsOnReads() {
    return (loader != null) && readThrough;
  }

  /** Returns the loader an entry processor's {@code getValue} may use, or null if none. */
  @Nullable CacheLoader<K, V> forEntryProcessors() {
    return readThrough ? loader : null;
  }

  /** Returns the loader {@code loadAll} uses, or null if the cache has none. */
  @Nullable CacheLoader<K, V> forLoadAll() {
    return loader;
  }

  /** Loads one key through the loader, which must exist; returns null if it has no value. */
  @Nullable V load(K key) {
    return load(requireNonNull(loader), key);
  }

  /**
   * Loads one key through {@code loader}, a failure as a {@link CacheLoaderException}; returns null
   * if it has no value. Also for an entry processor's {@code getValue}.
   */
  static <K, V> @Nullable V load(CacheLoader<K, V> loader, K key) {
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException(e);
    }
  }

  /** Loads the keys through the loader, which must exist. */
  Map<K, V> loadAll(Set<K> keys) {
    CacheLoader<K, V> cacheLoader = requireNonNull(loader);
    try {
      return cacheLoader.loadAll(keys);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException(e);
    }
  }

  /**
   * Returns the Larder loader of a cache with {@code refreshAfterWrite}, which reloads entries
   * through this loader; the cache must be read-through with a loader.
   */
  io.larder.cache.CacheLoader<K, Expirable<V>> refresher(
      EntryHolders<K, V> holders, String cacheName) {
    return new Refresher<>(requireNonNull(loader), holders, cacheName);
  }

  /** Closes the loader if it is {@link java.io.Closeable}, logging a failure. */
  void close() {
    ListenerRegistration.closeQuietly(loader);
  }

  /**
   * Reloads an entry for Larder's {@code refreshAfterWrite} through the JCache loader. Only
   * refreshes reach it: the JCache operations never ask the Larder cache to load.
   */
  private static final class Refresher<K, V>
      implements io.larder.cache.CacheLoader<K, Expirable<V>> {
    private final CacheLoader<K, V> loader;
    private final EntryHolders<K, V> holders;
    private final String cacheName;

    Refresher(CacheLoader<K, V> loader, EntryHolders<K, V> holders, String cacheName) {
      this.loader = loader;
      this.holders = holders;
      this.cacheName = cacheName;
    }

    @Override
    public @Nullable Expirable<V> load(K key) throws Exception {
      V value = loader.load(key);
      return (value == null) ? null : holders.loaded(value);
    }

    @Override
    public Expirable<V> reload(K key, Expirable<V> oldValue) {
      V value;
      try {
        value = loader.load(key);
      } catch (Exception e) {
        logger.log(
            Level.WARNING,
            "The refresh of a key in " + cacheName + " failed; the entry is " + "kept as it was",
            e);
        return oldValue;
      }
      if (value == null) {
        return oldValue;
      }
      return holders.reloaded(oldValue, value);
    }
  }
}
