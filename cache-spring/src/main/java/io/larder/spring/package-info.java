/**
 * Spring's cache abstraction on Larder: {@link io.larder.spring.LarderCacheManager} and {@link
 * io.larder.spring.LarderCache}.
 */
@NullMarked
package io.larder.spring;

import org.jspecify.annotations.NullMarked;
