package io.larder.jcache;

import static java.util.Objects.requireNonNull;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import org.jspecify.annotations.Nullable;

/**
 * A JCache {@link CacheManager} of Larder caches, identified by its URI and class loader.
 *
 * <p>The manager holds its class loader weakly, so that the provider's per-loader table (whose keys
 * are weak) does not keep a discarded loader alive through its managers. Caches whose entries are
 * instances of that loader's classes still reach it: close the manager when the application that
 * owns the loader stops (Spring and Hibernate do).
 *
 * <p>Caches created with a configuration that sets no Larder bound take the bound named for them in
 * the manager's properties ({@link LarderCachingProvider}, "Configuration by properties").
 */
public final class LarderCacheManager implements CacheManager {
  private final LarderCachingProvider provider;
  private final URI uri;
  private final WeakReference<ClassLoader> classLoader;
  private final Properties properties;
  private final LarderProperties larderProperties;
  private final Executor executor;
  private final ConcurrentHashMap<String, LarderJCache<?, ?>> caches = new ConcurrentHashMap<>();
  private volatile boolean closed;

  LarderCacheManager(
      LarderCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties) {
    this.provider = provider;
    this.uri = uri;
    this.classLoader = new WeakReference<>(classLoader);
    this.properties = properties;
    this.larderProperties = LarderProperties.of(uri, classLoader, properties);
    this.executor = ForkJoinPool.commonPool();
  }

  @Override
  public LarderCachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  /**
   * Returns the class loader of this manager.
   *
   * @throws IllegalStateException if the loader was garbage-collected (it can be only when the
   *     application that passed it is gone)
   */
  @Override
  public ClassLoader getClassLoader() {
    ClassLoader loader = classLoader.get();
    if (loader == null) {
      throw new IllegalStateException(
          "The class loader of the cache manager " + uri + " was garbage-collected");
    }
    return loader;
  }

  /** Returns the loader that store-by-value copies resolve classes with. */
  ClassLoader classLoaderForCopies() {
    ClassLoader loader = classLoader.get();
    return (loader == null) ? LarderCacheManager.class.getClassLoader() : loader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(
      String cacheName, C configuration) {
    requireOpen();
    requireNonNull(cacheName, "cacheName");
    requireNonNull(configuration, "configuration");
    LarderConfiguration<K, V> copy = toLarderConfiguration(configuration);
    if (!copy.isBounded()) {
      larderProperties.applyTo(cacheName, copy);
    }
    LarderJCache<?, ?>[] created = new LarderJCache<?, ?>[1];
    caches.compute(
        cacheName,
        (name, existing) -> {
          if (existing != null) {
            throw new CacheException("A cache named " + name + " already exists in " + uri);
          }
          created[0] = new LarderJCache<>(this, name, copy, executor);
          return created[0];
        });
    @SuppressWarnings("unchecked")
    Cache<K, V> cache = (Cache<K, V>) created[0];
    return cache;
  }

  private static <K, V> LarderConfiguration<K, V> toLarderConfiguration(
      Configuration<K, V> configuration) {
    if (configuration instanceof CompleteConfiguration) {
      return new LarderConfiguration<>((CompleteConfiguration<K, V>) configuration);
    }
    LarderConfiguration<K, V> copy = new LarderConfiguration<>();
    copy.setTypes(configuration.getKeyType(), configuration.getValueType());
    copy.setStoreByValue(configuration.isStoreByValue());
    return copy;
  }

  @Override
  public <K, V> @Nullable Cache<K, V> getCache(
      String cacheName, Class<K> keyType, Class<V> valueType) {
    requireOpen();
    requireNonNull(cacheName, "cacheName");
    requireNonNull(keyType, "keyType");
    requireNonNull(valueType, "valueType");
    LarderJCache<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      return null;
    }
    if (!keyType.equals(cache.keyType())) {
      throw new ClassCastException(
          "The cache "
              + cacheName
              + " has keys of "
              + cache.keyType().getName()
              + ", not "
              + keyType.getName());
    }
    if (!valueType.equals(cache.valueType())) {
      throw new ClassCastException(
          "The cache "
              + cacheName
              + " has values of "
              + cache.valueType().getName()
              + ", not "
              + valueType.getName());
    }
    @SuppressWarnings("unchecked")
    Cache<K, V> typed = (Cache<K, V>) cache;
    return typed;
  }

  @Override
  public <K, V> @Nullable Cache<K, V> getCache(String cacheName) {
    requireOpen();
    requireNonNull(cacheName, "cacheName");
    @SuppressWarnings("unchecked")
    Cache<K, V> cache = (Cache<K, V>) caches.get(cacheName);
    return cache;
  }

  @Override
  public Iterable<String> getCacheNames() {
    requireOpen();
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    requireOpen();
    requireNonNull(cacheName, "cacheName");
    LarderJCache<?, ?> cache = caches.remove(cacheName);
    if (cache != null) {
      cache.clear();
      cache.close();
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    requireOpen();
    requireNonNull(cacheName, "cacheName");
    LarderJCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    requireOpen();
    requireNonNull(cacheName, "cacheName");
    LarderJCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  /** Forgets a cache that was closed. */
  void release(LarderJCache<?, ?> cache) {
    caches.remove(cache.getName(), cache);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    provider.release(this);
    for (LarderJCache<?, ?> cache : caches.values()) {
      cache.close();
    }
    caches.clear();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap the cache manager to " + clazz.getName());
  }

  /** Returns the class loader if it is still reachable, for the provider's bookkeeping. */
  @Nullable ClassLoader classLoaderIfAlive() {
    return classLoader.get();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("The cache manager " + uri + " is closed");
    }
  }

  @Override
  public String toString() {
    return "LarderCacheManager{" + uri + ", caches=" + caches.keySet() + "}";
  }
}
