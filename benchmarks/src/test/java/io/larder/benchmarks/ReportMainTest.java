package io.larder.benchmarks;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** The command line of the report: sections, options and their errors. */
class ReportMainTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void acceptsSectionsAndOptions() {
    assertThatCode(
            () ->
                ReportMain.parse(
                    new String[] {
                      "--quick",
                      "--forks",
                      "3",
                      "--suites",
                      "expiry|estimator",
                      "throughput",
                      "memory"
                    },
                    QUIET))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsABadSuitesPatternNamingTheOption() {
    assertThatThrownBy(() -> ReportMain.parse(new String[] {"--suites", "(expiry"}, QUIET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--suites");
    assertThatThrownBy(() -> ReportMain.parse(new String[] {"--suites"}, QUIET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--suites needs a value");
  }

  @Test
  void rejectsABadContendersPatternNamingTheOption() {
    assertThatCode(
            () ->
                ReportMain.parse(
                    new String[] {"--contenders", "Larder.*|Caffeine.*", "throughput"}, QUIET))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> ReportMain.parse(new String[] {"--contenders", "[Larder"}, QUIET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--contenders");
  }

  @Test
  void rejectsUnknownArguments() {
    assertThatThrownBy(() -> ReportMain.parse(new String[] {"speed"}, QUIET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown argument speed");
  }
}
