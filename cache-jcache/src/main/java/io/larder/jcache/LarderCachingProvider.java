package io.larder.jcache;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;
import org.jspecify.annotations.Nullable;

/**
 * The JSR-107 caching provider of Larder, found by {@link javax.cache.Caching} through {@code
 * META-INF/services}: {@code Caching.getCachingProvider("io.larder.jcache.LarderCachingProvider")}.
 *
 * <p>Cache managers are kept per class loader and URI until closed. The per-loader table has weak
 * keys and the managers hold their loader weakly, so that the provider itself never keeps an
 * application's class loader alive; close the managers an application opened when it stops.
 *
 * <h2>Configuration by properties</h2>
 *
 * <p>For code that only passes a URI and {@link Properties} (Hibernate's {@code hibernate-jcache},
 * Spring Boot's {@code spring.cache.jcache.config}), the manager's properties may bound each cache:
 * {@code larder.jcache.spec.<cache name>=maximumMemory=64m,expireAfterWrite=10m} for one cache and
 * {@code larder.jcache.default-spec=maximumSize=10000} for all others. When the URI names a {@code
 * .properties} resource ({@code classpath:}, {@code file:} or {@code jar:}) the properties are read
 * from it as well, and from the JVM's system properties (for example {@code
 * -Dlarder.jcache.default-spec=maximumMemory=64m}); the passed properties win over the resource,
 * and the resource over the system properties. They apply to caches whose configuration sets no
 * Larder bound; a cache with neither is guarded by Larder's unbounded-cache guard.
 */
public final class LarderCachingProvider implements CachingProvider {
  /** The URI of the default cache manager. */
  public static final URI DEFAULT_URI = URI.create(LarderCachingProvider.class.getName());

  // Weak keys: an application's class loader is not kept alive by this table.
  private final Map<ClassLoader, Map<URI, LarderCacheManager>> managers = new WeakHashMap<>();

  /** Creates the provider; {@link javax.cache.Caching} does, through the service loader. */
  public LarderCachingProvider() {}

  @Override
  public CacheManager getCacheManager(
      @Nullable URI uri, @Nullable ClassLoader classLoader, @Nullable Properties properties) {
    URI managerUri = (uri == null) ? getDefaultURI() : uri;
    ClassLoader loader = (classLoader == null) ? getDefaultClassLoader() : classLoader;
    Properties managerProperties = (properties == null) ? getDefaultProperties() : properties;
    synchronized (managers) {
      Map<URI, LarderCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
      LarderCacheManager manager = byUri.get(managerUri);
      if ((manager == null) || manager.isClosed()) {
        manager = new LarderCacheManager(this, managerUri, loader, managerProperties);
        byUri.put(managerUri, manager);
      }
      return manager;
    }
  }

  @Override
  public CacheManager getCacheManager(@Nullable URI uri, @Nullable ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader());
  }

  /** Returns the thread's context class loader, or this provider's loader when it has none. */
  @Override
  public ClassLoader getDefaultClassLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return (context == null) ? LarderCachingProvider.class.getClassLoader() : context;
  }

  @Override
  public URI getDefaultURI() {
    return DEFAULT_URI;
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    List<LarderCacheManager> all = new ArrayList<>();
    synchronized (managers) {
      for (Map<URI, LarderCacheManager> byUri : managers.values()) {
        all.addAll(byUri.values());
      }
      managers.clear();
    }
    all.forEach(LarderCacheManager::close);
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader loader = (classLoader == null) ? getDefaultClassLoader() : classLoader;
    Map<URI, LarderCacheManager> byUri;
    synchronized (managers) {
      byUri = managers.remove(loader);
    }
    if (byUri != null) {
      new ArrayList<>(byUri.values()).forEach(LarderCacheManager::close);
    }
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    URI managerUri = (uri == null) ? getDefaultURI() : uri;
    ClassLoader loader = (classLoader == null) ? getDefaultClassLoader() : classLoader;
    LarderCacheManager manager = null;
    synchronized (managers) {
      Map<URI, LarderCacheManager> byUri = managers.get(loader);
      if (byUri != null) {
        manager = byUri.remove(managerUri);
        if (byUri.isEmpty()) {
          managers.remove(loader);
        }
      }
    }
    if (manager != null) {
      manager.close();
    }
  }

  /** Forgets a manager that was closed. */
  void release(LarderCacheManager manager) {
    requireNonNull(manager);
    ClassLoader loader = manager.classLoaderIfAlive();
    if (loader == null) {
      return;
    }
    synchronized (managers) {
      Map<URI, LarderCacheManager> byUri = managers.get(loader);
      if ((byUri != null) && (byUri.get(manager.getURI()) == manager)) {
        byUri.remove(manager.getURI());
        if (byUri.isEmpty()) {
          managers.remove(loader);
        }
      }
    }
  }

  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    return optionalFeature == OptionalFeature.STORE_BY_REFERENCE;
  }
}
