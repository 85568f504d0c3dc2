package io.larder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a test scenario's {@code main} in a JVM of its own, on the test class path, with a small
 * heap that the collector can be driven in ({@code -Xmx64m}, the serial collector) and soft
 * references cleared at the first full collection that follows their last use ({@code
 * -XX:SoftRefLRUPolicyMSPerMB=0}), and returns what it printed.
 */
public final class ForkedJvm {
  private ForkedJvm() {}

  /**
   * Runs {@code main} with the arguments and returns its output lines (standard output and error);
   * asserts that it exited, with status 0, within {@code timeoutSeconds}.
   */
  public static List<String> run(Class<?> main, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    return run(List.of(), main, timeoutSeconds, args);
  }

  /** Runs {@code main} as {@link #run(Class, long, String...)} does, with more JVM options. */
  public static List<String> run(
      List<String> jvmOptions, Class<?> main, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath =
        Stream.of("java.class.path", "jdk.module.path")
            .map(System::getProperty)
            .filter(p -> (p != null) && !p.isEmpty())
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command =
        new ArrayList<>(
            List.of(java, "-Xmx64m", "-XX:SoftRefLRUPolicyMSPerMB=0", "-XX:+UseSerialGC"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classPath, main.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    }
    boolean exited = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    assertThat(exited).as("%s %s exited: %s", main.getSimpleName(), List.of(args), lines).isTrue();
    assertThat(process.exitValue())
        .as("exit of %s %s: %s", main.getSimpleName(), List.of(args), lines)
        .isZero();
    return lines;
  }
}
