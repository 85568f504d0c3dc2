package io.larder.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules pass Prometheus's own checks: {@code promtool check rules} (syntax,
 * PromQL, templates) and {@code promtool test rules} on {@code src/test/promtool}, which feeds each
 * alert synthetic series and asserts when it fires, when it stays quiet and what it says. promtool
 * is required, not optional: without it this test fails, naming the package to install.
 */
class PromtoolRulesTest {
  private static final Path RULES =
      Path.of("src/main/resources/io/larder/metrics/prometheus-alerts.yml");
  private static final Path RULE_TESTS = Path.of("src/test/promtool/prometheus-alerts-test.yml");

  @Test
  void rulesPassPromtoolCheck() throws Exception {
    String output = promtool("check", "rules", RULES.toString());
    assertThat(output).contains("SUCCESS");
  }

  @Test
  void alertsPassPromtoolUnitTests() throws Exception {
    String output = promtool("test", "rules", RULE_TESTS.toString());
    assertThat(output).contains("SUCCESS");
  }

  private static String promtool(String... arguments) throws IOException, InterruptedException {
    Path promtool =
        findPromtool()
            .orElseGet(
                () ->
                    fail(
                        "promtool not found on the PATH (nor in $PROMTOOL): install Debian's 'prometheus' package"
                            + " (apt-get install prometheus) or Prometheus's release archive, which ship it"));
    List<String> command = new ArrayList<>();
    command.add(promtool.toString());
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool finished").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue())
        .as("promtool %s:%n%s", String.join(" ", arguments), output)
        .isZero();
    return output;
  }

  private static Optional<Path> findPromtool() {
    String explicit = System.getenv("PROMTOOL");
    if (explicit != null && !explicit.isBlank()) {
      Path given = Path.of(explicit);
      return Files.isExecutable(given) ? Optional.of(given) : Optional.empty();
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String directory : path.split(File.pathSeparator)) {
      Path candidate = Path.of(directory, "promtool");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
