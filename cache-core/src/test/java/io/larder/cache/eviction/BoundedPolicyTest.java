package io.larder.cache.eviction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.Policy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rest of a bounded cache's {@link Policy}, and weigher misuse, compared with Caffeine. */
class BoundedPolicyTest {

  private static Cache<Integer, Integer> larder(int maximumWeight) {
    return Caffeine.newBuilder()
        .maximumWeight(maximumWeight)
        .<Integer, Integer>weigher((k, v) -> v)
        .executor(Runnable::run)
        .recordStats()
        .build();
  }

  private static com.github.benmanes.caffeine.cache.Cache<Integer, Integer> caffeine(
      int maximumWeight) {
    return com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
        .maximumWeight(maximumWeight)
        .<Integer, Integer>weigher((k, v) -> v)
        .executor(Runnable::run)
        .recordStats()
        .build();
  }

  @Test
  void negativeWeightIsRejectedNamingTheKeyAndWeight() {
    Cache<Integer, Integer> cache = larder(100);
    assertThatThrownBy(() -> cache.put(7, -3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("7")
        .hasMessageContaining("-3");
    assertThatThrownBy(() -> cache.get(8, k -> -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(cache.asMap()).isEmpty();
    assertThatThrownBy(() -> caffeine(100).put(7, -3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void negativeWeightOnUpdateLeavesTheOldValue() {
    Cache<Integer, Integer> cache = larder(100);
    cache.put(1, 5);
    assertThatThrownBy(() -> cache.put(1, -5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.asMap().replace(1, -5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.asMap().compute(1, (k, v) -> -5))
        .isInstanceOf(IllegalArgumentException.class);
    cache.cleanUp();
    assertThat(cache.asMap()).containsExactly(Map.entry(1, 5));
    assertThat(cache.policy().eviction().orElseThrow().weightedSize()).hasValue(5);
  }

  @Test
  void quietReadsChangeNeitherStatisticsNorOrder() {
    Cache<Integer, Integer> cache = larder(100);
    var reference = caffeine(100);
    for (int i = 1; i <= 4; i++) {
      cache.put(i, i);
      reference.put(i, i);
    }
    for (int round = 0; round < 20; round++) {
      assertThat(cache.policy().getIfPresentQuietly(1)).isEqualTo(1);
      assertThat(reference.policy().getIfPresentQuietly(1)).isEqualTo(1);
    }
    assertThat(cache.policy().getIfPresentQuietly(9)).isNull();
    assertThat(cache.stats().requestCount()).isZero();
    assertThat(List.copyOf(cache.policy().eviction().orElseThrow().coldest(4).keySet()))
        .isEqualTo(List.copyOf(reference.policy().eviction().orElseThrow().coldest(4).keySet()));
  }

  @Test
  void entryIfPresentQuietlyDescribesTheEntry() {
    Cache<Integer, Integer> cache = larder(100);
    var reference = caffeine(100);
    cache.put(1, 7);
    reference.put(1, 7);
    Policy.CacheEntry<Integer, Integer> entry = cache.policy().getEntryIfPresentQuietly(1);
    var expected = reference.policy().getEntryIfPresentQuietly(1);
    assertThat(entry).isNotNull();
    assertThat(expected).isNotNull();
    assertThat(entry.getKey()).isEqualTo(expected.getKey());
    assertThat(entry.getValue()).isEqualTo(expected.getValue());
    assertThat(entry.weight()).isEqualTo(expected.weight()).isEqualTo(7);
    assertThat(entry.expiresAt()).isEqualTo(expected.expiresAt());
    assertThat(entry.refreshableAt()).isEqualTo(expected.refreshableAt());
    assertThat(entry.snapshotAt()).isEqualTo(expected.snapshotAt());
    assertThat(entry).isEqualTo(Map.entry(1, 7)).hasSameHashCodeAs(Map.entry(1, 7));
    assertThat(entry.toString()).isEqualTo(expected.toString());
    assertThatThrownBy(() -> entry.setValue(3)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(cache.policy().getEntryIfPresentQuietly(2)).isNull();
  }

  @Test
  void refreshesIsAnEmptyUnmodifiableSnapshotWithoutReloads() {
    Cache<Integer, Integer> cache = larder(100);
    assertThat(cache.policy().refreshes()).isEmpty();
    assertThatThrownBy(() -> cache.policy().refreshes().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void timeBasedPoliciesAreAbsentAsInCaffeine() {
    Policy<Integer, Integer> policy = larder(100).policy();
    assertThat(policy.expireAfterAccess()).isEmpty();
    assertThat(policy.expireAfterWrite()).isEmpty();
    assertThat(policy.expireVariably()).isEmpty();
    assertThat(policy.refreshAfterWrite()).isEmpty();
    assertThat(policy.isRecordingStats()).isTrue();
    var reference = caffeine(100).policy();
    assertThat(reference.expireAfterAccess()).isEmpty();
    assertThat(reference.refreshAfterWrite()).isEmpty();
  }

  @Test
  void invalidArgumentsAreRejectedAsInCaffeine() {
    var eviction = larder(100).policy().eviction().orElseThrow();
    var reference = caffeine(100).policy().eviction().orElseThrow();
    assertThatThrownBy(() -> eviction.setMaximum(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reference.setMaximum(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> eviction.coldest(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reference.coldest(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> eviction.hottestWeighted(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reference.hottestWeighted(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> eviction.coldest(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> eviction.weightOf(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void snapshotsAreUnmodifiable() {
    Cache<Integer, Integer> cache = larder(100);
    cache.put(1, 1);
    var eviction = cache.policy().eviction().orElseThrow();
    assertThatThrownBy(() -> eviction.coldest(5).clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> eviction.hottestWeighted(5).put(2, 2))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void setMaximumCanGrowTheCacheAgain() {
    Cache<Integer, Integer> cache = larder(10);
    var eviction = cache.policy().eviction().orElseThrow();
    eviction.setMaximum(100);
    for (int i = 0; i < 50; i++) {
      cache.put(i, 1);
    }
    cache.cleanUp();
    assertThat(cache.estimatedSize()).isEqualTo(50);
    assertThat(eviction.getMaximum()).isEqualTo(100);
    eviction.setMaximum(0);
    assertThat(cache.estimatedSize()).isZero();
    assertThat(eviction.weightedSize()).hasValue(0);
  }
}
