package io.larder.spring.autoconfigure;

import java.util.Locale;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Matches when {@code spring.cache.type} is not set or names Larder ({@code larder}), and also for
 * {@code caffeine} when Caffeine itself is not on the class path, so that an application that
 * replaced Caffeine with Larder needs no change; any other type (including {@code none}) wins.
 */
class LarderCacheCondition extends SpringBootCondition {
  static final String CACHE_TYPE = "spring.cache.type";
  private static final String CAFFEINE_CLASS = "com.github.benmanes.caffeine.cache.Caffeine";

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    ConditionMessage.Builder message = ConditionMessage.forCondition("Larder cache");
    String type = Binder.get(context.getEnvironment())
        .bind(CACHE_TYPE, String.class)
        .orElse("");
    String normalized = type.strip().toLowerCase(Locale.ROOT);
    if (normalized.isEmpty()) {
      return ConditionOutcome.match(message.because(CACHE_TYPE + " is not set"));
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
}
