package io.larder.spring.autoconfigure;

import io.larder.spring.LarderCacheInventory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Logs, once the context's singletons exist, one line per Larder cache manager with its budget and
 * its caches' bounds, so that what a deployment runs with is in its start-up log.
 */
final class LarderInventoryLogger implements SmartInitializingSingleton {
  private static final Log LOG = LogFactory.getLog(LarderInventoryLogger.class);

  private final LarderCacheManagers managers;

  LarderInventoryLogger(LarderCacheManagers managers) {
    this.managers = managers;
  }

  @Override
  public void afterSingletonsInstantiated() {
    for (String line : LarderCacheInventory.of(managers.find()).logLines()) {
      LOG.info(line);
    }
  }
}
