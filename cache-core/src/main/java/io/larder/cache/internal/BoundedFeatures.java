package io.larder.cache.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * Names the settings that only the bounded storage can honour (size, weight, memory, expiration,
 * refresh, weak or soft references), as {@code setting=value}, for the message of a cache that
 * cannot be built yet.
 */
final class BoundedFeatures {
  private BoundedFeatures() {}

  /** Returns the first configured setting that needs the bounded storage, if any. */
  static Optional<String> first(CacheSettings<?, ?> settings) {
    long unset = CacheSettings.UNSET;
    if (settings.maximumSize() != unset) {
      return Optional.of("maximumSize=" + settings.maximumSize());
    } else if (settings.maximumWeight() != unset) {
      return Optional.of("maximumWeight=" + settings.maximumWeight());
    } else if (settings.maximumMemoryBytes() != unset) {
      return Optional.of("maximumMemory=" + settings.maximumMemoryBytes() + " bytes");
    } else if (settings.expireAfterWriteNanos() != unset) {
      return Optional.of("expireAfterWrite=" + Duration.ofNanos(settings.expireAfterWriteNanos()));
    } else if (settings.expireAfterAccessNanos() != unset) {
      return Optional.of(
          "expireAfterAccess=" + Duration.ofNanos(settings.expireAfterAccessNanos()));
    } else if (settings.expiry() != null) {
      return Optional.of("expireAfter=" + settings.expiry());
    } else if (settings.refreshAfterWriteNanos() != unset) {
      return Optional.of(
          "refreshAfterWrite=" + Duration.ofNanos(settings.refreshAfterWriteNanos()));
    } else if (settings.weakKeys()) {
      return Optional.of("weakKeys=true");
    } else if (settings.valueStrength() == CacheSettings.Strength.WEAK) {
      return Optional.of("weakValues=true");
    } else if (settings.valueStrength() == CacheSettings.Strength.SOFT) {
      return Optional.of("softValues=true");
    }
    return Optional.empty();
  }

  /** Returns the exception for a cache whose settings need the bounded storage. */
  static UnsupportedOperationException notSupportedYet(CacheSettings<?, ?> settings) {
    String feature = first(settings).orElse("a bounded setting");
    return new UnsupportedOperationException(feature + " is not supported yet");
  }
}
