/**
 * JCStress tests of cache-core's read and write buffers, stressed directly through their test
 * hook, the unexported package {@code io.larder.cache.internal.buffer} (see its documentation):
 * each test's {@code @Outcome} annotations state which results are acceptable, interesting and
 * forbidden.
 */
package io.larder.jcstress.buffer;
