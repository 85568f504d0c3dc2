package io.larder.jcache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.jcache.LarderCachingProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hibernate ORM's second-level cache on Larder through {@code hibernate-jcache}, with an in-memory
 * H2 database: an entity region and the query-results region are Larder caches, hits are counted by
 * Hibernate's statistics, and the regions are bounded by Larder specifications that Hibernate's
 * properties point to ({@code hibernate.javax.cache.uri} names {@code
 * larder-hibernate.properties}).
 */
class HibernateSecondLevelCacheTest {
  private static final int BOOKS = 50;

  private SessionFactory sessionFactory;

  @BeforeEach
  void startHibernate() {
    Map<String, Object> settings =
        Map.ofEntries(
            Map.entry("hibernate.connection.url", "jdbc:h2:mem:larder-hibernate;DB_CLOSE_DELAY=-1"),
            Map.entry("hibernate.connection.username", "sa"),
            Map.entry("hibernate.connection.password", ""),
            Map.entry("hibernate.hbm2ddl.auto", "create-drop"),
            Map.entry("hibernate.cache.use_second_level_cache", "true"),
            Map.entry("hibernate.cache.use_query_cache", "true"),
            Map.entry("hibernate.cache.region.factory_class", "jcache"),
            Map.entry("hibernate.javax.cache.provider", LarderCachingProvider.class.getName()),
            Map.entry("hibernate.javax.cache.uri", "larder-hibernate.properties"),
            Map.entry("hibernate.javax.cache.missing_cache_strategy", "create"),
            Map.entry("hibernate.generate_statistics", "true"));
    StandardServiceRegistry registry =
        new StandardServiceRegistryBuilder().applySettings(settings).build();
    sessionFactory =
        new MetadataSources(registry)
            .addAnnotatedClass(Book.class)
            .buildMetadata()
            .buildSessionFactory();
    sessionFactory.inTransaction(
        session -> {
          for (long id = 1; id <= BOOKS; id++) {
            session.persist(new Book(id, "Book " + id));
          }
        });
    // Start each test with empty regions (a READ_WRITE region caches what was just inserted).
    sessionFactory.getCache().evictAllRegions();
    sessionFactory.getStatistics().clear();
  }

  @AfterEach
  void stopHibernate() {
    sessionFactory.close();
  }

  /**
   * Returns the Larder-backed JCache cache of a region, from the manager Hibernate opened: the
   * provider's manager for the URI Hibernate resolved and the default class loader.
   */
  private Cache<Object, Object> region(String name) throws URISyntaxException {
    CachingProvider provider = Caching.getCachingProvider(LarderCachingProvider.class.getName());
    URI uri = provider.getDefaultClassLoader().getResource("larder-hibernate.properties").toURI();
    CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader());
    assertThat(manager.getCacheNames()).contains(name);
    return manager.getCache(name);
  }

  @Test
  void entityLookupsAfterTheFirstAreSecondLevelCacheHits() throws Exception {
    Statistics statistics = sessionFactory.getStatistics();
    String title = sessionFactory.fromSession(session -> session.find(Book.class, 7L).getTitle());
    assertThat(title).isEqualTo("Book 7");
    for (int i = 0; i < 3; i++) {
      String again = sessionFactory.fromSession(session -> session.find(Book.class, 7L).getTitle());
      assertThat(again).isEqualTo("Book 7");
    }
    assertThat(statistics.getDomainDataRegionStatistics("books").getMissCount()).isEqualTo(1);
    assertThat(statistics.getDomainDataRegionStatistics("books").getHitCount()).isEqualTo(3);
    assertThat(statistics.getSecondLevelCacheHitCount()).isEqualTo(3);
    assertThat(statistics.getEntityLoadCount()).isEqualTo(1);
    assertThat(region("books").unwrap(io.larder.cache.Cache.class).estimatedSize()).isPositive();
  }

  @Test
  void cacheableQueriesAreAnsweredFromTheQueryRegion() throws Exception {
    Statistics statistics = sessionFactory.getStatistics();
    for (int i = 0; i < 2; i++) {
      List<Book> books =
          sessionFactory.fromSession(
              session ->
                  session
                      .createSelectionQuery("from Book where id <= 5 order by id", Book.class)
                      .setCacheable(true)
                      .getResultList());
      assertThat(books).extracting(Book::getTitle).startsWith("Book 1").hasSize(5);
    }
    assertThat(statistics.getQueryCacheMissCount()).isEqualTo(1);
    assertThat(statistics.getQueryCacheHitCount()).isEqualTo(1);
    io.larder.cache.Cache<?, ?> queries =
        region("default-query-results-region").unwrap(io.larder.cache.Cache.class);
    assertThat(queries.estimatedSize()).isEqualTo(1);
    assertThat(queries.policy().eviction().orElseThrow().getMaximum()).isEqualTo(1L << 20);
  }

  @Test
  void theEntityRegionIsBoundedByTheLarderSpecInHibernatesProperties() throws Exception {
    for (long id = 1; id <= BOOKS; id++) {
      long bookId = id;
      sessionFactory.inSession(session -> session.find(Book.class, bookId));
    }
    io.larder.cache.Cache<?, ?> books = region("books").unwrap(io.larder.cache.Cache.class);
    books.cleanUp();
    assertThat(books.policy().eviction().orElseThrow().getMaximum()).isEqualTo(10);
    assertThat(books.estimatedSize()).isLessThanOrEqualTo(10);
    assertThat(sessionFactory.getStatistics().getSecondLevelCachePutCount()).isEqualTo(BOOKS);
    assertThat(region("books").unwrap(io.larder.jcache.LarderJCache.class).getName())
        .isEqualTo("books");
    // The timestamps region has no spec: unbounded, so Larder's guard watches it.
    assertThat(
            region("default-update-timestamps-region")
                .unwrap(io.larder.cache.Cache.class)
                .policy()
                .eviction())
        .isEmpty();
    assertThat(Caching.getCachingProvider()).isInstanceOf(LarderCachingProvider.class);
  }
}
