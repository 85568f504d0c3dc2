package io.larder.demo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * The catalogue: renders products and search results, which is expensive enough to cache. Every
 * distinct request (product and locale, or search text) is a new cache entry, so the caches grow
 * with the traffic unless something bounds them.
 */
@Service
public class Catalogue {
  private static final String DESCRIPTION_WORDS =
      "sturdy light compact reliable elegant durable versatile practical classic modern ";

  private final AtomicLong renders = new AtomicLong();

  /** Names changed through {@link #rename}, by "id:locale": this instance's stand-in database. */
  private final Map<String, String> renamed = new ConcurrentHashMap<>();

  /** Renders a product in a locale; cached by both. */
  @Cacheable(cacheNames = "products", key = "#id + ':' + #locale")
  public Product product(long id, String locale) {
    renders.incrementAndGet();
    return render(id, locale);
  }

  private Product render(long id, String locale) {
    StringBuilder description = new StringBuilder(1024);
    while (description.length() < 1000) {
      description.append(DESCRIPTION_WORDS);
    }
    description.append('#').append(id).append(' ').append(locale);
    String name = renamed.getOrDefault(id + ":" + locale, "Product " + id + " (" + locale + ")");
    return new Product(id, locale, name, description.toString());
  }

  /**
   * Renames a product in a locale and puts the result in the cache ({@code @CachePut}): with the
   * two-level cache, every instance then serves the new name.
   */
  @CachePut(cacheNames = "products", key = "#id + ':' + #locale")
  public Product rename(long id, String locale, String name) {
    renamed.put(id + ":" + locale, name);
    return render(id, locale);
  }

  /** Searches the catalogue; cached by the search text. */
  @Cacheable(cacheNames = "searches")
  public List<Long> search(String text) {
    renders.incrementAndGet();
    long seed = text.hashCode() & 0xffffL;
    return List.of(seed, seed + 1, seed + 2, seed + 3, seed + 4);
  }

  /** Returns how many products and searches were rendered rather than served from a cache. */
  public long renders() {
    return renders.get();
  }
}
