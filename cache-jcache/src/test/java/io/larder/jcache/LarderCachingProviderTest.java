package io.larder.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;

/**
 * The provider as a user meets it: found by {@link Caching}, managers per URI and class loader that
 * do not keep a class loader alive, unwrapping to Larder's cache, and store-by-value copies.
 */
class LarderCachingProviderTest {

  @Test
  void cachingFindsTheLarderProviderAsTheOnlyOne() {
    CachingProvider provider = Caching.getCachingProvider();
    assertThat(provider).isInstanceOf(LarderCachingProvider.class);
    assertThat(provider.getDefaultURI()).isEqualTo(LarderCachingProvider.DEFAULT_URI);
  }

  @Test
  void managersAreKeptPerUriAndClassLoaderUntilClosed() {
    LarderCachingProvider provider = new LarderCachingProvider();
    ClassLoader loader = getClass().getClassLoader();
    CacheManager first = provider.getCacheManager(URI.create("test:a"), loader);
    assertThat(provider.getCacheManager(URI.create("test:a"), loader)).isSameAs(first);
    assertThat(provider.getCacheManager(URI.create("test:b"), loader)).isNotSameAs(first);
    first.close();
    assertThat(provider.getCacheManager(URI.create("test:a"), loader)).isNotSameAs(first);
    provider.close();
  }

  @Test
  void theProviderDoesNotKeepAnApplicationClassLoaderAlive() throws Exception {
    LarderCachingProvider provider = new LarderCachingProvider();
    WeakReference<ClassLoader> loader = openManagerWithOwnLoader(provider);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<byte[]> pressure = new ArrayList<>();
    while ((loader.get() != null) && (System.nanoTime() < deadline)) {
      System.gc();
      pressure.add(new byte[1 << 20]);
      if (pressure.size() > 16) {
        pressure.clear();
      }
      Thread.sleep(10);
    }
    assertThat(loader.get()).as("the application's class loader was collected").isNull();
  }

  /** Opens a manager (and a cache with an entry) under a loader that only the caller could keep. */
  private static WeakReference<ClassLoader> openManagerWithOwnLoader(
      LarderCachingProvider provider) {
    ClassLoader application = new URLClassLoader(new URL[0], null);
    CacheManager manager = provider.getCacheManager(URI.create("test:webapp"), application);
    Cache<String, String> cache =
        manager.createCache(
            "sessions",
            new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("user", "alice");
    assertThat(provider.getCacheManager(URI.create("test:webapp"), application)).isSameAs(manager);
    return new WeakReference<>(application);
  }

  @Test
  void unwrapGivesTheUnderlyingLarderCacheAndTheImplementationTypes() {
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    Cache<String, Integer> cache =
        manager.createCache(
            "unwrap",
            new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
    try {
      cache.put("a", 1);
      io.larder.cache.Cache<?, ?> larder = cache.unwrap(io.larder.cache.Cache.class);
      assertThat(larder.estimatedSize()).isEqualTo(1);
      assertThat(cache.unwrap(LarderJCache.class)).isSameAs(cache);
      assertThat(manager.unwrap(LarderCacheManager.class)).isSameAs(manager);
      assertThat(cache.iterator().next().unwrap(JCacheEntry.class).getValue()).isEqualTo(1);
    } finally {
      manager.destroyCache("unwrap");
    }
  }

  @Test
  void storeByValueCopiesMutableValuesAndSharesImmutableOnes() {
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    Cache<String, Object> cache =
        manager.createCache(
            "by-value",
            new MutableConfiguration<String, Object>().setTypes(String.class, Object.class));
    try {
      ArrayList<String> list = new ArrayList<>(List.of("a"));
      cache.put("list", list);
      list.add("changed after the put");
      @SuppressWarnings("unchecked")
      List<String> read = (List<String>) cache.get("list");
      assertThat(read).containsExactly("a").isNotSameAs(list);
      read.add("changed after the get");
      assertThat(cache.get("list")).isEqualTo(List.of("a"));

      String text = new String("immutable");
      cache.put("text", text);
      assertThat(cache.get("text")).isSameAs(text);
    } finally {
      manager.destroyCache("by-value");
    }
  }

  @Test
  void storeByReferenceKeepsTheInstance() {
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    Cache<String, Object> cache =
        manager.createCache(
            "by-reference",
            new MutableConfiguration<String, Object>()
                .setTypes(String.class, Object.class)
                .setStoreByValue(false));
    try {
      ArrayList<String> list = new ArrayList<>(List.of("a"));
      cache.put("list", list);
      assertThat(cache.get("list")).isSameAs(list);
    } finally {
      manager.destroyCache("by-reference");
    }
  }
}
