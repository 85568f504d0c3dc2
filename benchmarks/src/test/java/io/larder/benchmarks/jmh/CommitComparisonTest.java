package io.larder.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommitComparisonTest {
  private static final String HEADER = "round,side,benchmark,ops_per_s";

  @Test
  void pairsEachRoundsTwoForksWhicheverRanFirst() {
    // Round 2 runs after first, as the script does in even rounds; lines follow the run order.
    List<CommitComparison.Row> rows =
        CommitComparison.read(
            List.of(
                HEADER,
                "1,before,getput.reads100,10",
                "1,after,getput.reads100,11",
                "2,after,getput.reads100,6",
                "2,before,getput.reads100,5"));

    assertThat(rows).hasSize(1);
    CommitComparison.Row row = rows.get(0);
    assertThat(row.benchmark()).isEqualTo("getput.reads100");
    assertThat(row.before().forkScores()).containsExactly(10.0, 5.0);
    assertThat(row.after().forkScores()).containsExactly(11.0, 6.0);
    assertThat(row.ratios()).containsExactly(1.1, 1.2);
  }

  @Test
  void theVerdictIsTheMedianOfTheRoundsRatiosNotTheRatioOfMedians() {
    // The host runs at 1x, 2x and 0.5x speed; after is 10% slower than before in every round.
    // Rounds listed out of order: they are sorted by number, not by line.
    List<CommitComparison.Row> rows =
        CommitComparison.read(
            List.of(
                HEADER,
                "3,before,expiry.variable,5",
                "3,after,expiry.variable,4.5",
                "1,before,expiry.variable,10",
                "1,after,expiry.variable,9",
                "2,after,expiry.variable,18",
                "2,before,expiry.variable,20"));

    CommitComparison.Row row = rows.get(0);
    assertThat(row.ratios()).hasSize(3).allSatisfy(r -> assertThat(r).isCloseTo(0.9, within(1e-9)));
    assertThat(row.medianRatio()).isCloseTo(0.9, within(1e-9));

    // Pairs that disagree: ratios 2, 0.5 and 0.75 give a median of 0.75; the medians' ratio is 1.
    CommitComparison.Row uneven =
        CommitComparison.read(
                List.of(
                    HEADER,
                    "1,before,b,10",
                    "1,after,b,20",
                    "2,before,b,40",
                    "2,after,b,20",
                    "3,before,b,20",
                    "3,after,b,15"))
            .get(0);
    assertThat(uneven.medianRatio()).isCloseTo(0.75, within(1e-9));
    assertThat(uneven.after().median() / uneven.before().median()).isEqualTo(1.0);
  }

  @Test
  void keepsTheBenchmarksInTheOrderTheyFirstRan() {
    List<CommitComparison.Row> rows =
        CommitComparison.read(
            List.of(
                HEADER,
                "1,before,getput.writes100,3",
                "1,after,getput.writes100,3",
                "1,before,expiry.variable,2",
                "1,after,expiry.variable,2",
                "2,after,getput.writes100,3",
                "2,before,getput.writes100,3",
                "2,after,expiry.variable,2",
                "2,before,expiry.variable,2"));

    assertThat(rows)
        .extracting(CommitComparison.Row::benchmark)
        .containsExactly("getput.writes100", "expiry.variable");
  }

  @Test
  void refusesARoundWithOnlyOneSide() {
    assertThatThrownBy(
            () ->
                CommitComparison.read(
                    List.of(HEADER, "1,before,b,10", "1,after,b,11", "2,before,b,10")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("b round 2 lacks its before or after fork");
  }

  @Test
  void refusesASecondForkForTheSameRoundAndSide() {
    assertThatThrownBy(
            () -> CommitComparison.read(List.of(HEADER, "1,before,b,10", "1,before,b,12")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a second fork");
  }

  @Test
  void refusesAnUnknownSide() {
    assertThatThrownBy(() -> CommitComparison.read(List.of(HEADER, "1,middle,b,10")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither before nor after");
  }

  @Test
  void theTableGivesMediansRatioRangeAndEveryRound() {
    List<CommitComparison.Row> rows =
        CommitComparison.read(
            List.of(
                HEADER,
                "1,before,getput.reads100,10000000",
                "1,after,getput.reads100,9000000",
                "2,after,getput.reads100,24000000",
                "2,before,getput.reads100,20000000",
                "3,before,getput.reads100,16000000",
                "3,after,getput.reads100,16000000"));

    String table = CommitComparison.markdown(rows, "7dcb92f", "d7e92cc");

    assertThat(table.lines())
        .containsExactly(
            "| benchmark | rounds | 7dcb92f, median fork | d7e92cc, median fork"
                + " | d7e92cc / 7dcb92f, median of rounds | lowest and highest round"
                + " | every round's ratio |",
            "|---|---:|---:|---:|---:|---|---|",
            "| getput.reads100 | 3 | 16.00 M/s | 16.00 M/s | 1.00 | 0.90 to 1.20 |"
                + " 0.90, 1.20, 1.00 |");
  }
}
