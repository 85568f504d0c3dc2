package io.larder.cache.compat;

import static io.larder.cache.compat.Run.assertSameAsCaffeine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.larder.cache.CaffeineSpec;
import io.larder.cache.testing.Library;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link CaffeineSpec} parsing, printing and equality, compared with Caffeine's. */
class CaffeineSpecCompatTest {

  private static final List<String> SPECS = List.of(
      "",
      " ",
      ",",
      "maximumSize=10",
      " maximumSize = 10 , recordStats ",
      "maximumSize=10_000",
      "maximumSize=_10",
      "maximumSize=10_",
      "maximumSize=-1",
      "maximumSize=1.5",
      "maximumSize=",
      "maximumSize",
      "maximumSize=1=2",
      "maximumSize=1,maximumSize=2",
      "maximumSize=1,maximumWeight=2",
      "maximumWeight=2,maximumSize=1",
      "maximumWeight=9223372036854775807",
      "maximumWeight=9223372036854775808",
      "initialCapacity=0",
      "initialCapacity=-5",
      "initialCapacity=2147483648",
      "initialCapacity=x",
      "initialCapacity=1,initialCapacity=2",
      "weakKeys",
      "weakKeys=true",
      "weakKeys,weakKeys",
      "weakValues",
      "softValues",
      "softValues=1",
      "expireAfterWrite=10s",
      "expireAfterWrite=10S",
      "expireAfterWrite=2m",
      "expireAfterWrite=3h",
      "expireAfterWrite=4d",
      "expireAfterWrite=0s",
      "expireAfterWrite=10",
      "expireAfterWrite=10x",
      "expireAfterWrite=-10s",
      "expireAfterWrite=s",
      "expireAfterWrite=",
      "expireAfterWrite=PT10M",
      "expireAfterWrite=pt10m",
      "expireAfterWrite=P2D",
      "expireAfterWrite=PT-10M",
      "expireAfterWrite=P",
      "expireAfterWrite=10s,expireAfterWrite=20s",
      "expireAfterAccess=10m",
      "expireAfterAccess=10m,expireAfterAccess=1s",
      "refreshAfterWrite=1h",
      "refreshAfterWrite=0s",
      "refreshAfterWrite=1h,refreshAfterWrite=1h",
      "recordStats",
      "recordStats=true",
      "recordStats,recordStats",
      "unknown",
      "unknown=1",
      "maximumSize=10,expireAfterWrite=10m,expireAfterAccess=5s,refreshAfterWrite=1m,"
          + "weakKeys,softValues,recordStats,initialCapacity=3");

  @Test
  void parsingMatchesCaffeine() {
    assertSameAsCaffeine(run -> {
      for (String spec : SPECS) {
        run.step("parse '" + spec + "'", () -> (run.impl == Library.LARDER)
            ? CaffeineSpec.parse(spec).toString() + " / " + CaffeineSpec.parse(spec)
                .toParsableString()
            : com.github.benmanes.caffeine.cache.CaffeineSpec.parse(spec).toString() + " / "
                + com.github.benmanes.caffeine.cache.CaffeineSpec.parse(spec).toParsableString());
      }
    });
  }

  /**
   * The builders configured from the specs match Caffeine's; where the builder rejects a value,
   * Larder's message also names the value (a deliberate difference, see {@code
   * BuilderMisuseCompatTest}), so only the exception types are compared.
   */
  @Test
  void buildersFromSpecsMatchCaffeine() {
    List<String> larderMessages = new ArrayList<>();
    assertSameAsCaffeine(run -> {
      for (String spec : SPECS) {
        Throwable t = run.stepTypeOnly("from '" + spec + "'", () -> run.impl.from(spec).describe());
        if (t != null && run.impl == Library.LARDER) {
          larderMessages.add(t.getMessage());
        }
      }
    });
    assertThat(larderMessages).contains(
        "maximum size must not be negative but was -1",
        "initial capacity must not be negative but was -5",
        "key maximumSize value was set to 1.5, must be a long",
        "duration must be positive: 0 NANOSECONDS");
  }

  /**
   * A second value strength is rejected as by Caffeine, but Larder's message names the option
   * already given ({@code weakValues}) where Caffeine names its internal enum ({@code WEAK}).
   */
  @Test
  void conflictingValueStrengthsReportedAsCaffeineDoes() {
    for (String spec : List.of("weakValues,softValues", "softValues,weakValues")) {
      Throwable larder = catchThrowable(() -> CaffeineSpec.parse(spec));
      Throwable caffeine =
          catchThrowable(() -> com.github.benmanes.caffeine.cache.CaffeineSpec.parse(spec));
      assertThat(larder).isInstanceOf(IllegalArgumentException.class);
      assertThat(larder).hasMessage(caffeine.getMessage());
    }
  }

  @Test
  void equalityMatchesCaffeine() {
    List<String> specs = List.of(
        "maximumSize=10", "maximumSize=10 ", "maximumSize=10_0", "maximumSize=100",
        "maximumWeight=10", "recordStats,maximumSize=10", "maximumSize=10,recordStats",
        "expireAfterWrite=60s", "expireAfterWrite=1m", "expireAfterWrite=PT1M",
        "expireAfterAccess=1m", "weakValues", "softValues", "weakKeys", "", ",");
    for (String a : specs) {
      for (String b : specs) {
        CaffeineSpec ours = CaffeineSpec.parse(a);
        CaffeineSpec oursToo = CaffeineSpec.parse(b);
        var theirs = com.github.benmanes.caffeine.cache.CaffeineSpec.parse(a);
        var theirsToo = com.github.benmanes.caffeine.cache.CaffeineSpec.parse(b);
        assertThat(ours.equals(oursToo)).as("'%s' equals '%s'", a, b)
            .isEqualTo(theirs.equals(theirsToo));
        if (ours.equals(oursToo)) {
          assertThat(ours.hashCode()).isEqualTo(oursToo.hashCode());
        }
      }
      CaffeineSpec spec = CaffeineSpec.parse(a);
      assertThat(spec).isEqualTo(spec).isNotEqualTo(null).isNotEqualTo(a);
      assertThat(CaffeineSpec.parse(spec.toParsableString())).isEqualTo(spec);
    }
  }

  @Test
  void nullSpecificationIsRejected() {
    assertSameAsCaffeine(run -> run.step("parse null", () -> (run.impl == Library.LARDER)
        ? CaffeineSpec.parse(null)
        : com.github.benmanes.caffeine.cache.CaffeineSpec.parse(null)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"maximumSize=10", "maximumWeight=10", "recordStats,initialCapacity=4"})
  void fromSpecAndFromStringAgree(String spec) {
    assertThat(io.larder.cache.Caffeine.from(CaffeineSpec.parse(spec)).toString())
        .isEqualTo(io.larder.cache.Caffeine.from(spec).toString());
  }

  @Test
  void aBuilderFromASpecIsLenientAboutAWeigherAsCaffeine() {
    assertSameAsCaffeine(run -> {
      run.step("size then weigher", () -> run.impl.from("maximumSize=10")
          .weigher((k, v) -> 1).describe());
      run.step("weigher without weight, strict", () -> run.bareBuilder()
          .weigher((k, v) -> 1).describe());
      run.step("weight then weigher", () -> run.impl.from("maximumWeight=10")
          .weigher((k, v) -> 1).describe());
    });
  }
}
