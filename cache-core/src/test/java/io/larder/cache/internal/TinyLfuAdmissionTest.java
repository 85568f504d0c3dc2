package io.larder.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** TinyLFU admission over a frequency sketch: a candidate must be more popular than its victim. */
class TinyLfuAdmissionTest {

  @Test
  void candidateNeedsAHigherFrequencyThanTheVictim() {
    FrequencySketch sketch = new FrequencySketch();
    TinyLfuAdmission admission = new TinyLfuAdmission(sketch);
    sketch.ensureCapacity(1_000);
    for (int i = 0; i < 3; i++) {
      sketch.increment("victim");
    }
    sketch.increment("cold");
    for (int i = 0; i < 4; i++) {
      sketch.increment("warm");
    }
    assertThat(admission.admit("warm", "victim")).isTrue();
    for (int i = 0; i < 1_000; i++) {
      assertThat(admission.admit("cold", "victim")).isFalse();
    }
    for (int i = 0; i < 2; i++) {
      sketch.increment("cold");
    }
    assertThat(sketch.frequency("cold")).isEqualTo(sketch.frequency("victim"));
    assertThat(admission.admit("cold", "victim")).as("a tie favours the victim").isFalse();
  }

  @Test
  void warmCandidatesAreSometimesAdmittedAgainstAHotterVictim() {
    FrequencySketch sketch = new FrequencySketch();
    TinyLfuAdmission admission = new TinyLfuAdmission(sketch);
    sketch.ensureCapacity(1_000);
    for (int i = 0; i < 15; i++) {
      sketch.increment("attacked");
    }
    for (int i = 0; i < TinyLfuAdmission.ADMIT_HASHDOS_THRESHOLD; i++) {
      sketch.increment("warm");
    }
    int admitted = 0;
    for (int i = 0; i < 12_800; i++) {
      if (admission.admit("warm", "attacked")) {
        admitted++;
      }
    }
    // About 1 in 128: 100 expected; the bounds are many standard deviations away.
    assertThat(admitted).isBetween(30, 250);
  }
}
