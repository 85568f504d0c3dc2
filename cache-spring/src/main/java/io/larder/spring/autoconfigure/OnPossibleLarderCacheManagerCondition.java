package io.larder.spring.autoconfigure;

import io.larder.spring.LarderCacheManager;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when a {@link CacheManager} bean is or may be a {@link LarderCacheManager}: its type is
 * {@code LarderCacheManager} (or a subclass), or it is declared as a supertype of it (an
 * application's {@code @Bean CacheManager cacheManager()} method), whose object is known only once
 * it exists. A manager declared as another type ({@code ConcurrentMapCacheManager}, {@code
 * RedisCacheManager}...) does not match.
 */
class OnPossibleLarderCacheManagerCondition extends SpringBootCondition
    implements ConfigurationCondition {

  @Override
  public ConfigurationPhase getConfigurationPhase() {
    return ConfigurationPhase.REGISTER_BEAN;
  }

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    ConditionMessage.Builder message = ConditionMessage.forCondition("Larder cache manager");
    ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
    if (beanFactory == null) {
      return ConditionOutcome.noMatch(message.because("there is no bean factory"));
    }
    for (String name : beanFactory.getBeanNamesForType(CacheManager.class, true, false)) {
      Class<?> type = beanFactory.getType(name, false);
      if (type == null
          || LarderCacheManager.class.isAssignableFrom(type)
          || type.isAssignableFrom(LarderCacheManager.class)) {
        return ConditionOutcome.match(message.because("bean '" + name + "' may be one"));
      }
    }
    return ConditionOutcome.noMatch(message.because("no CacheManager bean can be one"));
  }
}
