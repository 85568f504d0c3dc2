package io.larder.jcache.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.CacheInsight;
import io.larder.cache.CacheObserver;
import io.larder.cache.CacheObserver.GuardWarning;
import io.larder.cache.CacheObserver.Registration;
import io.larder.cache.CacheObserver.Rule;
import io.larder.jcache.LarderCachingProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A JCache cache is "built at" the code that called {@code CacheManager.createCache}, not at a
 * frame inside cache-jcache: its {@link CacheInsight} and the guards' warnings name the caller, as
 * for a cache built with {@code Caffeine}. This test sits in a subpackage of {@code
 * io.larder.jcache} because the provider's own package is skipped as Larder's.
 */
class JCacheCreationSiteTest {
  private static final String THIS_CLASS = JCacheCreationSiteTest.class.getName();

  private final LarderCachingProvider provider = new LarderCachingProvider();

  @AfterEach
  void close() {
    provider.close();
  }

  private CacheManager manager() {
    return provider.getCacheManager(
        URI.create("larder:creation-site"), JCacheCreationSiteTest.class.getClassLoader());
  }

  /** Records the guard warnings raised while registered. */
  private static final class Recorder implements CacheObserver {
    final List<GuardWarning> warnings = new CopyOnWriteArrayList<>();

    @Override
    public void cacheBuilt(Object cache) {}

    @Override
    public void guardWarning(GuardWarning warning) {
      warnings.add(warning);
    }
  }

  @Test
  void aCreatedCacheIsBuiltAtTheCallOfCreateCache() {
    Cache<String, String> cache =
        manager().createCache("site", new MutableConfiguration<String, String>());

    CacheInsight insight = CacheInsight.of(cache.unwrap(io.larder.cache.Cache.class)).orElseThrow();
    assertThat(insight.creationSite())
        .startsWith(THIS_CLASS + ".aCreatedCacheIsBuiltAtTheCallOfCreateCache(")
        .contains("JCacheCreationSiteTest.java:");
    assertThat(insight.name()).isEqualTo("site");
  }

  @Test
  void theChurnGuardsWarningNamesTheCodeThatCreatedTheCaches() {
    String previous = System.getProperty("larder.guard.churnThreshold");
    System.setProperty("larder.guard.churnThreshold", "2");
    Recorder recorder = new Recorder();
    List<Cache<String, String>> caches = new ArrayList<>();
    try (Registration registration = CacheObserver.register(recorder)) {
      CacheManager manager = manager();
      for (int i = 0; i < 3; i++) {
        caches.add(manager.createCache("churned-" + i, new MutableConfiguration<>()));
      }
    } finally {
      if (previous == null) {
        System.clearProperty("larder.guard.churnThreshold");
      } else {
        System.setProperty("larder.guard.churnThreshold", previous);
      }
    }

    assertThat(caches).hasSize(3);
    assertThat(recorder.warnings)
        .filteredOn(warning -> warning.rule() == Rule.CHURN)
        .singleElement()
        .satisfies(
            warning -> {
              assertThat(warning.cacheName()).isEqualTo("churned-2");
              assertThat(warning.creationSite())
                  .startsWith(
                      THIS_CLASS + ".theChurnGuardsWarningNamesTheCodeThatCreatedTheCaches(");
              assertThat(warning.message()).contains(warning.creationSite());
            });
  }
}
