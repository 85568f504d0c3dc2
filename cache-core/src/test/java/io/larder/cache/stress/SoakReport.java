package io.larder.cache.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The GC-share budgets of the forked-JVM suites ({@link StressSuiteTest}, {@code
 * MemoryBoundSafetyTest}), which are timing, not behaviour: every run records each scenario's GC
 * share against its budget in {@code target/soak-report.txt}, and only the soak run ({@code
 * -Dlarder.stress.mode=long}) fails on a share over its budget. The short mode that the build runs
 * asserts behaviour alone (outcome, heap after GC, the guard's figures), because the time a JVM
 * spends in GC on a shared machine says how busy the machine was as much as how the cache behaved.
 */
public final class SoakReport {
  /** The file every run appends its GC shares to, relative to the module. */
  public static final Path FILE = Path.of("target", "soak-report.txt");

  private final boolean soak;
  private final Path file;

  /** A report that appends to {@code file} and, if {@code soak}, fails on a share over budget. */
  SoakReport(boolean soak, Path file) {
    this.soak = soak;
    this.file = file;
  }

  /** Returns whether this is the soak run: {@code -Dlarder.stress.mode=long}. */
  public static boolean isSoak() {
    return "long".equals(System.getProperty("larder.stress.mode", "short"));
  }

  /**
   * Records a scenario's GC share (time in GC over the run's wall time) against its budget in
   * {@link #FILE}, and in the soak run fails when the share is not under the budget.
   *
   * @param suite the test class that ran the scenario
   * @param scenario the scenario, with what distinguishes this run of it
   * @param gcShare the measured share, from the scenario's report
   * @param budget the share the scenario must stay under in the soak run
   */
  public static void gcShare(Class<?> suite, String scenario, double gcShare, double budget)
      throws IOException {
    new SoakReport(isSoak(), FILE).record(suite, scenario, gcShare, budget);
  }

  /** Appends the share with its budget and verdict, then fails if this is a soak over budget. */
  void record(Class<?> suite, String scenario, double gcShare, double budget) throws IOException {
    boolean within = gcShare < budget;
    String line =
        String.format(
            Locale.US,
            "mode=%s suite=%s scenario=%s gcShare=%.3f budget=%.2f verdict=%s%n",
            soak ? "long" : "short",
            suite.getSimpleName(),
            scenario,
            gcShare,
            budget,
            within ? "within" : (soak ? "OVER" : "over (checked in the soak run only)"));
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(
        file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    System.out.print(line);
    if (soak) {
      assertThat(gcShare).as("GC share of %s in the soak run", scenario).isLessThan(budget);
    }
  }
}
