/**
 * Leak checks for an application's own tests: {@link io.larder.test.CacheLeakCheck} (JUnit 5),
 * {@link io.larder.test.SpringCacheLeakCheck}, {@link io.larder.test.CacheAssertions} and {@link
 * io.larder.test.LeakReplay}.
 */
@NullMarked
package io.larder.test;

import org.jspecify.annotations.NullMarked;
