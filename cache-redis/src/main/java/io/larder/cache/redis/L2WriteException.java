package io.larder.cache.redis;

/**
 * Thrown by a write ({@code put}, {@code invalidate}, {@code invalidateAll}, {@code refresh}) of a
 * {@link TwoLevelCache} when Redis could not be written: it was unreachable, stalled past the
 * command timeout, or refused the command.
 *
 * <p>When this is thrown the key (or, for {@code invalidateAll()}, every key) has been removed from
 * this instance's L1, but the other instances have not been told: the write may or may not have
 * reached Redis (a timed-out command can still be applied later). Retry the write, or accept that
 * the other instances keep their L1 copies until their own L1 expiry or their next reconnect.
 */
public final class L2WriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for the named operation, with Redis's failure as its cause. */
  public L2WriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
