package io.larder.cache.internal;

import java.util.Optional;

/**
 * Finds the code that built a cache: the first stack frame outside Larder's own packages, as a
 * {@code class.method(File.java:line)} string. Only the string is kept, never a {@code Class}, so
 * a recorded site cannot pin the caller's class loader.
 */
public final class CreationSite {
  private static final StackWalker WALKER = StackWalker.getInstance();

  private CreationSite() {}

  /** Returns the site of the first caller outside {@code io.larder.cache}. */
  public static String ofCaller() {
    Optional<String> site =
        WALKER.walk(
            frames ->
                frames
                    .filter(frame -> !frame.getClassName().startsWith("io.larder.cache."))
                    .findFirst()
                    .map(StackWalker.StackFrame::toStackTraceElement)
                    .map(StackTraceElement::toString));
    return site.orElse("unknown");
  }
}
