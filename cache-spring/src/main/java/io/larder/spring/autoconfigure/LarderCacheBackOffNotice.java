package io.larder.spring.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Logs, once per application context, that Larder did not configure the cache manager because the
 * application has another cache provider that Spring Boot picks, and how to choose Larder instead.
 */
public final class LarderCacheBackOffNotice implements SmartInitializingSingleton {
  private static final Log LOG = LogFactory.getLog(LarderCacheBackOffNotice.class);

  private final String provider;

  /**
   * Creates the notice.
   *
   * @param provider the other provider, described
   */
  LarderCacheBackOffNotice(String provider) {
    this.provider = provider;
  }

  /** Returns the other provider, described. */
  public String provider() {
    return provider;
  }

  @Override
  public void afterSingletonsInstantiated() {
    LOG.info(
        "Larder did not configure the cache manager: the application has "
            + provider
            + ", which Spring Boot's cache auto-configuration picks. Set spring.cache.type=larder to "
            + "use Larder's caches instead.");
  }
}
