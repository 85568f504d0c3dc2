/**
 * Two-level caches for Spring: a {@link io.larder.spring.redis.TwoLevelCacheManager} whose every
 * cache is a Larder cache in this JVM in front of Redis, shared by the application's instances
 * (module {@code io.larder:cache-redis}, which this package needs on the class path).
 */
@NullMarked
package io.larder.spring.redis;

import org.jspecify.annotations.NullMarked;
