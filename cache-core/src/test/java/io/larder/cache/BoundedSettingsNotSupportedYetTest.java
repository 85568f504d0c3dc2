package io.larder.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Until the bounded storage lands, a cache that needs it is refused with a message naming the
 * first such setting and its value, <b>unlike Caffeine</b>, which builds it.
 */
class BoundedSettingsNotSupportedYetTest {
  private static final Expiry<Object, Object> EXPIRY = Expiry.creating((k, v) -> Duration.ZERO);

  private static final Map<String, Function<Caffeine<Object, Object>, Caffeine<Object, Object>>>
      CASES = new LinkedHashMap<>();

  static {
    CASES.put("maximumSize=10", b -> b.maximumSize(10));
    CASES.put("maximumWeight=20", b -> b.maximumWeight(20).weigher((k, v) -> 1));
    CASES.put("expireAfterWrite=PT1M", b -> b.expireAfterWrite(Duration.ofMinutes(1)));
    CASES.put("expireAfterAccess=PT2S", b -> b.expireAfterAccess(Duration.ofSeconds(2)));
    CASES.put("expireAfter=" + EXPIRY, b -> b.expireAfter(EXPIRY));
    CASES.put("weakKeys=true", Caffeine::weakKeys);
    CASES.put("weakValues=true", Caffeine::weakValues);
    CASES.put("softValues=true", Caffeine::softValues);
    CASES.put("maximumSize=5", b -> b.maximumSize(5).expireAfterWrite(Duration.ofMinutes(1)));
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
  void refreshAfterWriteIsNotSupportedYetUnlikeCaffeine() {
    assertThatThrownBy(() -> Caffeine.newBuilder().refreshAfterWrite(Duration.ofHours(1))
        .build(key -> key))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("refreshAfterWrite=PT1H is not supported yet");
    assertThat(com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
        .refreshAfterWrite(Duration.ofHours(1)).build(key -> key)).isNotNull();
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
