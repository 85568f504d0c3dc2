package io.larder.cache.internal;

import io.larder.cache.CacheObserver.Rule;
import io.larder.cache.LeakGuard;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The leak guards of one cache: its effective {@link LeakGuard}, the count of warnings raised about
 * it (read by {@link LocalInsight#guardWarnings()}), the {@link UnboundedGrowthGuard} that watches
 * it when it has no size, weight or memory bound (no bound at all, or only expiration or refresh),
 * and the {@link MutatedKeyGuard} that handles keys whose hash changed in a bounded table.
 *
 * <p>A storage creates one in its constructor and exposes it through {@link Holder}. With the guard
 * disabled ({@code -Dlarder.guard=off} or {@link LeakGuard#disabled()}) there is no growth guard at
 * all, so a write costs one null check and nothing is ever sampled.
 */
final class CacheGuards {
  private final LeakGuard leakGuard;
  private final String cacheName;
  private final String creationSite;
  private final AtomicLong warnings = new AtomicLong();
  private @Nullable UnboundedGrowthGuard growthGuard;
  private final MutatedKeyGuard mutatedKeys;

  private CacheGuards(LeakGuard leakGuard, String cacheName, String creationSite) {
    this.leakGuard = leakGuard;
    this.cacheName = cacheName;
    this.creationSite = creationSite;
    this.mutatedKeys = new MutatedKeyGuard(this, cacheName);
  }

  /** Implemented by a storage that has guards. */
  interface Holder {
    /** Returns the storage's guards. */
    CacheGuards guards();
  }

  /**
   * Returns the guards of the bounded storage, with a growth guard when the leak guard is on and
   * the cache has no size, weight or memory bound (it is bounded only by expiration or refresh, or
   * by a per-entry memory cap; see {@link ExpiringGrowthTarget} and {@link
   * CacheSettings#hasTotalBound()}). A cache bounded only by weak or soft references is left to the
   * collector. Called at the end of the storage's constructor.
   */
  static <K, V> CacheGuards forBounded(BoundedLocalCache<K, V> storage) {
    CacheSettings<K, V> settings = storage.settings();
    CacheGuards guards =
        new CacheGuards(settings.leakGuard(), settings.name(), settings.creationSite());
    boolean timed =
        settings.expires() || (settings.refreshAfterWriteNanos() != CacheSettings.UNSET);
    // A per-entry memory cap alone is no bound either: it limits each entry, not their number.
    boolean entryCapOnly = settings.tracksMemory() && !settings.hasTotalBound();
    if (settings.leakGuard().isEnabled() && !settings.hasTotalBound() && (timed || entryCapOnly)) {
      guards.growthGuard =
          new UnboundedGrowthGuard(
              new ExpiringGrowthTarget<>(storage, !timed),
              settings.leakGuard(),
              settings.name(),
              settings.creationSite(),
              guards);
    }
    return guards;
  }

  /**
   * Returns the guards of the unbounded storage, with a growth guard when the leak guard is on.
   * Called at the end of the storage's constructor.
   */
  static <K, V> CacheGuards forUnbounded(UnboundedLocalCache<K, V> storage) {
    CacheSettings<K, V> settings = storage.settings();
    CacheGuards guards =
        new CacheGuards(settings.leakGuard(), settings.name(), settings.creationSite());
    if (settings.leakGuard().isEnabled()) {
      guards.growthGuard =
          new UnboundedGrowthGuard(
              new UnboundedGrowthTarget<>(storage),
              settings.leakGuard(),
              settings.name(),
              settings.creationSite(),
              guards);
    }
    return guards;
  }

  /**
   * Registers a newly built cache with the process-wide {@link CacheChurnGuard} when the guard is
   * on, counting the warning in this cache's insight if this registration raised it, and tells the
   * {@link CacheObservers}; returns the cache.
   */
  static <C> C registerBuilt(C cache, LocalCache<?, ?> storage) {
    CacheSettings<?, ?> settings = storage.settings();
    LeakGuard guard = settings.leakGuard();
    CacheObservers.cacheBuilt(cache);
    if (guard.isEnabled()) {
      String warning =
          CacheChurnGuard.INSTANCE.register(
              cache, settings.creationSite(), settings.name(), guard.churnThreshold());
      if (warning != null) {
        if (storage instanceof Holder holder) {
          holder.guards().recordWarning(Rule.CHURN, warning);
        } else {
          CacheObservers.guardWarning(
              settings.name(), settings.creationSite(), Rule.CHURN, warning);
        }
      }
    }
    return cache;
  }

  /** Returns whether the guards are active for this cache. */
  boolean isEnabled() {
    return leakGuard.isEnabled();
  }

  /** Returns the effective thresholds. */
  LeakGuard leakGuard() {
    return leakGuard;
  }

  /**
   * Tells the growth guard, if any, that an entry was added (not replaced); usually a countdown
   * only.
   */
  void afterWrite() {
    UnboundedGrowthGuard guard = growthGuard;
    if (guard != null) {
      guard.afterWrite();
    }
  }

  /** Returns the growth guard, or {@code null} if the cache is bounded or the guard is off. */
  @Nullable UnboundedGrowthGuard growthGuard() {
    return growthGuard;
  }

  /** Returns the handler of keys whose hash changed while in a bounded table. */
  MutatedKeyGuard mutatedKeys() {
    return mutatedKeys;
  }

  /** Counts a warning raised about this cache, and tells the {@link CacheObservers}. */
  void recordWarning(Rule rule, String message) {
    warnings.incrementAndGet();
    CacheObservers.guardWarning(cacheName, creationSite, rule, message);
  }

  /** Returns how many warnings were raised about this cache. */
  long warnings() {
    return warnings.get();
  }
}
