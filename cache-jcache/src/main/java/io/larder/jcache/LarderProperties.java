package io.larder.jcache;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * The Larder settings of a cache manager given as properties: {@code larder.jcache.spec.<cache
 * name>} is the Larder specification string of one cache (for example {@code
 * maximumMemory=64m,expireAfterWrite=10m}; see {@link LarderConfiguration#applySpec(String)}), and
 * {@code larder.jcache.default-spec} that of every other cache. They are read, each source
 * overriding the one before, from the JVM's system properties, from the {@code .properties}
 * resource the manager's URI names ({@code classpath:}, {@code file:} or {@code jar:}), if it names
 * one, and from the properties passed to {@code getCacheManager}.
 */
final class LarderProperties {
  /** The prefix of a per-cache specification property; the cache name follows it. */
  static final String SPEC_PREFIX = "larder.jcache.spec.";

  /** The specification of the caches that have none of their own. */
  static final String DEFAULT_SPEC = "larder.jcache.default-spec";

  private final Map<String, String> specs;
  private final @Nullable String defaultSpec;

  private LarderProperties(Map<String, String> specs, @Nullable String defaultSpec) {
    this.specs = specs;
    this.defaultSpec = defaultSpec;
  }

  static LarderProperties of(URI uri, ClassLoader classLoader, Properties properties) {
    Map<String, String> merged = new HashMap<>();
    copyStrings(System.getProperties(), merged);
    Properties fromResource = readResource(uri, classLoader);
    copyStrings(fromResource, merged);
    copyStrings(properties, merged);
    Map<String, String> specs = new HashMap<>();
    for (Map.Entry<String, String> entry : merged.entrySet()) {
      if (entry.getKey().startsWith(SPEC_PREFIX)) {
        specs.put(entry.getKey().substring(SPEC_PREFIX.length()), entry.getValue());
      }
    }
    LarderProperties result = new LarderProperties(specs, merged.get(DEFAULT_SPEC));
    result.validate();
    return result;
  }

  /** Applies the specification named for the cache, or the default one, to its configuration. */
  void applyTo(String cacheName, LarderConfiguration<?, ?> configuration) {
    String spec = specs.getOrDefault(cacheName, defaultSpec);
    if (spec != null) {
      configuration.applySpec(spec);
    }
  }

  /** Fails at once, naming the property, on a specification that does not parse. */
  private void validate() {
    for (Map.Entry<String, String> entry : specs.entrySet()) {
      check(SPEC_PREFIX + entry.getKey(), entry.getValue());
    }
    if (defaultSpec != null) {
      check(DEFAULT_SPEC, defaultSpec);
    }
  }

  private static void check(String property, String spec) {
    try {
      new LarderConfiguration<Object, Object>().applySpec(spec);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(
          "The property "
              + property
              + "="
              + spec
              + " is not a valid Larder specification: "
              + e.getMessage(),
          e);
    }
  }

  private static void copyStrings(Properties from, Map<String, String> to) {
    for (Map.Entry<Object, Object> entry : from.entrySet()) {
      if ((entry.getKey() instanceof String) && (entry.getValue() instanceof String)) {
        to.put((String) entry.getKey(), ((String) entry.getValue()).strip());
      }
    }
  }

  private static Properties readResource(URI uri, ClassLoader classLoader) {
    Properties properties = new Properties();
    String scheme = (uri.getScheme() == null) ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String text = uri.toString();
    if (!text.endsWith(".properties")) {
      return properties;
    }
    try (InputStream in = open(scheme, uri, classLoader)) {
      if (in == null) {
        throw new CacheException(
            "The cache manager URI "
                + uri
                + " names a properties "
                + "resource that does not exist, or is not a classpath:, file: or jar: URI");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new CacheException("Failed to read the cache manager properties " + uri, e);
    }
    return properties;
  }

  private static @Nullable InputStream open(String scheme, URI uri, ClassLoader classLoader)
      throws IOException {
    switch (scheme) {
      case "classpath":
        {
          String path = uri.getSchemeSpecificPart();
          while (path.startsWith("/")) {
            path = path.substring(1);
          }
          return classLoader.getResourceAsStream(path);
        }
      case "file":
      case "jar":
        return uri.toURL().openStream();
      default:
        return null;
    }
  }
}
