package io.larder.spring.autoconfigure;

import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Matches when {@code spring.cache.type} names Larder ({@code larder}); when it is not set and
 * {@code larder.cache.redis.enabled} is true (an explicit choice of Larder's two-level caches, over
 * Spring Boot's own Redis cache manager); when it is not set and the application has no other cache
 * provider that Spring Boot would pick ({@link OtherCacheProviders}: Redis, JCache, Hazelcast...);
 * and for {@code caffeine} when Caffeine itself is not on the class path, so that an application
 * that replaced Caffeine with Larder needs no change. Any other type (including {@code none}) wins.
 * Evaluated when beans are registered, after the auto-configurations that define the other
 * providers' beans.
 */
class LarderCacheCondition extends SpringBootCondition implements ConfigurationCondition {
  static final String CACHE_TYPE = "spring.cache.type";
  static final String REDIS_ENABLED = "larder.cache.redis.enabled";
  private static final String CAFFEINE_CLASS = "com.github.benmanes.caffeine.cache.Caffeine";

  @Override
  public ConfigurationPhase getConfigurationPhase() {
    return ConfigurationPhase.REGISTER_BEAN;
  }

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    ConditionMessage.Builder message = ConditionMessage.forCondition("Larder cache");
    String type = cacheType(context);
    String normalized = type.strip().toLowerCase(Locale.ROOT);
    if (normalized.isEmpty() && redisEnabled(context)) {
      return ConditionOutcome.match(
          message.because(
              REDIS_ENABLED + " is true, which chooses" + " Larder's two-level caches"));
    }
    if (normalized.isEmpty()) {
      Optional<String> other = OtherCacheProviders.find(context);
      return other.isPresent()
          ? ConditionOutcome.noMatch(
              message.because(
                  CACHE_TYPE
                      + " is not set and the "
                      + "application has "
                      + other.get()
                      + ", which Spring Boot picks"))
          : ConditionOutcome.match(message.because(CACHE_TYPE + " is not set"));
    }
    if (normalized.equals("larder")) {
      return ConditionOutcome.match(message.because(CACHE_TYPE + " is larder"));
    }
    if (normalized.equals("caffeine")
        && !ClassUtils.isPresent(CAFFEINE_CLASS, context.getClassLoader())) {
      return ConditionOutcome.match(
          message.because(CACHE_TYPE + " is caffeine and Larder replaces Caffeine"));
    }
    return ConditionOutcome.noMatch(message.because(CACHE_TYPE + " is " + type));
  }

  static boolean redisEnabled(ConditionContext context) {
    return Binder.get(context.getEnvironment()).bind(REDIS_ENABLED, Boolean.class).orElse(false);
  }

  static String cacheType(ConditionContext context) {
    return Binder.get(context.getEnvironment()).bind(CACHE_TYPE, String.class).orElse("");
  }

  /**
   * Matches when Larder backs off only because the application has another provider (so that the
   * decision is logged once, by {@link LarderCacheBackOffNotice}).
   */
  static class BacksOffForAnotherProvider extends SpringBootCondition
      implements ConfigurationCondition {

    @Override
    public ConfigurationPhase getConfigurationPhase() {
      return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      ConditionMessage.Builder message =
          ConditionMessage.forCondition("Larder cache backs off for another provider");
      if (!cacheType(context).isBlank()) {
        return ConditionOutcome.noMatch(message.because(CACHE_TYPE + " is set"));
      }
      if (redisEnabled(context)) {
        return ConditionOutcome.noMatch(message.because(REDIS_ENABLED + " is true"));
      }
      return OtherCacheProviders.find(context)
          .map(other -> ConditionOutcome.match(message.because("the application has " + other)))
          .orElseGet(() -> ConditionOutcome.noMatch(message.because("no other provider")));
    }
  }
}
