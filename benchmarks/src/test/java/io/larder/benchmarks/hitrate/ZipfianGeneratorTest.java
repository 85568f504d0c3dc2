package io.larder.benchmarks.hitrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ZipfianGeneratorTest {

  @Test
  void producesTheSameRanksForTheSameSeed() {
    int[] first = new ZipfianGenerator(1_000, 0.8, 99).nextRanks(10_000);
    int[] second = new ZipfianGenerator(1_000, 0.8, 99).nextRanks(10_000);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void producesDifferentRanksForAnotherSeed() {
    int[] first = new ZipfianGenerator(1_000, 0.8, 99).nextRanks(1_000);
    int[] second = new ZipfianGenerator(1_000, 0.8, 100).nextRanks(1_000);
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void syntheticWorkloadsAreReproducible() {
    assertThat(SyntheticWorkloads.zipfian(5_000, 1.0, 20_000, 3))
        .isEqualTo(SyntheticWorkloads.zipfian(5_000, 1.0, 20_000, 3));
    assertThat(SyntheticWorkloads.scanMixed(1_000, 20_000, 3))
        .isEqualTo(SyntheticWorkloads.scanMixed(1_000, 20_000, 3));
    assertThat(SyntheticWorkloads.hotSetShift(1_000, 20_000, 3))
        .isEqualTo(SyntheticWorkloads.hotSetShift(1_000, 20_000, 3));
  }

  @Test
  void staysInRangeAndFavoursLowRanks() {
    ZipfianGenerator generator = new ZipfianGenerator(100, 1.0, 5);
    int[] counts = new int[100];
    for (int i = 0; i < 100_000; i++) {
      int rank = generator.nextRank();
      assertThat(rank).isBetween(0, 99);
      counts[rank]++;
    }
    // With skew 1 rank 0 is drawn about twice as often as rank 1 and 100 times as often as 99.
    assertThat(counts[0]).isGreaterThan(counts[1]).isGreaterThan(counts[99]);
    assertThat((double) counts[0] / counts[1]).isBetween(1.8, 2.2);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new ZipfianGenerator(0, 1.0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("items");
    assertThatThrownBy(() -> new ZipfianGenerator(10, -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("skew");
  }
}
