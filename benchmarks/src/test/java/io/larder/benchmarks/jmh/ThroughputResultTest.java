package io.larder.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputResultTest {

  private static ThroughputResult result(String contender, Double... scores) {
    return new ThroughputResult(
        "Get/put, 2 threads",
        "GetPutBenchmark",
        "reads100",
        "",
        contender,
        2,
        List.of(scores),
        null);
  }

  @Test
  void plusAppendsTheLaterRoundsScores() {
    ThroughputResult first = result("Larder", 10.0);
    ThroughputResult both = first.plus(result("Larder", 30.0)).plus(result("Larder", 20.0));

    assertThat(both.forkScores()).containsExactly(10.0, 30.0, 20.0);
    assertThat(both.median()).isEqualTo(20.0);
    assertThat(first.forkScores()).containsExactly(10.0);
  }

  @Test
  void plusRefusesAnotherContender() {
    assertThatThrownBy(() -> result("Larder", 1.0).plus(result("Caffeine", 1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the same benchmark");
  }

  @Test
  void pairedRatioIsTheMedianOfEachRoundsRatio() {
    // The machine runs at 1x, 0.5x and 2x in the three rounds; Larder is 10% ahead in each.
    ThroughputResult larder = result("Larder", 11.0, 5.5, 22.0);
    ThroughputResult caffeine = result("Caffeine", 10.0, 5.0, 20.0);
    assertThat(larder.pairedRatio(caffeine)).isCloseTo(1.1, within(1e-9));

    // Pairs that disagree: round ratios 0.5, 3 and 2/3, whose median is 2/3, while the ratio of
    // the medians (20 / 20) would say 1.
    ThroughputResult uneven = result("Larder", 10.0, 30.0, 20.0);
    ThroughputResult other = result("Caffeine", 20.0, 10.0, 30.0);
    assertThat(uneven.pairedRatio(other)).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(uneven.median() / other.median()).isEqualTo(1.0);
  }

  @Test
  void pairedRatioIsNanWithoutMatchingRounds() {
    assertThat(result("Larder", 1.0, 2.0).pairedRatio(result("Caffeine", 1.0))).isNaN();
    assertThat(result("Larder").pairedRatio(result("Caffeine"))).isNaN();
  }
}
