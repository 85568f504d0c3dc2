/**
 * Cache statistics: the same types as Caffeine's {@code com.github.benmanes.caffeine.cache.stats}.
 */
@NullMarked
package io.larder.cache.stats;

import org.jspecify.annotations.NullMarked;
