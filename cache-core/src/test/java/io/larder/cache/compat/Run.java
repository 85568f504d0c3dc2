package io.larder.cache.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import io.larder.cache.testing.Library;
import io.larder.cache.testing.TestBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One run of a scenario against one library: builders, steps recorded in a {@link Transcript}. A
 * scenario is written once, as a {@code Consumer<Run>}, and {@link #assertSameAsCaffeine} runs it
 * against both libraries and compares their transcripts.
 */
final class Run {
  final Library impl;
  final Transcript transcript = new Transcript();

  private Run(Library impl) {
    this.impl = impl;
  }

  /**
   * Returns a builder whose caches use a same-thread executor and record every removal
   * notification in the transcript (unless the scenario sets its own executor or listener).
   */
  TestBuilder builder() {
    return impl.builder(Runnable::run, transcript.listener());
  }

  /** Returns a builder with the library's defaults, for validation scenarios. */
  TestBuilder bareBuilder() {
    return impl.builder(null, null);
  }

  <T> @Nullable T step(String label, Transcript.Step<T> step) {
    return transcript.step(label, step);
  }

  /** Records the step's result, or only its exception's type; returns the exception. */
  @Nullable Throwable stepTypeOnly(String label, Transcript.Step<?> step) {
    return transcript.stepTypeOnly(label, step);
  }

  void run(String label, Transcript.Action action) {
    transcript.run(label, action);
  }

  void note(String line) {
    transcript.note(line);
  }

  /** Records the cache's statistics (counts, not load time). */
  void stats(String label, Cache<?, ?> cache) {
    transcript.step(label + " stats", cache::stats);
  }

  /** Returns a sorted copy, for views whose iteration order is the hash table's. */
  static <K, V> Map<K, V> sorted(Map<K, V> map) {
    return new TreeMap<>(map);
  }

  /** Returns a sorted copy, for views whose iteration order is the hash table's. */
  @SuppressWarnings("unchecked")
  static <E> List<E> sorted(Collection<E> collection) {
    List<E> copy = new ArrayList<>(collection);
    copy.sort((a, b) -> ((Comparable<Object>) a).compareTo(b));
    return copy;
  }

  /** Runs the scenario against both libraries and returns Larder's and Caffeine's transcripts. */
  static List<List<String>> transcripts(Consumer<Run> scenario) {
    List<List<String>> result = new ArrayList<>();
    for (Library impl : Library.values()) {
      Run run = new Run(impl);
      try {
        scenario.accept(run);
      } catch (RuntimeException | Error e) {
        run.note("scenario threw " + Transcript.render(e));
      }
      result.add(run.transcript.lines());
    }
    return result;
  }

  /**
   * Runs the scenario against Larder and Caffeine and asserts that they observed the same
   * results, exceptions, statistics and notifications; returns the common transcript.
   */
  static List<String> assertSameAsCaffeine(Consumer<Run> scenario) {
    List<List<String>> both = transcripts(scenario);
    List<String> larder = both.get(0);
    List<String> caffeine = both.get(1);
    if (Boolean.getBoolean("larder.printTranscripts")) {
      System.out.println(String.join("\n", caffeine) + "\n----");
    }
    assertThat(caffeine).as("Caffeine's transcript").isNotEmpty();
    assertThat(String.join("\n", larder))
        .as("Larder's transcript differs from Caffeine's:%n%s", diff(larder, caffeine))
        .isEqualTo(String.join("\n", caffeine));
    return larder;
  }

  /** Lists the lines that differ, position by position: Caffeine's, then Larder's. */
  static String diff(List<String> larder, List<String> caffeine) {
    StringBuilder diff = new StringBuilder();
    for (int i = 0; i < Math.max(larder.size(), caffeine.size()); i++) {
      String ours = (i < larder.size()) ? larder.get(i) : "<none>";
      String theirs = (i < caffeine.size()) ? caffeine.get(i) : "<none>";
      if (!ours.equals(theirs)) {
        diff.append("  caffeine: ").append(theirs).append("\n")
            .append("  larder:   ").append(ours).append("\n");
      }
    }
    return diff.toString();
  }
}
