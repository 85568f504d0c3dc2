package io.larder.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HillClimberTest {

  private static void sample(HillClimber climber, int hits, int misses) {
    for (int i = 0; i < hits; i++) {
      climber.recordHit();
    }
    for (int i = 0; i < misses; i++) {
      climber.recordMiss();
    }
  }

  @Test
  void waitsForACompleteSample() {
    HillClimber climber = new HillClimber();
    climber.reset(1_000);
    sample(climber, 50, 49);
    assertThat(climber.hasCompleteSample(100)).isFalse();
    climber.recordMiss();
    assertThat(climber.hasCompleteSample(100)).isTrue();
  }

  @Test
  void firstStepShrinksTheWindow() {
    HillClimber climber = new HillClimber();
    climber.reset(1_000);
    sample(climber, 50, 50);
    assertThat(climber.nextAdjustment(1_000)).isEqualTo(-62); // 6.25% of 1,000
    assertThat(climber.sampleCount()).isZero();
  }

  @Test
  void keepsDirectionWhileTheHitRateImprovesAndReversesWhenItFalls() {
    HillClimber climber = new HillClimber();
    climber.reset(1_000);
    sample(climber, 500, 500); // 50%: a jump from 0, restarts with a full step
    long first = climber.nextAdjustment(1_000);
    sample(climber, 510, 490); // 51%: better, same direction, decayed step
    long second = climber.nextAdjustment(1_000);
    assertThat(Long.signum(second)).isEqualTo(Long.signum(first));
    assertThat(Math.abs(second)).isLessThanOrEqualTo(Math.abs(first));
    sample(climber, 490, 510); // 49%: worse, reverse
    long third = climber.nextAdjustment(1_000);
    assertThat(Long.signum(third)).isEqualTo(-Long.signum(second));
  }

  @Test
  void stepDecaysWhenTheHitRateIsStable() {
    HillClimber climber = new HillClimber();
    climber.reset(10_000);
    sample(climber, 500, 500);
    climber.nextAdjustment(10_000);
    double previous = Math.abs(climber.stepSize());
    for (int i = 0; i < 20; i++) {
      sample(climber, 500, 500);
      climber.nextAdjustment(10_000);
      double step = Math.abs(climber.stepSize());
      assertThat(step).isLessThan(previous);
      previous = step;
    }
  }

  @Test
  void largeChangeRestartsWithAFullStep() {
    HillClimber climber = new HillClimber();
    climber.reset(10_000);
    for (int i = 0; i < 30; i++) {
      sample(climber, 500, 500);
      climber.nextAdjustment(10_000);
    }
    assertThat(Math.abs(climber.stepSize())).isLessThan(HillClimber.STEP_PERCENT * 10_000);
    sample(climber, 900, 100); // a new workload: +40%
    climber.nextAdjustment(10_000);
    assertThat(Math.abs(climber.stepSize())).isEqualTo(HillClimber.STEP_PERCENT * 10_000);
    assertThat(climber.previousHitRate()).isEqualTo(0.9);
  }
}
