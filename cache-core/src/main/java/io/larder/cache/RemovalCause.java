package io.larder.cache;

/** The reason why a cached entry was removed. */
public enum RemovalCause {

  /** The entry was manually removed by the user (invalidate, remove, clear, iterator removal). */
  EXPLICIT {
    @Override
    public boolean wasEvicted() {
      return false;
    }
  },

  /** The entry itself was not removed, but its value was replaced by the user. */
  REPLACED {
    @Override
    public boolean wasEvicted() {
      return false;
    }
  },

  /** The entry was removed because its key or value was garbage-collected (weak or soft). */
  COLLECTED {
    @Override
    public boolean wasEvicted() {
      return true;
    }
  },

  /** The entry's expiration timestamp has passed. */
  EXPIRED {
    @Override
    public boolean wasEvicted() {
      return true;
    }
  },

  /** The entry was evicted due to size, weight or memory constraints. */
  SIZE {
    @Override
    public boolean wasEvicted() {
      return true;
    }
  };

  /** Returns {@code true} if there was an automatic removal due to eviction. */
  public abstract boolean wasEvicted();
}
