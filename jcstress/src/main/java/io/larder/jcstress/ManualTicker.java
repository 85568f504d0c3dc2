package io.larder.jcstress;

import io.larder.cache.Ticker;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker that the test moves by hand, shared by the actors of one sample. */
final class ManualTicker implements Ticker {
  private final AtomicLong nanos = new AtomicLong();

  @Override
  public long read() {
    return nanos.get();
  }

  /** Moves the time forward by the nanoseconds. */
  void advance(long delta) {
    nanos.addAndGet(delta);
  }
}
