package io.larder.spring.autoconfigure;

import io.larder.spring.LarderCacheManager;

/**
 * Creates the manager that {@link LarderCacheAutoConfiguration} configures, when it is not a plain
 * {@link LarderCacheManager}: {@link LarderRedisCacheAutoConfiguration} supplies one that creates a
 * two-level manager. A type of its own, with no Redis type in it, so that the manager's
 * configuration never loads cache-redis's classes when they are absent.
 */
@FunctionalInterface
interface LarderCacheManagerFactory {
  LarderCacheManager create();
}
