package io.larder.jcache;

import java.lang.management.ManagementFactory;
import java.util.regex.Pattern;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a cache's configuration and statistics MXBeans in the platform MBean server, under the
 * names the specification gives: {@code javax.cache:type=CacheConfiguration} or {@code
 * CacheStatistics}, {@code CacheManager=<manager URI>}, {@code Cache=<cache name>}, with the
 * characters that an object name reserves ({@code , : = } and newlines) replaced by dots.
 */
final class ManagementRegistration {
  private static final Pattern RESERVED = Pattern.compile("[,:=\n]");

  /** The two kinds of cache MXBean. */
  enum Kind {
    CONFIGURATION("CacheConfiguration"),
    STATISTICS("CacheStatistics");

    private final String type;

    Kind(String type) {
      this.type = type;
    }
  }

  private ManagementRegistration() {}

  static ObjectName objectName(Kind kind, String managerUri, String cacheName) {
    String name =
        "javax.cache:type="
            + kind.type
            + ",CacheManager="
            + sanitize(managerUri)
            + ",Cache="
            + sanitize(cacheName);
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new CacheException("Illegal MXBean name " + name, e);
    }
  }

  /** Registers the bean unless a bean of that name is registered already. */
  static void register(Object bean, ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (InstanceAlreadyExistsException e) {
      // registered concurrently under the same name: the outcome asked for
    } catch (JMException e) {
      throw new CacheException("Failed to register the MXBean " + name, e);
    }
  }

  /** Unregisters the bean of that name, if one is registered. */
  static void unregister(ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException e) {
      // unregistered concurrently: the outcome asked for
    } catch (JMException e) {
      throw new CacheException("Failed to unregister the MXBean " + name, e);
    }
  }

  private static String sanitize(String value) {
    return RESERVED.matcher(value).replaceAll(".");
  }
}
