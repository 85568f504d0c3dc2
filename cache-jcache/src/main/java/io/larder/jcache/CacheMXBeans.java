package io.larder.jcache;

import javax.management.ObjectName;

/**
 * The two MXBeans of one cache, its configuration and its statistics, registered and unregistered
 * in the platform MBean server (through {@link ManagementRegistration}, under the specification's
 * names) as management and statistics are enabled and disabled, and both unregistered when the
 * cache closes.
 */
final class CacheMXBeans {
  private final JCacheConfigurationBean configurationBean;
  private final JCacheStatistics statistics;
  private final ObjectName configurationName;
  private final ObjectName statisticsName;

  CacheMXBeans(
      JCacheConfigurationBean configurationBean,
      JCacheStatistics statistics,
      String managerUri,
      String cacheName) {
    this.configurationBean = configurationBean;
    this.statistics = statistics;
    this.configurationName =
        ManagementRegistration.objectName(
            ManagementRegistration.Kind.CONFIGURATION, managerUri, cacheName);
    this.statisticsName =
        ManagementRegistration.objectName(
            ManagementRegistration.Kind.STATISTICS, managerUri, cacheName);
  }

  /** Registers or unregisters the configuration MXBean. */
  void setConfigurationRegistered(boolean registered) {
    if (registered) {
      ManagementRegistration.register(configurationBean, configurationName);
    } else {
      ManagementRegistration.unregister(configurationName);
    }
  }

  /** Registers or unregisters the statistics MXBean. */
  void setStatisticsRegistered(boolean registered) {
    if (registered) {
      ManagementRegistration.register(statistics, statisticsName);
    } else {
      ManagementRegistration.unregister(statisticsName);
    }
  }

  /** Unregisters both MXBeans, for a cache that closes. */
  void unregister() {
    ManagementRegistration.unregister(configurationName);
    ManagementRegistration.unregister(statisticsName);
  }
}
