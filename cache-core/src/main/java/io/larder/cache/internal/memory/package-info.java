/**
 * Retained-size estimation for memory-bounded caches: the object layout of the running JVM and an
 * estimator of the deep size of keys and values. Internal: not exported by the module.
 */
@NullMarked
package io.larder.cache.internal.memory;

import org.jspecify.annotations.NullMarked;
