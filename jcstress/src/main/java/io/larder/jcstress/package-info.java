/**
 * Concurrency stress tests of cache-core, run by JCStress.
 *
 * <p>Each test names the racy path it exercises, and states in its {@code @Outcome} annotations
 * which results are acceptable (a legal interleaving), interesting (legal but rare, worth a look)
 * and forbidden (a bug). A test class with several nested tests runs the same scenario against the
 * cache's storage variants: the unbounded one (a plain concurrent hash map) and the bounded one
 * (W-TinyLFU, read and write buffers, maintenance), which take different code paths.
 *
 * <p>Every cache here uses a same-thread executor ({@code Runnable::run}), so listeners and
 * maintenance have finished when the operation that triggered them returns, and an arbiter sees
 * their effects without waiting.
 */
package io.larder.jcstress;
