package io.larder.cache.compat;

import static io.larder.cache.compat.Run.assertSameAsCaffeine;

import io.larder.cache.Cache;
import io.larder.cache.LoadingCache;
import io.larder.cache.Policy;
import io.larder.cache.testing.TestLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The {@link Policy} of an unbounded cache, compared with Caffeine's. */
class PolicyCompatTest {

  @Test
  void quietReadsCountNoStatistics() {
    assertSameAsCaffeine(run -> {
      Cache<Integer, String> cache = run.builder().recordStats().build();
      cache.put(1, "a");
      Policy<Integer, String> policy = cache.policy();
      run.step("recording", policy::isRecordingStats);
      run.step("quiet hit", () -> policy.getIfPresentQuietly(1));
      run.step("quiet miss", () -> policy.getIfPresentQuietly(2));
      run.step("quiet null", () -> policy.getIfPresentQuietly(null));
      run.step("entry", () -> policy.getEntryIfPresentQuietly(1));
      run.step("entry miss", () -> policy.getEntryIfPresentQuietly(2));
      run.step("entry null", () -> policy.getEntryIfPresentQuietly(null));
      run.stats("after", cache);
    });
  }

  @Test
  void entrySnapshotsBehaveAsCaffeines() {
    assertSameAsCaffeine(run -> {
      Cache<Integer, String> cache = run.builder().build();
      cache.put(1, "a");
      Policy.CacheEntry<Integer, String> entry = cache.policy().getEntryIfPresentQuietly(1);
      run.step("equals map entry", () -> entry.equals(Map.entry(1, "a")));
      run.step("map entry equals", () -> Map.entry(1, "a").equals(entry));
      run.step("not equal", () -> entry.equals(Map.entry(1, "b")));
      run.step("not an entry", () -> entry.equals("1=a"));
      run.step("hashCode", entry::hashCode);
      run.step("toString", entry::toString);
      run.step("setValue", () -> entry.setValue("b"));
      run.step("snapshot, not a view", () -> {
        cache.put(1, "changed");
        return entry.getValue();
      });
    });
  }

  @Test
  void optionalViewsAreEmpty() {
    assertSameAsCaffeine(run -> {
      Policy<Integer, String> policy = run.builder().<Integer, String>build().policy();
      run.step("eviction", policy::eviction);
      run.step("expireAfterAccess", policy::expireAfterAccess);
      run.step("expireAfterWrite", policy::expireAfterWrite);
      run.step("expireVariably", policy::expireVariably);
      run.step("refreshAfterWrite", policy::refreshAfterWrite);
      run.step("recording", policy::isRecordingStats);
    });
  }

  @Test
  void refreshesIsAnUnmodifiableSnapshot() {
    assertSameAsCaffeine(run -> {
      List<CompletableFuture<String>> reloads = new ArrayList<>();
      LoadingCache<Integer, String> cache = run.builder().build(
          TestLoader.<Integer, String>loading(k -> "v" + k).withAsyncReload((key, old) -> {
            CompletableFuture<String> future = new CompletableFuture<>();
            reloads.add(future);
            return future;
          }));
      cache.put(1, "a");
      run.step("none", () -> cache.policy().refreshes());
      run.step("none unmodifiable", () -> cache.policy().refreshes().put(1, null));
      CompletableFuture<String> future = cache.refresh(1);
      Map<Integer, CompletableFuture<String>> snapshot = cache.policy().refreshes();
      run.step("in flight", snapshot::keySet);
      run.step("same future", () -> snapshot.get(1) == future);
      run.step("unmodifiable", () -> snapshot.remove(1));
      run.step("clear", () -> {
        snapshot.clear();
        return snapshot.size();
      });
      reloads.get(0).complete("b");
      run.step("snapshot kept", snapshot::keySet);
      run.step("now", () -> cache.policy().refreshes());
      run.step("value", () -> cache.getIfPresent(1));
    });
  }
}
