package io.larder.cache.memory;

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
 * Issue 19's shapes held by a memory bound (a Larder addition): in one forked JVM with {@code
 * -Xmx256m}, a {@code maximumMemory(64 MB)} cache is fed 400 MB of each shape of {@link
 * ValueShapes} in turn (8 MB buffers, 10 MB graphs and linked lists of boxes). For every shape: no
 * {@link OutOfMemoryError}, and the heap the cache retains after GC is under 1.3 times its budget
 * (83 MB). The figures are written to {@code target/shape-bounds.md}.
 *
 * <p>One JVM for all shapes, so that CI pays one JVM start-up and warm-up; each shape gets a new
 * cache, measured against the heap after GC just before it was built.
 */
class ShapeBoundTest {
  private static final long MB = 1L << 20;
  private static final long FEED = 400 * MB;
  private static final long RETAINED_BOUND = ShapeBoundScenario.BUDGET * 13 / 10;

  @Test
  void everyShapeFedIntoAMemoryBoundStaysUnderItsBudgetInTheHeap() throws Exception {
    Map<String, String[]> rows = run();
    assertThat(rows.keySet()).containsExactlyElementsOf(ValueShapes.all().keySet());
    StringBuilder table =
        new StringBuilder(
            "| value shape | one value | fed | OutOfMemoryError | entries kept | estimate | "
                + "retained heap after GC |\n|---|---:|---:|---|---:|---:|---:|\n");
    rows.forEach(
        (name, row) ->
            table.append(
                String.format(
                    "| %s | %d MB | %d MB | %s | %s | " + "%.1f MB | %.1f MB |%n",
                    name,
                    ShapeBoundScenario.valueBytes(name) / MB,
                    Long.parseLong(row[1]) / MB,
                    row[0].equals("true") ? "yes" : "no",
                    row[3],
                    Long.parseLong(row[4]) / (double) MB,
                    Long.parseLong(row[2]) / (double) MB)));
    System.out.println(table);
    Path report = Path.of("target", "shape-bounds.md");
    Files.createDirectories(report.getParent());
    Files.writeString(report, table, UTF_8);

    rows.forEach(
        (name, row) -> {
          assertThat(row[0]).as("%s: OutOfMemoryError", name).isEqualTo("false");
          assertThat(Long.parseLong(row[1]))
              .as("%s: bytes written", name)
              .isGreaterThanOrEqualTo(FEED);
          assertThat(Long.parseLong(row[2]))
              .as("%s: retained heap after GC", name)
              .isLessThan(RETAINED_BOUND);
          assertThat(Long.parseLong(row[3])).as("%s: entries kept", name).isPositive();
        });
  }

  /**
   * The CI failure of 2026-12-07 made certain: the largest buffer and array shapes fed through
   * caches whose executor never runs maintenance, so that only their writers (past the bytes
   * awaiting maintenance that {@code WriteBacklog} allows) and {@code cleanUp()} evict.
   */
  @Test
  void aLateExecutorDoesNotLetLargeValuesPileUp() throws Exception {
    List<String> shapes =
        List.of("BitSet", "ByteBuffer.allocate", "Proxy whose handler holds the data");
    Map<String, String[]> rows =
        run(List.of("-D" + ShapeBoundScenario.LATE_EXECUTOR + "=true"), shapes);
    assertThat(rows.keySet()).containsExactlyElementsOf(shapes);
    rows.forEach(
        (name, row) -> {
          System.out.printf(
              "late executor, %s: OutOfMemoryError %s, retained %.1f MB, %s entries%n",
              name, row[0], Long.parseLong(row[2]) / (double) MB, row[3]);
          assertThat(row[0]).as("%s: OutOfMemoryError", name).isEqualTo("false");
          assertThat(Long.parseLong(row[1]))
              .as("%s: bytes written", name)
              .isGreaterThanOrEqualTo(FEED);
          assertThat(Long.parseLong(row[2]))
              .as("%s: retained heap after GC", name)
              .isLessThan(RETAINED_BOUND);
        });
  }

  private static Map<String, String[]> run() throws IOException, InterruptedException {
    return run(List.of(), List.of("all"));
  }

  /** Returns, by shape, outOfMemoryError, written, retained, entries, estimate. */
  private static Map<String, String[]> run(List<String> jvmOptions, List<String> shapes)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseG1GC"));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            ShapeBoundScenario.class.getName(),
            Long.toString(FEED)));
    command.addAll(shapes);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    assertThat(finished).as("scenario finished; output:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("exit; output:%n%s", output).isZero();
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String line : output.split("\\R")) {
      if (line.startsWith("SHAPE ")) {
        String[] fields = line.substring("SHAPE ".length()).split("\\|");
        rows.put(fields[0], List.of(fields).subList(1, fields.length).toArray(new String[0]));
      }
    }
    return rows;
  }
}
