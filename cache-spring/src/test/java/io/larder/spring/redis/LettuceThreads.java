package io.larder.spring.redis;

import java.util.Set;
import java.util.stream.Collectors;

/** The live threads of Lettuce clients, for tests that check a context leaves none behind. */
public final class LettuceThreads {
  private LettuceThreads() {}

  /** The names of the live threads of Lettuce clients (its event loops and timers). */
  public static Set<String> names() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("lettuce-"))
        .collect(Collectors.toSet());
  }
}
