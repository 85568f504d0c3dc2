package io.larder.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrequencySketchTest {

  private static FrequencySketch sketch(long maximum) {
    FrequencySketch sketch = new FrequencySketch();
    sketch.ensureCapacity(maximum);
    return sketch;
  }

  @Test
  void uninitializedSketchEstimatesZeroAndIgnoresIncrements() {
    FrequencySketch sketch = new FrequencySketch();
    sketch.increment("a");
    assertThat(sketch.isNotInitialized()).isTrue();
    assertThat(sketch.frequency("a")).isZero();
  }

  @Test
  void rejectsNegativeCapacity() {
    assertThatThrownBy(() -> new FrequencySketch().ensureCapacity(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void incrementsSaturateAtFifteen() {
    FrequencySketch sketch = sketch(512);
    for (int i = 0; i < 100; i++) {
      sketch.increment(42);
      assertThat(sketch.frequency(42)).isEqualTo(Math.min(i + 1, FrequencySketch.MAX_COUNT));
    }
  }

  @Test
  void estimateIsAtLeastTheTrueCountUpToSaturation() {
    FrequencySketch sketch = sketch(1_000);
    Map<Integer, Integer> counts = new HashMap<>();
    Random random = new Random(7);
    // Fewer increments than the sample size, so that no reset halves the counters.
    for (int i = 0; i < 5_000; i++) {
      int key = random.nextInt(2_000);
      sketch.increment(key);
      counts.merge(key, 1, Integer::sum);
    }
    counts.forEach(
        (key, count) ->
            assertThat(sketch.frequency(key)).isGreaterThanOrEqualTo(Math.min(count, 15)));
  }

  @Test
  void estimateIsMostlyExactForALightlyLoadedSketch() {
    FrequencySketch sketch = sketch(4_096);
    for (int key = 0; key < 500; key++) {
      for (int n = 0; n < key % 10; n++) {
        sketch.increment(key);
      }
    }
    long exact = 0;
    for (int key = 0; key < 500; key++) {
      if (sketch.frequency(key) == key % 10) {
        exact++;
      }
    }
    assertThat(exact).isGreaterThan(490);
  }

  @Test
  void resetHalvesEveryCounter() {
    FrequencySketch sketch = sketch(512);
    for (int key = 0; key < 20; key++) {
      for (int n = 0; n < key % 16; n++) {
        sketch.increment(key);
      }
    }
    int[] before = new int[20];
    for (int key = 0; key < 20; key++) {
      before[key] = sketch.frequency(key);
    }
    sketch.reset();
    for (int key = 0; key < 20; key++) {
      assertThat(sketch.frequency(key)).isEqualTo(before[key] / 2);
    }
  }

  @Test
  void resetsAfterTheSampleSize() {
    FrequencySketch sketch = sketch(64);
    assertThat(sketch.sampleSize()).isEqualTo(640);
    boolean reset = false;
    for (int i = 1; i < 2_000; i++) {
      sketch.increment(i);
      if (sketch.size() != i) {
        reset = true;
        assertThat(sketch.size()).isLessThanOrEqualTo(sketch.sampleSize() / 2);
        break;
      }
    }
    assertThat(reset).isTrue();
  }

  @Test
  void heavyHittersKeepTheirRankAcrossResets() {
    FrequencySketch sketch = sketch(256);
    Random random = new Random(3);
    for (int i = 0; i < 50_000; i++) {
      sketch.increment((random.nextInt(4) == 0) ? -1 : random.nextInt(100_000));
    }
    assertThat(sketch.frequency(-1)).isGreaterThan(sketch.frequency(123_456_789) + 3);
  }

  @Test
  void ensureCapacityDoesNotShrink() {
    FrequencySketch sketch = sketch(1_024);
    sketch.increment("x");
    sketch.ensureCapacity(16);
    assertThat(sketch.frequency("x")).isEqualTo(1);
  }
}
