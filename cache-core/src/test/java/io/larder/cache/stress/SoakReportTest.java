package io.larder.cache.stress;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak report records every GC share and fails only a soak run over its budget. */
class SoakReportTest {
  @TempDir Path directory;

  @Test
  void aShortRunRecordsAShareOverItsBudgetWithoutFailing() throws Exception {
    Path file = directory.resolve("soak-report.txt");
    SoakReport report = new SoakReport(/* soak= */ false, file);

    report.record(SoakReportTest.class, "within", 0.10, 0.60);
    report.record(SoakReportTest.class, "over", 0.65, 0.60);

    assertThat(Files.readAllLines(file, UTF_8))
        .containsExactly(
            "mode=short suite=SoakReportTest scenario=within gcShare=0.100 budget=0.60"
                + " verdict=within",
            "mode=short suite=SoakReportTest scenario=over gcShare=0.650 budget=0.60"
                + " verdict=over (checked in the soak run only)");
  }

  @Test
  void aSoakRunFailsOnAShareAtOrOverItsBudgetAfterRecordingIt() throws Exception {
    Path file = directory.resolve("soak-report.txt");
    SoakReport report = new SoakReport(/* soak= */ true, file);

    report.record(SoakReportTest.class, "within", 0.59, 0.60);
    assertThatThrownBy(() -> report.record(SoakReportTest.class, "at", 0.60, 0.60))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("GC share of at in the soak run");

    assertThat(Files.readAllLines(file, UTF_8))
        .containsExactly(
            "mode=long suite=SoakReportTest scenario=within gcShare=0.590 budget=0.60"
                + " verdict=within",
            "mode=long suite=SoakReportTest scenario=at gcShare=0.600 budget=0.60 verdict=OVER");
  }
}
