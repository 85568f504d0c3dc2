package io.larder.benchmarks.hitrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BeladyPolicyTest {
  private final BeladyPolicy belady = new BeladyPolicy();

  @Test
  void bypassesKeysThatAreNeverReusedOnAHandCheckedTrace() {
    // Capacity 2. Keys 1 and 2 are admitted and always reused before 3 or 4 would be, and 3 and 4
    // never recur, so the optimum keeps {1, 2}: hits at positions 3, 4, 6 and 7.
    long[] trace = {1, 2, 3, 1, 2, 4, 1, 2};
    assertThat(belady.replay(trace, 2)).isEqualTo(4);
  }

  @Test
  void evictsTheKeyUsedFurthestInTheFutureOnAHandCheckedTrace() {
    // Capacity 2. Positions 0 and 1 miss and fill {1, 2}. At position 2 the next uses are
    // 1 -> 3, 2 -> 6 and 3 -> 4, so 2 leaves: {1, 3}. Positions 3 and 4 hit; 9 never recurs and
    // is bypassed; 2 misses at position 6.
    long[] trace = {1, 2, 3, 1, 3, 9, 2};
    assertThat(belady.replay(trace, 2)).isEqualTo(2);
  }

  @Test
  void hitsEveryRepeatWhenEverythingFits() {
    long[] trace = {5, 6, 7, 5, 6, 7, 5, 6, 7};
    assertThat(belady.replay(trace, 3)).isEqualTo(6);
  }

  @Test
  void scoresNothingWithNoCapacity() {
    assertThat(belady.replay(new long[] {1, 1, 1}, 0)).isZero();
  }

  @Test
  void matchesAnExhaustiveSearchOnSmallRandomTraces() {
    SplittableRandom random = new SplittableRandom(42);
    for (int round = 0; round < 300; round++) {
      int length = 1 + random.nextInt(12);
      int alphabet = 1 + random.nextInt(5);
      int capacity = 1 + random.nextInt(3);
      long[] trace = new long[length];
      for (int i = 0; i < length; i++) {
        trace[i] = random.nextInt(alphabet);
      }
      assertThat(belady.replay(trace, capacity))
          .as("trace %s, capacity %d", java.util.Arrays.toString(trace), capacity)
          .isEqualTo(optimum(trace, capacity, 0, Set.of(), new HashMap<>()));
    }
  }

  @Test
  void neverBeatsTheTraceItsOwnRepeatsAllow() {
    long[] trace = SyntheticWorkloads.zipfian(500, 0.9, 20_000, 7);
    long repeats = trace.length - TraceWorkload.countDistinct(trace);
    assertThat(belady.replay(trace, 50)).isBetween(0L, repeats);
    assertThat(belady.replay(trace, 1_000)).isEqualTo(repeats);
  }

  /** The best hit count from position {@code i} with the cache holding {@code resident}. */
  private static long optimum(
      long[] trace, int capacity, int i, Set<Long> resident, Map<String, Long> memo) {
    if (i == trace.length) {
      return 0;
    }
    String state = i + ":" + new java.util.TreeSet<>(resident);
    Long known = memo.get(state);
    if (known != null) {
      return known;
    }
    long key = trace[i];
    long best;
    if (resident.contains(key)) {
      best = 1 + optimum(trace, capacity, i + 1, resident, memo);
    } else {
      best = optimum(trace, capacity, i + 1, resident, memo); // bypass
      if (resident.size() < capacity) {
        Set<Long> next = new HashSet<>(resident);
        next.add(key);
        best = Math.max(best, optimum(trace, capacity, i + 1, next, memo));
      } else {
        for (Long victim : resident) {
          Set<Long> next = new HashSet<>(resident);
          next.remove(victim);
          next.add(key);
          best = Math.max(best, optimum(trace, capacity, i + 1, next, memo));
        }
      }
    }
    memo.put(state, best);
    return best;
  }
}
