package io.larder.cache.compat;

import io.larder.cache.Policy;
import io.larder.cache.RemovalListener;
import io.larder.cache.stats.CacheStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What a scenario observed, line by line: each step's result or exception, statistics snapshots,
 * and removal notifications (in the order they were delivered, between the steps that caused them).
 * Two libraries behave the same in a scenario when their transcripts are equal.
 *
 * <p>Exceptions are written as their type and message, except {@link NullPointerException}, whose
 * message is the JDK's description of the failing expression and so depends on the code path. Load
 * times are left out of statistics: they are wall-clock durations.
 */
final class Transcript {

  /** A step that may throw anything. */
  @FunctionalInterface
  interface Step<T> {
    @Nullable T get() throws Throwable;
  }

  /** A step without a result. */
  @FunctionalInterface
  interface Action {
    void run() throws Throwable;
  }

  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

  /** Returns the lines so far. */
  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** Adds a free-form line. */
  void note(String line) {
    lines.add(line);
  }

  /** Runs the step and records its result or exception; returns the result, or null if it threw. */
  <T> @Nullable T step(String label, Step<T> step) {
    try {
      T result = step.get();
      lines.add(label + " -> " + render(result));
      return result;
    } catch (Throwable t) {
      lines.add(label + " !! " + render(t));
      return null;
    }
  }

  /**
   * Runs the step and records its result, or only the type of its exception: for the builder's
   * validation, whose messages Larder deliberately extends with the offending value. Returns the
   * exception, or null if the step completed.
   */
  @Nullable Throwable stepTypeOnly(String label, Step<?> step) {
    try {
      lines.add(label + " -> " + render(step.get()));
      return null;
    } catch (Throwable t) {
      lines.add(label + " !! " + t.getClass().getName());
      return t;
    }
  }

  /** Runs the action and records that it completed, or its exception. */
  void run(String label, Action action) {
    try {
      action.run();
      lines.add(label + " ok");
    } catch (Throwable t) {
      lines.add(label + " !! " + render(t));
    }
  }

  /** Returns a removal listener that records each notification. */
  RemovalListener<Object, Object> listener() {
    return (key, value, cause) ->
        lines.add("  removal " + render(key) + "=" + render(value) + " " + cause);
  }

  /** Renders a value deterministically and comparably across the two libraries. */
  static String render(@Nullable Object o) {
    if (o == null) {
      return "null";
    } else if (o instanceof Throwable) {
      return renderThrowable((Throwable) o);
    } else if (o instanceof CacheStats) {
      CacheStats s = (CacheStats) o;
      return "stats{hits="
          + s.hitCount()
          + ", misses="
          + s.missCount()
          + ", loadSuccesses="
          + s.loadSuccessCount()
          + ", loadFailures="
          + s.loadFailureCount()
          + ", evictions="
          + s.evictionCount()
          + ", evictionWeight="
          + s.evictionWeight()
          + "}";
    } else if (o instanceof Policy.CacheEntry<?, ?>) {
      Policy.CacheEntry<?, ?> e = (Policy.CacheEntry<?, ?>) o;
      return "entry{"
          + render(e.getKey())
          + "="
          + render(e.getValue())
          + ", weight="
          + e.weight()
          + ", expiresAt="
          + e.expiresAt()
          + ", refreshableAt="
          + e.refreshableAt()
          + ", snapshotAt="
          + e.snapshotAt()
          + ", expiresAfter="
          + e.expiresAfter()
          + ", refreshableAfter="
          + e.refreshableAfter()
          + "}";
    } else if (o instanceof CompletableFuture<?>) {
      CompletableFuture<?> f = (CompletableFuture<?>) o;
      if (!f.isDone()) {
        return "future[pending]";
      }
      try {
        return "future[" + render(f.join()) + "]";
      } catch (CompletionException e) {
        return "future[failed " + render(e.getCause()) + "]";
      } catch (RuntimeException e) {
        return "future[failed " + render(e) + "]";
      }
    } else if (o instanceof Map<?, ?>) {
      return ((Map<?, ?>) o)
          .entrySet().stream()
              .map(e -> render(e.getKey()) + "=" + render(e.getValue()))
              .collect(Collectors.joining(", ", "{", "}"));
    } else if (o instanceof Map.Entry<?, ?>) {
      Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
      return render(e.getKey()) + "=" + render(e.getValue());
    } else if (o instanceof Collection<?>) {
      return ((Collection<?>) o)
          .stream().map(Transcript::render).collect(Collectors.joining(", ", "[", "]"));
    } else if (o instanceof Object[]) {
      return render(List.of((Object[]) o));
    } else if (o instanceof Optional<?>) {
      Optional<?> optional = (Optional<?>) o;
      return optional.isPresent() ? "Optional[" + render(optional.get()) + "]" : "Optional.empty";
    }
    return String.valueOf(o);
  }

  private static String renderThrowable(Throwable t) {
    StringBuilder s = new StringBuilder(t.getClass().getName());
    if (!(t instanceof NullPointerException)
        && t.getMessage() != null
        && !(t instanceof CompletionException)) {
      s.append('(').append(t.getMessage()).append(')');
    }
    if (t.getCause() != null && t.getCause() != t) {
      s.append(" caused by ").append(renderThrowable(t.getCause()));
    }
    return s.toString();
  }
}
