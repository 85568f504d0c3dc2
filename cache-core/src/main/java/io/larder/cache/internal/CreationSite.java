package io.larder.cache.internal;

import java.util.Optional;

/**
 * Finds the code that built a cache: the first stack frame outside Larder's cache packages ({@code
 * io.larder.cache}, its {@code stats} and {@code internal} packages), as a {@code
 * class.method(File.java:line)} string. Only the string is kept, never a {@code Class}, so a
 * recorded site cannot pin the caller's class loader.
 */
public final class CreationSite {
  private static final StackWalker WALKER = StackWalker.getInstance();

  private CreationSite() {}

  /** Returns the site of the first caller outside Larder's cache packages. */
  public static String ofCaller() {
    Optional<String> site =
        WALKER.walk(
            frames ->
                frames
                    .filter(frame -> !isLarderFrame(frame.getClassName()))
                    .findFirst()
                    .map(StackWalker.StackFrame::toStackTraceElement)
                    .map(StackTraceElement::toString));
    return site.orElse("unknown");
  }

  /** Returns whether the class is Larder's builder or implementation (not a user's or a test's). */
  static boolean isLarderFrame(String className) {
    int lastDot = className.lastIndexOf('.');
    String pkg = (lastDot < 0) ? "" : className.substring(0, lastDot);
    return pkg.equals("io.larder.cache")
        || pkg.equals("io.larder.cache.stats")
        || pkg.startsWith("io.larder.cache.internal");
  }
}
