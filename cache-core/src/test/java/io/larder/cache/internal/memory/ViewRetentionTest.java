package io.larder.cache.internal.memory;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * JDK views ({@code subList}, {@code keySet()}, {@code values()}, {@code headMap}) retain the
 * collection behind them, through fields of {@code java.util} classes. No public method returns
 * that collection, and {@code java.base} does not open {@code java.util} to other modules, so by
 * default the estimator counts the view (its own elements and a guessed structure), well short of
 * what it retains. With {@code --add-opens java.base/java.util=ALL-UNNAMED} those fields are
 * readable, the estimator walks them to the collection, and each view is within 20% of JOL. Both
 * are measured here in forked JVMs; the figures go to {@code target/view-retention.md}.
 */
class ViewRetentionTest {
  private static final String OPENS = "--add-opens=java.base/java.util=ALL-UNNAMED";

  @Test
  void viewsCountTheCollectionBehindThemWhenJavaUtilIsOpen() throws Exception {
    Map<String, long[]> closed = run(List.of());
    Map<String, long[]> open = run(List.of(OPENS));
    assertThat(open.keySet()).containsExactlyElementsOf(ViewRetentionScenario.views().keySet());
    assertThat(closed.keySet()).containsExactlyElementsOf(open.keySet());

    StringBuilder table =
        new StringBuilder(
            "| view | JOL | estimate | estimate with " + OPENS + " |\n|---|---:|---:|---:|\n");
    open.forEach(
        (name, figures) ->
            table.append(
                String.format(
                    "| %s | %,d | %,d (%+.1f%%) | %,d " + "(%+.1f%%) |%n",
                    name,
                    figures[1],
                    closed.get(name)[0],
                    percent(closed.get(name)),
                    figures[0],
                    percent(figures))));
    System.out.println(table);
    Path report = Path.of("target", "view-retention.md");
    Files.createDirectories(report.getParent());
    Files.writeString(report, table, UTF_8);

    open.forEach(
        (name, figures) ->
            assertThat(Math.abs(percent(figures)))
                .as("%s with java.util open: estimate %d, JOL %d", name, figures[0], figures[1])
                .isLessThanOrEqualTo(20.0));
    closed.forEach(
        (name, figures) ->
            assertThat(figures[0])
                .as("%s by default: the view, short of what it retains", name)
                .isLessThan(figures[1] * 8 / 10));
  }

  private static double percent(long[] figures) {
    return 100.0 * (figures[0] - figures[1]) / figures[1];
  }

  /** Returns, by view, the estimate and JOL's deep size, from a forked JVM. */
  private static Map<String, long[]> run(List<String> jvmOptions)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp", System.getProperty("java.class.path"), ViewRetentionScenario.class.getName()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    boolean finished = process.waitFor(2, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    assertThat(finished).as("scenario finished; output:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("exit; output:%n%s", output).isZero();
    Map<String, long[]> rows = new LinkedHashMap<>();
    for (String line : output.split("\\R")) {
      if (line.startsWith("VIEW ")) {
        String[] fields = line.substring("VIEW ".length()).split("\\|");
        rows.put(fields[0], new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2])});
      }
    }
    return rows;
  }
}
