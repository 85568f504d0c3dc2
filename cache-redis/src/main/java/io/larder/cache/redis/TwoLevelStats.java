package io.larder.cache.redis;

/**
 * A snapshot of a two-level cache's counters since it was built.
 *
 * @param l1Hits reads answered by this JVM's L1
 * @param l1Misses reads that L1 could not answer
 * @param l2Hits L1 misses answered by Redis
 * @param l2Misses L1 misses that Redis could not answer either (the loader ran, or no value)
 * @param l2Errors Redis commands that failed (unreachable, timed out, refused)
 * @param loads calls of the loader or mapping function
 * @param invalidationsSent keys (or whole-cache clears) this instance published
 * @param invalidationsReceived invalidations received from other instances
 * @param resyncs times L1 was emptied because the invalidation channel had been interrupted
 * @param l2Calls Redis commands (scripts) run, successful or not
 * @param l2Nanos the total time of those commands, in nanoseconds
 */
public record TwoLevelStats(
    long l1Hits,
    long l1Misses,
    long l2Hits,
    long l2Misses,
    long l2Errors,
    long loads,
    long invalidationsSent,
    long invalidationsReceived,
    long resyncs,
    long l2Calls,
    long l2Nanos) {}
