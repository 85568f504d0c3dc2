package io.larder.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheChurnGuardTest {

  @Test
  void warnsOnceWhenOneSiteHoldsMoreLiveCachesThanTheThreshold() {
    CacheChurnGuard guard = new CacheChurnGuard();
    List<Object> live = new ArrayList<>();
    int warnings = 0;
    for (int i = 0; i < 25; i++) {
      Object cache = new Object();
      live.add(cache);
      warnings += (guard.register(cache, "Site.build(Site.java:1)", "c" + i, 10) != null) ? 1 : 0;
    }
    assertThat(warnings).isEqualTo(1);
    assertThat(guard.liveCaches("Site.build(Site.java:1)")).isEqualTo(25);
    assertThat(guard.liveCaches("Other.build(Other.java:2)")).isZero();
    assertThat(live).hasSize(25);
  }

  @Test
  void countsOnlyLiveCachesAndHoldsNoneStrongly() {
    CacheChurnGuard guard = new CacheChurnGuard();
    String site = "Site.perRequest(Site.java:7)";
    Object kept = new Object();
    guard.register(kept, site, "kept", 1_000);
    for (int i = 0; i < 100; i++) {
      guard.register(new Object(), site, "dropped", 1_000);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (guard.liveCaches(site) > 1 && System.nanoTime() < deadline) {
      System.gc();
      Thread.onSpinWait();
    }
    assertThat(guard.liveCaches(site)).isEqualTo(1);
    assertThat(kept).isNotNull();
  }
}
