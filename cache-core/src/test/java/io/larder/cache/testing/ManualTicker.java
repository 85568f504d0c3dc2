package io.larder.cache.testing;

import io.larder.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ticker that moves only when a scenario moves it, so that expiration and refresh are
 * deterministic; both libraries read it (Caffeine's builder through {@code ticker::read}).
 */
public final class ManualTicker implements Ticker {
  private final AtomicLong nanos;

  /** Starts at {@code start} nanoseconds (an odd reading is as a real clock's may be). */
  public ManualTicker(long start) {
    this.nanos = new AtomicLong(start);
  }

  @Override
  public long read() {
    return nanos.get();
  }

  /** Moves the time forward by {@code duration}. */
  public void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  /** Moves the time forward by {@code nanoseconds}. */
  public void advanceNanos(long nanoseconds) {
    nanos.addAndGet(nanoseconds);
  }

  /** Sets the time to {@code nanoseconds}. */
  public void set(long nanoseconds) {
    nanos.set(nanoseconds);
  }
}
