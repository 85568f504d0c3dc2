package io.larder.cache.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.cache.Caffeine;
import io.larder.cache.CaffeineSpec;
import io.larder.cache.MemoryBudget;
import io.larder.cache.Weigher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The builder's and the spec's messages for bad memory settings (Larder additions). */
class MemorySettingsValidationTest {
  private static final Weigher<Object, Object> WEIGHER = (k, v) -> 1;

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void nonPositiveBytesAreRejectedByName(long bytes) {
    assertThatThrownBy(() -> Caffeine.newBuilder().maximumMemory(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumMemory must be a positive number of bytes but was " + bytes);
    assertThatThrownBy(() -> Caffeine.newBuilder().maximumEntryMemory(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumEntryMemory must be a positive number of bytes but was " + bytes);
    assertThatThrownBy(() -> MemoryBudget.ofBytes(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("memory budget must be a positive number of bytes but was " + bytes);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -0.5, 1.0001, 2.0, Double.NaN, Double.POSITIVE_INFINITY})
  void heapFractionsOutsideZeroToOneAreRejectedByName(double fraction) {
    assertThatThrownBy(() -> Caffeine.newBuilder().maximumHeapFraction(fraction))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumHeapFraction must be in (0, 1] but was " + fraction);
    assertThatThrownBy(() -> MemoryBudget.ofHeapFraction(fraction))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("memory budget heap fraction must be in (0, 1] but was " + fraction);
  }

  @Test
  void aWholeHeapIsAValidFraction() {
    assertThat(MemoryBudget.ofHeapFraction(1.0).maximumBytes())
        .isEqualTo(Runtime.getRuntime().maxMemory());
  }

  @Test
  void settingTwiceIsRejected() {
    assertThatThrownBy(() -> Caffeine.newBuilder().maximumMemory(10).maximumMemory(20))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maximumMemory was already set to 10 bytes");
    assertThatThrownBy(() -> Caffeine.newBuilder().maximumMemory(10).maximumHeapFraction(0.5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maximumMemory was already set to 10 bytes");
    assertThatThrownBy(() -> Caffeine.newBuilder().maximumEntryMemory(10).maximumEntryMemory(20))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maximumEntryMemory was already set to 10 bytes");
    MemoryBudget budget = MemoryBudget.ofBytes(1_000);
    assertThatThrownBy(() -> Caffeine.newBuilder().memoryBudget(budget).memoryBudget(budget))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("memoryBudget was already set to " + budget);
  }

  @Test
  void maximumMemoryRejectsCountAndWeightBoundsInEitherOrder() {
    assertThatThrownBy(() -> Caffeine.newBuilder().maximumSize(5).maximumMemory(10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maximumMemory cannot be combined with maximumSize (set to 5)");
    assertThatThrownBy(() -> Caffeine.newBuilder().maximumWeight(7).maximumMemory(10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maximumMemory cannot be combined with maximumWeight (set to 7)");
    assertThatThrownBy(() -> Caffeine.newBuilder().weigher(WEIGHER).maximumMemory(10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maximumMemory cannot be combined with a weigher (set to " + WEIGHER + ")");
    assertThatThrownBy(() -> Caffeine.newBuilder().maximumMemory(10).maximumSize(5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maximumSize (5) cannot be combined with maximumMemory (set to 10 bytes)");
    assertThatThrownBy(() -> Caffeine.newBuilder().maximumMemory(10).maximumWeight(7))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maximumWeight (7) cannot be combined with maximumMemory (set to 10 bytes)");
    assertThatThrownBy(() -> Caffeine.newBuilder().maximumMemory(10).weigher(WEIGHER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "weigher ("
                + WEIGHER
                + ") cannot be combined with maximumMemory "
                + "(set to 10 bytes)");
  }

  @Test
  void memoryBudgetRejectsCountAndWeightBoundsInEitherOrderUnlikeCaffeineHasNoBudget() {
    MemoryBudget budget = MemoryBudget.ofBytes(1_000);
    assertThatThrownBy(() -> Caffeine.newBuilder().maximumSize(5).memoryBudget(budget))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("memoryBudget cannot be combined with maximumSize (set to 5)");
    assertThatThrownBy(() -> Caffeine.newBuilder().maximumWeight(7).memoryBudget(budget))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("memoryBudget cannot be combined with maximumWeight (set to 7)");
    assertThatThrownBy(() -> Caffeine.newBuilder().weigher(WEIGHER).memoryBudget(budget))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("memoryBudget cannot be combined with a weigher (set to " + WEIGHER + ")");
    assertThatThrownBy(() -> Caffeine.newBuilder().memoryBudget(budget).maximumSize(5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maximumSize (5) cannot be combined with memoryBudget (set to " + budget + ")");
    assertThatThrownBy(() -> Caffeine.newBuilder().memoryBudget(budget).weigher(WEIGHER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("weigher (")
        .hasMessageEndingWith(") cannot be combined with memoryBudget (set to " + budget + ")");
  }

  @Test
  void maximumEntryMemoryRejectsCountAndWeightBoundsInEitherOrder() {
    assertThatThrownBy(() -> Caffeine.newBuilder().maximumSize(5).maximumEntryMemory(10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maximumEntryMemory cannot be combined with maximumSize (set to 5)");
    assertThatThrownBy(() -> Caffeine.newBuilder().maximumEntryMemory(10).maximumWeight(7))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "maximumWeight (7) cannot be combined with maximumEntryMemory " + "(set to 10 bytes)");
  }

  @Test
  void memorySettingsCombineWithEachOther() {
    MemoryBudget budget = MemoryBudget.ofBytes(1_000_000);
    assertThat(
            Caffeine.newBuilder()
                .maximumMemory(1_000)
                .maximumEntryMemory(100)
                .memoryBudget(budget)
                .build())
        .isNotNull();
    assertThat(Caffeine.newBuilder().memoryBudget(budget).maximumHeapFraction(0.1).build())
        .isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "0k", "-5m"})
  void specRejectsNonPositiveByteCounts(String value) {
    assertThatThrownBy(() -> CaffeineSpec.parse("maximumMemory=" + value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "key maximumMemory value was set to " + value + ", must be a positive byte count");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "12x", "1.5m", "m", "64 mb"})
  void specRejectsMalformedByteCounts(String value) {
    assertThatThrownBy(() -> CaffeineSpec.parse("maximumMemory=" + value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "key maximumMemory value was set to "
                + value
                + ", must be a byte count such as 65536, 64k, 64m or 1g");
  }

  @Test
  void specRejectsAMissingOrRepeatedOrConflictingMaximumMemory() {
    assertThatThrownBy(() -> CaffeineSpec.parse("maximumMemory"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value of key maximumMemory was omitted");
    assertThatThrownBy(() -> CaffeineSpec.parse("maximumMemory=1k,maximumMemory=2k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximum memory was already set to 1,024 bytes");
    assertThatThrownBy(() -> CaffeineSpec.parse("maximumMemory=1k,maximumSize=10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximum memory was already set to 1,024 bytes");
    assertThatThrownBy(() -> CaffeineSpec.parse("maximumWeight=10,maximumMemory=1k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximum weight was already set to 10");
    assertThat(CaffeineSpec.parse("maximumMemory=1g").toParsableString()).contains("maximumMemory");
  }

  /**
   * An overflow is named as one, with the largest accepted value (the message said "must be a
   * positive byte count" before, which misdescribed a positive number too large for a long).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "8589934592g",
        "9223372036854775807g",
        "9007199254740992m",
        "9223372036854775808",
        "99999999999999999999k"
      })
  void specOverflowingByteCountIsRejectedAsAnOverflow(String value) {
    char suffix = value.charAt(value.length() - 1);
    String largest =
        switch (suffix) {
          case 'g' -> "8589934591g (9223372035781033984 bytes)";
          case 'm' -> "8796093022207m (9223372036853727232 bytes)";
          case 'k' -> "9007199254740991k (9223372036854774784 bytes)";
          default -> "9223372036854775807 (9223372036854775807 bytes)";
        };
    assertThatThrownBy(() -> CaffeineSpec.parse("maximumMemory=" + value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "key maximumMemory value was set to "
                + value
                + ", which overflows a long: the largest byte count is "
                + largest);
  }

  @Test
  void specAcceptsTheLargestByteCount() {
    assertThat(CaffeineSpec.parse("maximumMemory=8589934591g").toParsableString())
        .contains("maximumMemory");
  }
}
