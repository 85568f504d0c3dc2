package io.larder.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import org.junit.jupiter.api.Test;

/**
 * An expiry policy's answers turned into deadlines: durations, eternity, zero, the spec's null
 * ("leave it as it is"), a policy that throws, and deadlines past the end of the ticker's range.
 */
class ExpiryDeadlinesTest {
  private static final long NOW = 1_000_000_000L;
  private static final Duration FIVE_SECONDS = new Duration(TimeUnit.SECONDS, 5);

  private static ExpiryDeadlines deadlines(ExpiryPolicy policy) {
    return new ExpiryDeadlines(policy, "test");
  }

  @Test
  void aCreationExpiresItsDurationAfterNow() {
    ExpiryDeadlines created = deadlines(new CreatedExpiryPolicy(FIVE_SECONDS));

    assertThat(created.onCreation(NOW)).isEqualTo(NOW + 5_000_000_000L);
  }

  @Test
  void anEternalPolicyGivesEternalCreationsAndKeepsDeadlinesOnUpdate() {
    ExpiryDeadlines eternal = deadlines(new EternalExpiryPolicy());

    assertThat(eternal.onCreation(NOW)).isEqualTo(Expirable.ETERNAL);
    // EternalExpiryPolicy answers null for an update and an access: nothing changes.
    assertThat(eternal.onUpdate(NOW + 7, NOW)).isEqualTo(NOW + 7);
    assertThat(eternal.onAccess()).isNull();
  }

  @Test
  void anUpdateMovesTheDeadlineOnlyWhenThePolicySaysSo() {
    assertThat(deadlines(new ModifiedExpiryPolicy(FIVE_SECONDS)).onUpdate(NOW + 7, NOW))
        .isEqualTo(NOW + 5_000_000_000L);
    assertThat(deadlines(new CreatedExpiryPolicy(FIVE_SECONDS)).onUpdate(NOW + 7, NOW))
        .isEqualTo(NOW + 7);
  }

  @Test
  void anAccessGivesThePolicysDuration() {
    assertThat(deadlines(new AccessedExpiryPolicy(FIVE_SECONDS)).onAccess())
        .isEqualTo(FIVE_SECONDS);
    assertThat(deadlines(new CreatedExpiryPolicy(FIVE_SECONDS)).onAccess()).isNull();
  }

  @Test
  void aPolicyThatThrowsLeavesEachDeadlineAsIfItHadAnsweredNull() {
    ExpiryPolicy failing =
        new ExpiryPolicy() {
          @Override
          public Duration getExpiryForCreation() {
            throw new IllegalStateException("creation");
          }

          @Override
          public Duration getExpiryForAccess() {
            throw new IllegalStateException("access");
          }

          @Override
          public Duration getExpiryForUpdate() {
            throw new IllegalStateException("update");
          }
        };
    ExpiryDeadlines deadlines = deadlines(failing);

    assertThat(deadlines.onCreation(NOW)).isEqualTo(Expirable.ETERNAL);
    assertThat(deadlines.onUpdate(NOW + 7, NOW)).isEqualTo(NOW + 7);
    assertThat(deadlines.onAccess()).isNull();
  }

  @Test
  void aZeroDurationExpiresNow() {
    long deadline = ExpiryDeadlines.deadline(Duration.ZERO, NOW);

    assertThat(deadline).isEqualTo(NOW);
    assertThat(ExpiryDeadlines.isPast(deadline, NOW)).isTrue();
  }

  @Test
  void aDeadlinePastTheTickersRangeIsTheLatestNonEternalOne() {
    Duration thousandYears = new Duration(TimeUnit.DAYS, 365L * 1000);

    assertThat(ExpiryDeadlines.deadline(thousandYears, Long.MAX_VALUE - 10))
        .isEqualTo(Expirable.ETERNAL - 1);
    assertThat(
            ExpiryDeadlines.deadline(
                new Duration(TimeUnit.MILLISECONDS, 1), Long.MAX_VALUE - 1_000_000))
        .as("a sum that lands on the eternal sentinel")
        .isEqualTo(Expirable.ETERNAL - 1);
  }

  @Test
  void isPastAtAndAfterTheDeadlineButNeverForEternity() {
    assertThat(ExpiryDeadlines.isPast(NOW + 1, NOW)).isFalse();
    assertThat(ExpiryDeadlines.isPast(NOW, NOW)).isTrue();
    assertThat(ExpiryDeadlines.isPast(NOW - 1, NOW)).isTrue();
    assertThat(ExpiryDeadlines.isPast(Expirable.ETERNAL, Long.MAX_VALUE)).isFalse();
    // Ticker values wrap: a deadline just past Long.MAX_VALUE is still ahead of a now before it.
    assertThat(ExpiryDeadlines.isPast(Long.MIN_VALUE + 5, Long.MAX_VALUE - 5)).isFalse();
  }
}
