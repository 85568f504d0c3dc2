package io.larder.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test whose code built a Larder cache that can leak. Every Larder cache built while the
 * test runs (on any thread) is observed, without being held strongly, and when the test ends the
 * test fails, naming each offending cache (its name or build site) and the rule it broke, if a
 * cache
 *
 * <ul>
 *   <li>is unbounded: no {@code maximumSize}, {@code maximumWeight} or {@code maximumMemory} and no
 *       expiration (unless {@link #allowUnbounded} names it);
 *   <li>raised a leak-guard warning (growth, churn, mutated key, oversize entry), if {@link
 *       #failOnGuardWarnings};
 *   <li>holds more than {@link #maximumBytes} (estimated, as {@code CacheInsight} reports);
 *   <li>was built more than {@link #maximumBuildsPerSite} times at one line of code (a cache per
 *       request or per object).
 * </ul>
 *
 * <p>Put it on a test class (every test method is checked) or on a method (its settings win over
 * the class's). The same checks, with the defaults below, apply to every test when the extension is
 * auto-detected: {@code junit.jupiter.extensions.autodetection.enabled=true} in {@code
 * junit-platform.properties}. Caches are observed JVM-wide, so run checked tests sequentially (the
 * default in JUnit), or caches of a test running beside it are counted too.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(CacheLeakExtension.class)
public @interface CacheLeakCheck {

  /** Names (as given to {@code Caffeine.name}) of caches allowed to be unbounded. */
  String[] allowUnbounded() default {};

  /** The most bytes one cache may hold at the end of the test; negative for no limit. */
  long maximumBytes() default -1;

  /** The most caches one line of code may build during the test. */
  int maximumBuildsPerSite() default 10;

  /** Whether a leak-guard warning raised during the test fails it. */
  boolean failOnGuardWarnings() default true;
}
