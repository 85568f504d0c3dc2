package io.larder.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus text-format scrape, parsed into samples for assertions. */
final class Scrape {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\S+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One sample: a series name, its labels and its value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples = new ArrayList<>();

  Scrape(String text) {
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher matcher = SAMPLE.matcher(line.trim());
      if (!matcher.matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (matcher.group(2) != null) {
        Matcher label = LABEL.matcher(matcher.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(3))));
    }
  }

  /** Returns the names of all series in the scrape. */
  Set<String> names() {
    Set<String> names = new TreeSet<>();
    samples.forEach(sample -> names.add(sample.name()));
    return names;
  }

  /** Returns the samples of a series whose labels include the given pairs. */
  List<Sample> find(String name, String... labelPairs) {
    List<Sample> found = new ArrayList<>();
    for (Sample sample : samples) {
      if (sample.name().equals(name) && hasLabels(sample, labelPairs)) {
        found.add(sample);
      }
    }
    return found;
  }

  /** Returns the value of the single sample that matches; fails if there is not exactly one. */
  double value(String name, String... labelPairs) {
    List<Sample> found = find(name, labelPairs);
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one sample of " + name + " " + List.of(labelPairs) + " but found " + found);
    }
    return found.get(0).value();
  }

  private static boolean hasLabels(Sample sample, String... labelPairs) {
    for (int i = 0; i < labelPairs.length; i += 2) {
      if (!labelPairs[i + 1].equals(sample.labels().get(labelPairs[i]))) {
        return false;
      }
    }
    return true;
  }
}
