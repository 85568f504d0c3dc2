/**
 * The read and write buffers of BP-Wrapper, through which a bounded cache records reads and writes
 * for its eviction policy without taking the eviction lock on each one.
 *
 * <p>Not an API, like all of {@code io.larder.cache.internal}: {@code module-info} does not export
 * this package. Its types are public for two readers only: the cache's implementation in the parent
 * package, and the JCStress tests of the jcstress module (package {@code
 * io.larder.jcstress.buffer}), which stress the buffers directly because what they check (an
 * element published whole and exactly once, a full buffer refusing rather than overwriting, a lossy
 * read buffer delivering only what it accepted) cannot be observed through a cache. Those tests run
 * on the class path; on the module path they would need {@code --add-exports
 * io.larder.cache/io.larder.cache.internal.buffer=ALL-UNNAMED}.
 */
@NullMarked
package io.larder.cache.internal.buffer;

import org.jspecify.annotations.NullMarked;
