/**
 * A JSR-107 (JCache) caching provider over Larder's {@code cache-core}: {@link
 * io.larder.jcache.LarderCachingProvider} and {@link io.larder.jcache.LarderConfiguration}.
 *
 * <p>Each JCache {@link javax.cache.Cache} is a Larder {@link io.larder.cache.Cache} of values
 * wrapped with their JCache expiration time. A cache configured only with {@link
 * javax.cache.configuration.MutableConfiguration} is unbounded by the specification and is
 * therefore watched by Larder's unbounded-cache guard, exactly as {@code
 * Caffeine.newBuilder().build()} is; {@link io.larder.jcache.LarderConfiguration} and the
 * provider's properties reach Larder's bounds.
 */
@NullMarked
package io.larder.jcache;

import org.jspecify.annotations.NullMarked;
