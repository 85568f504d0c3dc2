package io.larder.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ThroughputSuiteTest {

  @Test
  void onlyContendersKeepsTheWholeNamesThatMatchInTheirOrder() {
    ThroughputSuite.Run getPut = ThroughputSuite.standardRuns(true).get(0);
    assertThat(getPut.contenders()).contains("Guava", "ConcurrentHashMap");

    ThroughputSuite.Run kept = getPut.onlyContenders(Pattern.compile("Larder|Caffeine"));
    assertThat(kept.contenders()).containsExactly("Larder", "Caffeine");
    assertThat(kept.title()).isEqualTo(getPut.title());

    assertThat(getPut.onlyContenders(Pattern.compile("Larder.*")).contenders())
        .containsExactly("Larder", "Larder_unbounded");
    assertThat(getPut.onlyContenders(Pattern.compile("Ehcache")).contenders()).isEqualTo(List.of());
  }
}
