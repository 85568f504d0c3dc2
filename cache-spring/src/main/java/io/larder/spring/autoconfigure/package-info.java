/**
 * Spring Boot 4 auto-configuration of a {@link io.larder.spring.LarderCacheManager} bounded by a
 * shared memory budget, with its metrics, health and memory monitor when Micrometer and Actuator
 * are present.
 */
@NullMarked
package io.larder.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
