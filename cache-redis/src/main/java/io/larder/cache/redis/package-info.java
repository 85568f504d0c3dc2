/**
 * A two-level cache: a Larder cache in each JVM (L1) in front of Redis (L2), with keys-only
 * invalidation of the other instances' L1 over Redis pub/sub.
 *
 * <p>Start with {@link io.larder.cache.redis.RedisCacheBuilder}.
 */
@NullMarked
package io.larder.cache.redis;

import org.jspecify.annotations.NullMarked;
