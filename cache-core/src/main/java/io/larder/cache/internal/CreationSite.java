package io.larder.cache.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Finds the code that built a cache, as a {@code class.method(File.java:line)} string: the first
 * stack frame, walking out from the builder, that is neither Larder's nor the JDK's code called by
 * Larder. Only the string is kept, never a {@code Class}, so a recorded site cannot pin the
 * caller's class loader.
 *
 * <p>Larder's frames are recognized by their package's name, so that cache-core needs none of the
 * other modules' classes:
 *
 * <ul>
 *   <li>cache-core's builder and implementation: {@code io.larder.cache}, {@code
 *       io.larder.cache.stats} and {@code io.larder.cache.internal} with its subpackages;
 *   <li>the API package of each module that builds a cache inside its own API on its caller's
 *       behalf ({@link #BUILDING_MODULE_PACKAGES}): cache-jcache's {@code io.larder.jcache}, whose
 *       {@code CacheManager.createCache} builds one, and cache-redis's {@code
 *       io.larder.cache.redis}, whose two-level builder builds the local tier. A user's {@code
 *       createCache} or {@code build} call is then the site, as it is for a cache built with {@code
 *       Caffeine}.
 * </ul>
 *
 * <p>Exactly those packages, not their subpackages (except cache-core's {@code internal}): a test
 * that wants its own frame as the site sits in a subpackage. cache-spring's packages are not in the
 * list on purpose: a cache that Spring's cache manager builds from properties or on first use of a
 * cache name has no user frame that configured it, so the useful site is Larder's Spring cache
 * manager itself. A new module that builds caches for its caller adds its package here.
 *
 * <p>JDK frames between two Larder frames are skipped too: a module may build a cache inside a JDK
 * call it made (cache-jcache builds one inside {@code ConcurrentHashMap.compute}), and that JDK
 * frame is not the caller's code. A JDK frame that called Larder directly, with no Larder frame
 * further out, is still the site, since no other code asked for the cache.
 */
public final class CreationSite {
  private static final StackWalker WALKER = StackWalker.getInstance();

  /** The API packages of the modules that build caches on their caller's behalf (exact names). */
  static final List<String> BUILDING_MODULE_PACKAGES =
      List.of("io.larder.jcache", "io.larder.cache.redis");

  private CreationSite() {}

  /** Returns the site of the first caller outside Larder's packages and the JDK calls it made. */
  public static String ofCaller() {
    Optional<String> site =
        WALKER.walk(
            frames ->
                callerAmong(frames, StackWalker.StackFrame::getClassName)
                    .map(StackWalker.StackFrame::toStackTraceElement)
                    .map(StackTraceElement::toString));
    return site.orElse("unknown");
  }

  /**
   * Returns the caller among {@code frames}, innermost first: the first frame that is not Larder's,
   * unless it is a JDK frame with a Larder frame further out (see the class comment).
   */
  static <F> Optional<F> callerAmong(Stream<F> frames, Function<F, String> classNameOf) {
    @Nullable F firstJdkFrame = null;
    for (F frame : (Iterable<F>) frames::iterator) {
      String className = classNameOf.apply(frame);
      if (isLarderFrame(className)) {
        firstJdkFrame = null;
      } else if (isJdkFrame(className)) {
        if (firstJdkFrame == null) {
          firstJdkFrame = frame;
        }
      } else {
        return Optional.of((firstJdkFrame == null) ? frame : firstJdkFrame);
      }
    }
    return Optional.ofNullable(firstJdkFrame);
  }

  /** Returns whether the class is Larder's builder or implementation (not a user's or a test's). */
  static boolean isLarderFrame(String className) {
    String pkg = packageOf(className);
    return pkg.equals("io.larder.cache")
        || pkg.equals("io.larder.cache.stats")
        || pkg.equals("io.larder.cache.internal")
        || pkg.startsWith("io.larder.cache.internal.")
        || BUILDING_MODULE_PACKAGES.contains(pkg);
  }

  /** Returns whether the class is the JDK's (its {@code java}, {@code jdk} or {@code sun} code). */
  static boolean isJdkFrame(String className) {
    return className.startsWith("java.")
        || className.startsWith("jdk.")
        || className.startsWith("sun.")
        || className.startsWith("com.sun.");
  }

  private static String packageOf(String className) {
    int lastDot = className.lastIndexOf('.');
    return (lastDot < 0) ? "" : className.substring(0, lastDot);
  }
}
