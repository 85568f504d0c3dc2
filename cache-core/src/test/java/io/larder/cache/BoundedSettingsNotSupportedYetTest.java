package io.larder.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Until time and reference policies land, a cache that needs one is refused with a message naming the
 * first such setting and its value, <b>unlike Caffeine</b>, which builds it.
 */
class BoundedSettingsNotSupportedYetTest {
  private static final Expiry<Object, Object> EXPIRY = Expiry.creating((k, v) -> Duration.ZERO);

  private static final Map<String, Function<Caffeine<Object, Object>, Caffeine<Object, Object>>>
      CASES = new LinkedHashMap<>();

  static {
    // Only the memory bound is still refused; everything else is on the bounded storage
    CASES.put("maximumMemory=1048576 bytes", b -> b.maximumMemory(1 << 20));
  }

  @Test
  void boundedSettingsAreNotSupportedYetUnlikeCaffeine() {
    CASES.forEach((feature, configure) -> {
      assertThatThrownBy(() -> configure.apply(Caffeine.newBuilder()).build())
          .as(feature)
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessage(feature + " is not supported yet");
      assertThatThrownBy(() -> configure.apply(Caffeine.newBuilder()).build(key -> key))
          .as(feature)
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessage(feature + " is not supported yet");
    });
  }

  @Test
  void caffeineBuildsTheSameConfigurations() {
    assertThat(com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10).build())
        .isNotNull();
    assertThat(com.github.benmanes.caffeine.cache.Caffeine.newBuilder().weakKeys().build())
        .isNotNull();
  }

  @Test
  void unboundedSettingsBuild() {
    Cache<Object, Object> cache = Caffeine.newBuilder()
        .initialCapacity(100)
        .recordStats()
        .executor(Runnable::run)
        .removalListener((k, v, c) -> {})
        .ticker(Ticker.systemTicker())
        .scheduler(Scheduler.disabledScheduler())
        .build();
    cache.put("a", "b");
    assertThat(cache.estimatedSize()).isOne();
  }
}
