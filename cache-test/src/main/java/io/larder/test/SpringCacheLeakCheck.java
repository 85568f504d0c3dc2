package io.larder.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a Spring test (a {@code @SpringBootTest}, or any test run with Spring's {@code
 * SpringExtension}) if, when it ends, a cache of any {@code CacheManager} of the application
 * context can leak: a Larder cache that is unbounded (no size, weight or memory bound and no
 * expiration), holds more than {@link #maximumBytes} or raised a guard warning; or a cache that is
 * not a Larder cache at all and that nothing bounds (Spring's {@code ConcurrentMapCache}, as {@code
 * spring.cache.type=simple} gives). Caches made at start-up are checked, which the per-test {@link
 * CacheLeakCheck} cannot see. Put it beside {@code @SpringBootTest}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(SpringCacheLeakExtension.class)
public @interface SpringCacheLeakCheck {

  /** Names of caches allowed to be unbounded. */
  String[] allowUnbounded() default {};

  /** The most bytes one Larder cache may hold when the test ends; negative for no limit. */
  long maximumBytes() default -1;

  /** Whether a leak-guard warning raised about a cache of the context fails the test. */
  boolean failOnGuardWarnings() default true;
}
